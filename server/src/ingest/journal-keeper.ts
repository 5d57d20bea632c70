/**
 * Keeps the receipt journal (`journal.ts`) in step with the ingest and the writer: replays what a
 * previous run received but may not have finished, seals a segment every second and drops each
 * sealed segment once every message in it has its receipt and its points are in InfluxDB or the
 * spool and the store; at stop, keeps whatever the ingest may not have received.
 * @module
 */
import type { PointWriter } from '../influx/writer.js';
import type { Logger } from '../log.js';
import type { Ingest } from './ingest.js';
import type { Journal } from './journal.js';

export interface JournalKeeperOptions {
  readonly journal: Journal;
  readonly ingest: Pick<Ingest, 'load' | 'handle' | 'persistNow'>;
  readonly writer: Pick<PointWriter, 'flush' | 'stats'>;
  readonly log: Logger;
  /** How often the journal is sealed and trimmed (default 1 s). */
  readonly everyMs?: number;
  /** A sealed segment still waiting after this long is said once (default a minute). */
  readonly stuckAfterMs?: number;
}

/**
 * @example
 * const keeper = journalKeeper({ journal, ingest, writer, log });
 * await keeper.replay(); // before the broker acknowledges anything new
 * keeper.start();
 * // …
 * keeper.stop(); // after the broker, the ingest and the writer are closed
 */
export function journalKeeper(o: JournalKeeperOptions) {
  const { journal, ingest, writer, log } = o;
  let timer: NodeJS.Timeout | undefined;
  let trimming = false;
  let warnedStuck: string | undefined;

  async function trimOnce(): Promise<void> {
    const ready = journal.done;
    if (ready.length) {
      // A segment goes only once its points are in InfluxDB or the spool: a flush that cannot
      // say so (the spool's disk is full) keeps every segment.
      const saved = await writer.flush().then(
        () => true,
        (error: unknown) => {
          log.throttled(
            'journal-kept',
            'warn',
            `journal: segments kept: ${(error as Error).message}`,
          );
          return false;
        },
      );
      if (saved) {
        await ingest.persistNow();
        for (const s of ready) journal.remove(s.name);
      }
    }
    const stuck = journal.sealed.find(
      (s) => s.outstanding > 0 && Date.now() - s.sealedAt > (o.stuckAfterMs ?? 60_000),
    );
    if (stuck && stuck.name !== warnedStuck) {
      warnedStuck = stuck.name;
      log.warn(
        `journal: ${stuck.outstanding} message(s) acknowledged to gateways over a minute ago have not come through the ingest yet; kept in ${stuck.name}`,
      );
    }
  }

  return {
    /** What a previous run received but may not have finished: through the ingest again, first. */
    async replay(): Promise<void> {
      if (!journal.leftovers.length) return;
      await ingest.load();
      let replayed = 0;
      for (const name of journal.leftovers) {
        for (const record of journal.read(name)) {
          ingest.handle(record.topic, record.payload);
          replayed += 1;
        }
      }
      try {
        await writer.flush();
        await ingest.persistNow();
        for (const name of journal.leftovers) journal.remove(name);
        log.info(`journal: replayed ${replayed} message(s) received before the last stop`);
      } catch (error) {
        // Their points are in neither InfluxDB nor the spool yet: the segments stay for next time.
        log.error(`journal: replayed ${replayed} message(s), kept: ${(error as Error).message}`);
      }
    },
    /** Drops the sealed segments that all came through (what the timer does after each seal). */
    trim: trimOnce,
    /** Seal every `everyMs`; drop a sealed segment once all of it came through. */
    start(): void {
      timer = setInterval(() => {
        if (trimming) return;
        trimming = true;
        journal.seal();
        void trimOnce()
          .catch((error: unknown) => log.error(`journal: ${(error as Error).message}`))
          .finally(() => (trimming = false));
      }, o.everyMs ?? 1000);
      timer.unref();
    },
    /** Stops trimming. */
    pause(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    /**
     * Once the broker, ingest and writer are closed: keep what the ingest may not have received
     * (acknowledged by the broker just before it closed), for the next start to replay.
     */
    close(): void {
      this.pause();
      journal.seal();
      if (writer.stats().unsaved === 0) for (const s of journal.done) journal.remove(s.name);
    },
  };
}
export type JournalKeeper = ReturnType<typeof journalKeeper>;
