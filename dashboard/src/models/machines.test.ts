import { describe, expect, it } from 'vitest';
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import { machineView } from './machine-view.fixture.js';
import {
  countByKind,
  countByState,
  createMachinesModel,
  isMachineView,
  mainSite,
  mergeMachine,
  mergeSnapshot,
  sortForWall,
  type LiveHandlers,
  type MachinesApi,
} from './machines.js';

/** A fake server: the list to answer with, and the handlers the model registered. */
function fakeApi(list: MachineView[] = []) {
  const state = {
    list,
    handlers: null as LiveHandlers | null,
    closed: 0,
    loads: 0,
    fail: null as Error | null,
  };
  const api: MachinesApi = {
    async listMachines() {
      state.loads += 1;
      if (state.fail) throw state.fail;
      return state.list;
    },
    subscribeLive(handlers) {
      state.handlers = handlers;
      return () => void (state.closed += 1);
    },
  };
  return { api, state };
}

describe('sortForWall', () => {
  it('puts errors first, then machines at work, free, offline and maintenance last', () => {
    const sorted = sortForWall([
      machineView({ id: 'm', state: 'maintenance' }),
      machineView({ id: 'o', state: 'offline' }),
      machineView({ id: 'i', state: 'idle' }),
      machineView({ id: 'r', state: 'running' }),
      machineView({ id: 'e', state: 'error' }),
    ]);
    expect(sorted.map((machine) => machine.id)).toEqual(['e', 'r', 'i', 'o', 'm']);
  });

  it('keeps preparing, running and paused machines together, ordered by name with numbers read as numbers', () => {
    const sorted = sortForWall([
      machineView({ id: 'a', name: 'Prusa 10', state: 'running' }),
      machineView({ id: 'b', name: 'Prusa 2', state: 'paused' }),
      machineView({ id: 'c', name: 'Laser', state: 'preparing' }),
    ]);
    expect(sorted.map((machine) => machine.name)).toEqual(['Laser', 'Prusa 2', 'Prusa 10']);
  });
});

describe('counting', () => {
  it('counts preparing machines as running', () => {
    const counts = countByState([
      machineView({ id: 'a', state: 'preparing' }),
      machineView({ id: 'b', state: 'running' }),
      machineView({ id: 'c', state: 'error' }),
      machineView({ id: 'd', state: 'idle' }),
    ]);
    expect(counts).toEqual({
      error: 1,
      running: 2,
      paused: 0,
      idle: 1,
      offline: 0,
      maintenance: 0,
    });
  });

  it('counts machines by kind, every kind present even at zero', () => {
    const counts = countByKind([
      machineView({ id: 'a', kind: 'laser' }),
      machineView({ id: 'b', kind: 'laser' }),
    ]);
    expect(counts).toEqual({ printer: 0, laser: 2, cnc: 0, other: 0 });
  });

  it('names the site most machines belong to', () => {
    expect(
      mainSite([
        machineView({ id: 'a', site: 'x' }),
        machineView({ id: 'b', site: 'y' }),
        machineView({ id: 'c', site: 'y' }),
      ]),
    ).toBe('y');
    expect(mainSite([])).toBeNull();
  });
});

describe('mergeMachine and mergeSnapshot', () => {
  const older = machineView({ id: 'p1', state: 'idle', updatedAt: '2026-11-22T14:00:00Z' });
  const newer = machineView({ id: 'p1', state: 'running', updatedAt: '2026-11-22T14:05:00Z' });

  it('replaces a machine with a newer view', () => {
    const merged = mergeMachine(new Map([['p1', older]]), newer);
    expect(merged.get('p1')?.state).toBe('running');
  });

  it('ignores a view older than the one held and returns the same map', () => {
    const current = new Map([['p1', newer]]);
    expect(mergeMachine(current, older)).toBe(current);
  });

  it('lets a snapshot drop removed machines but not undo newer live data', () => {
    const current = new Map([
      ['p1', newer],
      ['gone', machineView({ id: 'gone' })],
    ]);
    const merged = mergeSnapshot(current, [older, machineView({ id: 'new' })]);
    expect([...merged.keys()].sort()).toEqual(['new', 'p1']);
    expect(merged.get('p1')?.state).toBe('running');
  });
});

