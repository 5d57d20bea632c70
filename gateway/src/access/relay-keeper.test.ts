import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { grantsFile, RelayKeeper } from './relay-keeper.js';

const keepers: RelayKeeper[] = [];
afterEach(() => {
  for (const k of keepers.splice(0)) k.stop();
});

describe('the relay keeper', () => {
  it('tries the switch-off again when the plug did not answer, until it goes through', async () => {
    const tries: boolean[] = [];
    let failures = 2;
    const lines: string[] = [];
    const keeper = new RelayKeeper({
      relay: async (_m, on) => {
        tries.push(on);
        if (!on && failures-- > 0) throw new Error('plug unreachable');
      },
      working: () => false,
      recheckMs: 10,
      log: (line) => lines.push(line),
    });
    keepers.push(keeper);
    await keeper.unlock('laser', Date.now());
    await vi.waitFor(() => expect(tries).toEqual([true, false, false, false]), { timeout: 2000 });
    expect(lines.at(-1)).toBe('access: laser locked again (its grant ran out)');
  });

  it('still switches the relay off at the grant end when the grants file cannot be written', async () => {
    const tries: boolean[] = [];
    const lines: string[] = [];
    // A dataDir that is not there (a directory, not a permission, so it fails as root too).
    const dir = mkdtempSync(join(tmpdir(), 'keeper-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const keeper = new RelayKeeper({
      relay: async (_m, on) => void tries.push(on),
      working: () => false,
      log: (line) => lines.push(line),
      store: grantsFile(join(dir, 'gone', 'access-grants-gw.json')),
    });
    keepers.push(keeper);
    await keeper.unlock('laser', Date.now() + 20);
    await vi.waitFor(() => expect(tries).toEqual([true, false]), { timeout: 2000 });
    expect(lines.some((l) => l.startsWith('access: grants file not written'))).toBe(true);
  });

  it('ends a grant early only once the machine stops working, never under a running job', async () => {
    const tries: boolean[] = [];
    let working = true;
    let looked = 0;
    const keeper = new RelayKeeper({
      relay: async (_m, on) => void tries.push(on),
      working: () => {
        looked += 1;
        return working;
      },
      recheckMs: 10,
      log: () => undefined,
    });
    keepers.push(keeper);
    await keeper.unlock('laser', Date.now() + 3_600_000);
    keeper.end('laser', Date.now());
    await vi.waitFor(() => expect(looked).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    expect(tries).toEqual([true]);
    working = false;
    await vi.waitFor(() => expect(tries).toEqual([true, false]), { timeout: 2000 });
  });

  it('after a restart re-arms a kept live grant and switches off a relay left on without one, once its machine is seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-grants-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const store = grantsFile(join(dir, 'access-grants.json'));
    const before = new RelayKeeper({
      relay: async () => undefined,
      working: () => false,
      log: () => undefined,
      store,
    });
    keepers.push(before);
    await before.unlock('laser', Date.now() + 3_600_000);
    await before.unlock('cnc', Date.now() + 3_600_000);
    before.end('cnc', Date.now() - 1);
    before.stop(); // the gateway crashed: the cnc's relay stayed on, its grant was over
    const switched: string[] = [];
    let seen = false;
    let looked = 0;
    const after = new RelayKeeper({
      relay: async (m, on) => void switched.push(`${m} ${on ? 'on' : 'off'}`),
      working: () => false,
      known: () => {
        looked += 1;
        return seen;
      },
      recheckMs: 10,
      log: () => undefined,
      store,
    });
    keepers.push(after);
    after.restore(['laser', 'cnc', 'shelly']);
    // Not switched off before the gateway has seen the machines' state.
    await vi.waitFor(() => expect(looked).toBeGreaterThanOrEqual(4), { timeout: 2000 });
    expect(switched).toEqual([]);
    seen = true;
    await vi.waitFor(() => expect(switched.sort()).toEqual(['cnc off', 'shelly off']), {
      timeout: 2000,
    });
    // The laser's grant still runs: its relay is left on, and kept for the next restart.
    expect(Object.keys(store.read())).toEqual(['laser']);
  });
});
