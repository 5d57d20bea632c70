/**
 * The retention schedule: erase (pseudonymise) members inactive too long and delete old notices,
 * once at start and every six hours after (RETENTION_INACTIVE_MEMBER_DAYS, RETENTION_NOTICE_DAYS).
 * @module
 */
import type { Logger } from '../log.js';
import type { PersonalData } from '../store/personal-data.js';

/**
 * @example
 * const retention = await startRetention(privacy, { inactiveDays: 1095, noticeDays: 365, log });
 * // …
 * await retention.stop(); // before the store closes
 */
export async function startRetention(
  privacy: Pick<PersonalData, 'applyRetention'>,
  options: { inactiveDays: number; noticeDays: number; log: Logger; everyMs?: number },
): Promise<{ stop(): Promise<void> }> {
  const { log } = options;
  const once = async () => {
    const r = await privacy.applyRetention({
      inactiveDays: options.inactiveDays,
      noticeDays: options.noticeDays,
    });
    if (r.erased.length || r.notices)
      log.info(
        `retention: ${r.erased.length} inactive member(s) erased, ${r.notices} old notice(s) deleted`,
      );
  };
  await once();
  let running: Promise<void> | undefined;
  const timer = setInterval(
    () => {
      running ??= once()
        .catch((e: unknown) => log.error(`retention failed: ${(e as Error).message}`))
        .finally(() => (running = undefined));
    },
    options.everyMs ?? 6 * 3_600_000,
  );
  timer.unref();
  return {
    /** Stops the timer; answers the pass in flight, to await before the store closes. */
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