describe('isMachineView', () => {
  it('accepts a view of the contract and rejects unknown states or missing fields', () => {
    expect(isMachineView(machineView({ id: 'a' }))).toBe(true);
    expect(isMachineView({ ...machineView({ id: 'a' }), state: 'exploded' })).toBe(false);
    expect(isMachineView({ id: 'a' })).toBe(false);
    expect(isMachineView(null)).toBe(false);
  });
});

describe('createMachinesModel', () => {
  it('load() fills the machines, sorted for the wall, and names the site', async () => {
    const { api } = fakeApi([
      machineView({ id: 'b', state: 'idle' }),
      machineView({ id: 'a', state: 'error' }),
    ]);
    const model = createMachinesModel(api);
    await model.load();
    expect(model.loadStatus.value).toBe('ready');
    expect(model.sorted.value.map((machine) => machine.id)).toEqual(['a', 'b']);
    expect(model.site.value).toBe('la-fabrique');
  });

  it('load() reports what failed without throwing, and keeps machines already shown', async () => {
    const { api, state } = fakeApi([machineView({ id: 'a' })]);
    const model = createMachinesModel(api);
    await model.load();
    state.fail = new Error('GET /api/machines failed: HTTP 502 Bad Gateway');
    await model.load();
    expect(model.loadStatus.value).toBe('ready');
    expect(model.loadError.value).toBe('GET /api/machines failed: HTTP 502 Bad Gateway');
    expect(model.machines.value.size).toBe(1);
  });

  it('drops malformed machines from the list instead of failing', async () => {
    const { api } = fakeApi([machineView({ id: 'a' }), { id: 'broken' } as unknown as MachineView]);
    const model = createMachinesModel(api);
    await model.load();
    expect([...model.machines.value.keys()]).toEqual(['a']);
  });

  it('applies live machine events and tracks the connection, marking data stale while down', () => {
    const { api, state } = fakeApi();
    let now = 1_000;
    const model = createMachinesModel(api, () => now);
    model.connectLive();
    expect(model.connection.value).toBe('connecting');
    state.handlers?.onOpen();
    expect(model.connection.value).toBe('open');
    expect(model.stale.value).toBe(false);

    now = 2_000;
    state.handlers?.onMachine(machineView({ id: 'laser', kind: 'laser', state: 'running' }));
    expect(model.machines.value.get('laser')?.state).toBe('running');
    expect(model.lastMessageAt.value).toBe(2_000);

    state.handlers?.onDown();
    expect(model.connection.value).toBe('down');
    expect(model.stale.value).toBe(true);
  });

  it('reloads the list when the feed comes back after being down', async () => {
    const { api, state } = fakeApi([machineView({ id: 'a' })]);
    const model = createMachinesModel(api);
    await model.load();
    model.connectLive();
    state.handlers?.onOpen();
    expect(state.loads).toBe(1);
    state.handlers?.onDown();
    state.handlers?.onOpen();
    expect(state.loads).toBe(2);
  });

  it('opens the feed once and closes it with the returned function', () => {
    const { api, state } = fakeApi();
    const model = createMachinesModel(api);
    const close = model.connectLive();
    model.connectLive();
    close();
    expect(state.closed).toBe(1);
    expect(model.connection.value).toBe('idle');
  });

  it('learns the server clock offset from pings', () => {
    const { api, state } = fakeApi();
    const model = createMachinesModel(api, () => Date.parse('2026-11-22T14:00:00Z'));
    model.connectLive();
    state.handlers?.onPing('2026-11-22T14:00:30Z');
    expect(model.serverOffsetMs.value).toBe(30_000);
  });
});
