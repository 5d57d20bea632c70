/**
 * The machines model: every machine's live view, kept up to date from `GET /api/machines` and the
 * live feed, plus the state of that feed. It lives outside components (created once in `main.tsx`,
 * provided through context) so that the wall, and later other pages, only read signals.
 *
 * The pure parts — merging, sorting for the wall, counting — are exported for tests.
 * @module
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  MACHINE_KINDS,
  MACHINE_STATES,
  type MachineKind,
  type MachineState,
  type MachineView,
} from '@manufacto/firmware-profiles/contract';

/** Callbacks the live feed calls; see `api/live.ts`. */
export interface LiveHandlers {
  onOpen(): void;
  /** The feed is down (network, server restart, silence): the browser or we are reconnecting. */
  onDown(): void;
  onMachine(view: MachineView): void;
  /** Server time carried by the keep-alive, ISO 8601. */
  onPing(now: string): void;
}

/** What the model needs from the server: injected, so tests pass a fake. */
export interface MachinesApi {
  listMachines(): Promise<readonly MachineView[]>;
  /** Opens the live feed; returns a function that closes it. */
  subscribeLive(handlers: LiveHandlers): () => void;
}

/** `idle`: never connected; `connecting`: first attempt under way; `open`; `down`: lost, retrying. */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'down';
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Rank of each state on the wall: problems first, then machines at work (one rank, so a card does
 * not jump when a print goes from heating to printing), free machines, then those out of use.
 */
export const WALL_RANK: Readonly<Record<MachineState, number>> = {
  error: 0,
  preparing: 1,
  running: 1,
  paused: 1,
  idle: 2,
  offline: 3,
  maintenance: 4,
};

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** Wall order: by rank, then by name as a person sorts it ("Prusa 2" before "Prusa 10"), then id. */
export function compareForWall(a: MachineView, b: MachineView): number {
  return (
    WALL_RANK[a.state] - WALL_RANK[b.state] ||
    collator.compare(a.name, b.name) ||
    collator.compare(a.id, b.id)
  );
}

export function sortForWall(machines: Iterable<MachineView>): MachineView[] {
  return [...machines].sort(compareForWall);
}

/** The counters of the wall header; `preparing` counts as running (the machine is taken). */
export const COUNTERS = ['error', 'running', 'paused', 'idle', 'offline', 'maintenance'] as const;
export type Counter = (typeof COUNTERS)[number];

export const COUNTER_OF_STATE: Readonly<Record<MachineState, Counter>> = {
  error: 'error',
  preparing: 'running',
  running: 'running',
  paused: 'paused',
  idle: 'idle',
  offline: 'offline',
  maintenance: 'maintenance',
};

export function countByState(machines: Iterable<MachineView>): Record<Counter, number> {
  const counts = Object.fromEntries(COUNTERS.map((counter) => [counter, 0])) as Record<
    Counter,
    number
  >;
  for (const machine of machines) counts[COUNTER_OF_STATE[machine.state]] += 1;
  return counts;
}

export function countByKind(machines: Iterable<MachineView>): Record<MachineKind, number> {
  const counts = Object.fromEntries(MACHINE_KINDS.map((kind) => [kind, 0])) as Record<
    MachineKind,
    number
  >;
  for (const machine of machines) counts[machine.kind] += 1;
  return counts;
}

/** True when `candidate` is not older than `current` (same instant wins: the server resent it). */
function isNewer(candidate: MachineView, current: MachineView | undefined): boolean {
  if (!current) return true;
  const next = Date.parse(candidate.updatedAt);
  const before = Date.parse(current.updatedAt);
  return !(Number.isFinite(next) && Number.isFinite(before) && next < before);
}

/**
 * One machine's new view merged into the map. A view older than the one held is ignored, so a
 * slow `GET /api/machines` cannot undo what the live feed said meanwhile. Returns the same map
 * when nothing changed (signals then notify no one).
 */
export function mergeMachine(
  current: ReadonlyMap<string, MachineView>,
  view: MachineView,
): ReadonlyMap<string, MachineView> {
  if (!isNewer(view, current.get(view.id))) return current;
  const next = new Map(current);
  next.set(view.id, view);
  return next;
}

/**
 * A full list from the server replaces the set of machines (one removed on the server disappears),
 * keeping, machine by machine, whichever view is newer.
 */
export function mergeSnapshot(
  current: ReadonlyMap<string, MachineView>,
  list: readonly MachineView[],
): ReadonlyMap<string, MachineView> {
  const next = new Map<string, MachineView>();
  for (const view of list) {
    const held = current.get(view.id);
    next.set(view.id, held && !isNewer(view, held) ? held : view);
  }
  return next;
}

/**
 * Checks the shape the wall relies on, so that one malformed event is dropped instead of breaking
 * the page (the contract is TypeScript only; the wire is not).
 */
