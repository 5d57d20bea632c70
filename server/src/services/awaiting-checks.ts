/**
 * Keeps the after-use check each machine awaits on its live view, for the public wall. What a
 * machine awaits changes only when a grant is given or ended there, when its check is confirmed,
 * when its rules are saved, and when the use running now reaches its end: the access service
 * tells the first three, and a timer per machine waits for the last (a grant runs out with no
 * call to announce it). At start, every machine once (the views saved before may be out of date).
 *
 * @example
 * ```ts
 * const checks = watchAwaitingChecks({ access, machines: () => machines.list(), views: ingest });
 * await checks.start();
 * // …
 * await checks.stop();
 * ```
 * @module
 */
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import type { AccessService } from './access-service.js';
import { NotFoundError } from './booking/request.js';

/** setTimeout's longest wait: a longer one fires at once. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface AwaitingChecksOptions {
  readonly access: Pick<AccessService, 'checkState' | 'onCheckChanged'>;
  /** Every declared machine, read at start. */
  readonly machines: () => Promise<ReadonlyArray<{ readonly id: string }>>;
  /** Where the state goes: the ingest's live views. */
  readonly views: {
    setAwaitingCheck(machine: string, awaiting: MachineView['awaitingCheck']): void;
  };
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
  /** Timers for the end of the use running now (setTimeout); tests fire them themselves. */
  readonly timers?: Timers;
}

export function watchAwaitingChecks(options: AwaitingChecksOptions) {
  const { access, views, clock = Date.now, log = () => undefined, timers = realTimers } = options;
  const waits = new Map<string, unknown>();
  /** One refresh at a time per machine, so an older answer never lands after a newer one. */
  const runs = new Map<string, Promise<void>>();
  let stopped = false;

  async function refresh(machine: string): Promise<void> {
    if (stopped) return;
    let state: Awaited<ReturnType<typeof access.checkState>>;
    try {
      state = await access.checkState(machine);
    } catch (error) {
      // A machine removed meanwhile awaits nothing; anything else waits for the next change.
      if (!(error instanceof NotFoundError)) throw error;
      state = { awaiting: null, dueAt: null };
    }
    if (stopped) return;
    const { awaiting, dueAt } = state;
    views.setAwaitingCheck(
      machine,
      awaiting && { what: awaiting.what, since: new Date(awaiting.since).toISOString() },
    );
    const wait = waits.get(machine);
    if (wait !== undefined) timers.clear(wait);
    waits.delete(machine);
    if (dueAt === null) return;
    const ms = Math.min(LONGEST_WAIT_MS, Math.max(0, dueAt - clock()));
    waits.set(
      machine,
      timers.set(() => {
        waits.delete(machine);
        void queue(machine);
      }, ms),
    );
  }

  function queue(machine: string): Promise<void> {
    const run = (runs.get(machine) ?? Promise.resolve())
      .then(() => refresh(machine))
      .catch((error: unknown) =>
        log(`after-use checks: machine ${machine}: ${(error as Error).message}`),
      );
    runs.set(machine, run);
    void run.finally(() => {
      if (runs.get(machine) === run) runs.delete(machine);
    });
    return run;
  }

  const stopListening = access.onCheckChanged((machine) => void queue(machine));

  return {
    /** Every machine's state once; resolves when they are all on their views. */
    async start(): Promise<void> {
      await Promise.all((await options.machines()).map(({ id }) => queue(id)));
    },
    /** The machine's state again now (resolves once it is on its view). */
    refresh: queue,
    /** Stops listening and waiting; lets a refresh under way finish. */
    async stop(): Promise<void> {
      stopped = true;
      stopListening();
      for (const wait of waits.values()) timers.clear(wait);
      waits.clear();
      await Promise.all(runs.values());
    },
  };
}
export type AwaitingChecks = ReturnType<typeof watchAwaitingChecks>;
