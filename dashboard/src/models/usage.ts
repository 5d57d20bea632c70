/**
 * What was used and what it costs: the priced accounting lines of a period (time and material:
 * `amountCents` is both), for an artisan their own, for a manager the site's; the usage sessions
 * of the site with their grams, for a manager; and the grams of material a session used, declared
 * by its member (only while none is recorded: the server's 409 says who recorded it) or entered
 * by a manager. After a change the lines are read again, so the amount shown is the server's.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

/** The JSON answer's line (the route also answers CSV, for the bookkeeper). */
export type UsageLine = Extract<
  Success<ReturnType<ServerApi['accounting']['lines']['$get']>>,
  { lines: unknown }
>['lines'][number];
export type UsageSession = Success<
  ReturnType<ServerApi['usage-sessions']['$get']>
>['usageSessions'][number];

export interface UsagePeriod {
  readonly from: string;
  readonly to: string;
  /** An artisan's own lines; absent: the site's (a manager). */
  readonly member?: string;
  readonly site?: string;
}

export interface UsageModel {
  /** The lines of the period last loaded that measured use (a job ran). */
  readonly lines: ReadonlySignal<readonly UsageLine[]>;
  /** The site's sessions of the period (a manager's view), newest first. */
  readonly sessions: ReadonlySignal<readonly UsageSession[]>;
  loadLines(period: UsagePeriod): Promise<void>;
  loadSessions(period: UsagePeriod): Promise<void>;
  /** Records `grams` on a session, then reads the period again (lines and sessions shown). */
  setMaterial(session: string, grams: number): Promise<void>;
}

export function createUsageModel(api: ServerApi): UsageModel {
  const lines = signal<readonly UsageLine[]>([]);
  const sessions = signal<readonly UsageSession[]>([]);
  let linesPeriod: UsagePeriod | null = null;
  let sessionsPeriod: UsagePeriod | null = null;
  const query = (p: UsagePeriod) => ({
    from: p.from,
    to: p.to,
    ...(p.member ? { member: p.member } : {}),
    ...(p.site ? { site: p.site } : {}),
  });
  async function loadLines(p: UsagePeriod): Promise<void> {
    linesPeriod = p;
    const got = (await answer(api.accounting.lines.$get({ query: query(p) }))) as {
      lines: UsageLine[];
    };
    lines.value = got.lines.filter((l) => l.usage.length > 0);
  }
  async function loadSessions(p: UsagePeriod): Promise<void> {
    sessionsPeriod = p;
    sessions.value = (
      await answer(
        api['usage-sessions'].$get({
          query: { from: p.from, to: p.to, ...(p.site ? { site: p.site } : {}) },
        }),
      )
    ).usageSessions;
  }
  return {
    lines,
    sessions,
    loadLines,
    loadSessions,
    async setMaterial(session, grams) {
      await answer(
        api['usage-sessions'][':id'].material.$put({ param: { id: session }, json: { grams } }),
      );
      await Promise.all([
        linesPeriod ? loadLines(linesPeriod) : null,
        sessionsPeriod ? loadSessions(sessionsPeriod) : null,
      ]);
    },
  };
}
