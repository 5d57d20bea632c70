/**
 * The machine page's data beyond the live view (which the machines model keeps): its coming
 * reserved slots, its sharing status and planned unavailability (the maintenance notes the API
 * has), and its recent history for the charts. One machine at a time; `open(id)` starts over.
 * @module
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { ApiRequestError } from '../api/client.js';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type MachineHistory = Success<ReturnType<ServerApi['machines'][':id']['history']['$get']>>;
export type MachineSharing = Success<
  ReturnType<ServerApi['machines'][':id']['sharing']['$get']>
>['machine'];
export type BusySlot = Success<
  ReturnType<ServerApi['machines'][':id']['availability']['$get']>
>['busy'][number];

/** The ranges the page offers, as their length in hours. */
export const HISTORY_RANGES = ['1h', '6h', '24h', '7d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
export const RANGE_HOURS: Readonly<Record<HistoryRange, number>> = {
  '1h': 1,
  '6h': 6,
  '24h': 24,
  '7d': 168,
};

/**
 * `needs-influx`: the server has no InfluxDB (503); `login`: the history is for accounts of the
 * machine's site (401/403/404 for anyone else).
 */
export type HistoryStatus = 'idle' | 'loading' | 'ready' | 'needs-influx' | 'login' | 'error';

export interface MachinePageModel {
  readonly machine: ReadonlySignal<string | null>;
  readonly upcoming: ReadonlySignal<readonly BusySlot[]>;
  /** Null: not offered for booking (no sharing settings), or not read yet. */
  readonly sharing: ReadonlySignal<MachineSharing | null>;
  readonly range: ReadonlySignal<HistoryRange>;
  readonly history: ReadonlySignal<MachineHistory | null>;
  readonly historyStatus: ReadonlySignal<HistoryStatus>;
  readonly historyError: ReadonlySignal<string | null>;
  open(id: string): Promise<void>;
  showRange(range: HistoryRange): Promise<void>;
}

/** What a failed history read means for the page. */
export function historyStatusOf(error: unknown): HistoryStatus {
  if (!(error instanceof ApiRequestError)) return 'error';
  if (error.status === 503) return 'needs-influx';
  if (error.status === 401 || error.status === 403 || error.status === 404) return 'login';
  return 'error';
}

export function createMachinePageModel(
  api: ServerApi,
  now: () => number = Date.now,
): MachinePageModel {
  const machine = signal<string | null>(null);
  const upcoming = signal<readonly BusySlot[]>([]);
  const sharing = signal<MachineSharing | null>(null);
  const range = signal<HistoryRange>('1h');
  const history = signal<MachineHistory | null>(null);
  const historyStatus = signal<HistoryStatus>('idle');
  const historyError = signal<string | null>(null);
  // A slow answer for a machine or range left meanwhile must not land on the page.
  let asked = 0;

  async function loadHistory(id: string, r: HistoryRange): Promise<void> {
    const ticket = ++asked;
    historyStatus.value = 'loading';
    const to = now();
    const from = to - RANGE_HOURS[r] * 3_600_000;
    try {
      const body = await answer(
        api.machines[':id'].history.$get({
          param: { id },
          query: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        }),
      );
      if (ticket !== asked) return;
      batch(() => {
        history.value = body;
        historyStatus.value = 'ready';
        historyError.value = null;
      });
    } catch (error) {
      if (ticket !== asked) return;
      batch(() => {
        history.value = null;
        historyStatus.value = historyStatusOf(error);
        historyError.value = error instanceof ApiRequestError ? error.detail : String(error);
      });
    }
  }

  async function loadSlots(id: string): Promise<void> {
    const from = now();
    const [busy, settings] = await Promise.allSettled([
      answer(
        api.machines[':id'].availability.$get({
          param: { id },
          query: {
            from: new Date(from).toISOString(),
            to: new Date(from + 7 * 86_400_000).toISOString(),
          },
        }),
      ),
      answer(api.machines[':id'].sharing.$get({ param: { id } })),
    ]);
    if (machine.value !== id) return;
    batch(() => {
      upcoming.value = busy.status === 'fulfilled' ? busy.value.busy : [];
      sharing.value = settings.status === 'fulfilled' ? settings.value.machine : null;
    });
  }

  return {
    machine,
    upcoming,
    sharing,
    range,
    history,
    historyStatus,
    historyError,
    async open(id) {
      batch(() => {
        machine.value = id;
        upcoming.value = [];
        sharing.value = null;
        history.value = null;
      });
      await Promise.all([loadSlots(id), loadHistory(id, range.value)]);
    },
    async showRange(r) {
      range.value = r;
      if (machine.value) await loadHistory(machine.value, r);
    },
  };
}