export function isMachineView(value: unknown): value is MachineView {
  if (typeof value !== 'object' || value === null) return false;
  const view = value as Record<string, unknown>;
  return (
    typeof view['id'] === 'string' &&
    typeof view['name'] === 'string' &&
    typeof view['since'] === 'string' &&
    typeof view['updatedAt'] === 'string' &&
    (MACHINE_STATES as readonly unknown[]).includes(view['state']) &&
    (MACHINE_KINDS as readonly unknown[]).includes(view['kind']) &&
    typeof view['metrics'] === 'object' &&
    view['metrics'] !== null
  );
}

/** The site most machines belong to: the wall's title. */
export function mainSite(machines: Iterable<MachineView>): string | null {
  const counts = new Map<string, number>();
  for (const { site } of machines) counts.set(site, (counts.get(site) ?? 0) + 1);
  let best: string | null = null;
  for (const [site, count] of counts)
    if (best === null || count > (counts.get(best) ?? 0)) best = site;
  return best;
}

export interface MachinesModel {
  /** Every machine, keyed by id. */
  readonly machines: ReadonlySignal<ReadonlyMap<string, MachineView>>;
  /** The machines in wall order. */
  readonly sorted: ReadonlySignal<readonly MachineView[]>;
  readonly site: ReadonlySignal<string | null>;
  readonly connection: ReadonlySignal<ConnectionStatus>;
  /** True while the live feed is down: what is shown may be out of date. */
  readonly stale: ReadonlySignal<boolean>;
  readonly loadStatus: ReadonlySignal<LoadStatus>;
  /** What failed, when `loadStatus` is `error`. */
  readonly loadError: ReadonlySignal<string | null>;
  /** When the last message of the live feed arrived (epoch ms, our clock). */
  readonly lastMessageAt: ReadonlySignal<number | null>;
  /** Server clock minus ours, from the pings: kiosk boxes without a battery clock drift. */
  readonly serverOffsetMs: ReadonlySignal<number>;
  /** Fetches the full list. Never throws: failures land in `loadStatus`/`loadError`. */
  load(): Promise<void>;
  /** Opens the live feed (once); returns a function that closes it. */
  connectLive(): () => void;
  applyMachine(view: MachineView): void;
  applyPing(now: string): void;
}

/**
 * @example
 * const model = createMachinesModel({ listMachines, subscribeLive });
 * await model.load();
 * const close = model.connectLive();
 */
export function createMachinesModel(
  api: MachinesApi,
  clock: () => number = Date.now,
): MachinesModel {
  const machines = signal<ReadonlyMap<string, MachineView>>(new Map());
  const connection = signal<ConnectionStatus>('idle');
  const loadStatus = signal<LoadStatus>('idle');
  const loadError = signal<string | null>(null);
  const lastMessageAt = signal<number | null>(null);
  const serverOffsetMs = signal(0);
  let close: (() => void) | null = null;

  const sorted = computed(() => sortForWall(machines.value.values()));
  const site = computed(() => mainSite(machines.value.values()));
  const stale = computed(() => connection.value === 'down');

  async function load(): Promise<void> {
    // A reload while the wall shows machines keeps them on screen instead of flashing "loading".
    if (loadStatus.value !== 'ready') loadStatus.value = 'loading';
    try {
      const list = await api.listMachines();
      batch(() => {
        machines.value = mergeSnapshot(machines.value, list.filter(isMachineView));
        loadStatus.value = 'ready';
        loadError.value = null;
      });
    } catch (error) {
      batch(() => {
        loadError.value = error instanceof Error ? error.message : String(error);
        if (loadStatus.value !== 'ready') loadStatus.value = 'error';
      });
    }
  }

  function applyMachine(view: MachineView): void {
    machines.value = mergeMachine(machines.value, view);
  }

  function applyPing(now: string): void {
    const server = Date.parse(now);
    if (Number.isFinite(server)) serverOffsetMs.value = server - clock();
  }

  function connectLive(): () => void {
    if (!close) {
      connection.value = 'connecting';
      close = api.subscribeLive({
        onOpen() {
          const wasDown = connection.value === 'down';
          connection.value = 'open';
          lastMessageAt.value = clock();
          // The server resends every machine on connect; the list also tells which were removed.
          if (wasDown || loadStatus.value === 'error') void load();
        },
        onDown() {
          connection.value = 'down';
        },
        onMachine(view) {
          batch(() => {
            lastMessageAt.value = clock();
            applyMachine(view);
          });
        },
        onPing(now) {
          batch(() => {
            lastMessageAt.value = clock();
            applyPing(now);
          });
        },
      });
    }
    return () => {
      close?.();
      close = null;
      connection.value = 'idle';
    };
  }

  return {
    machines,
    sorted,
    site,
    connection,
    stale,
    loadStatus,
    loadError,
    lastMessageAt,
    serverOffsetMs,
    load,
    connectLive,
    applyMachine,
    applyPing,
  };
}
