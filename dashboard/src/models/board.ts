/**
 * The fab manager's day: the site's reservations of today, those waiting for approval, the walk-ins
 * (use nobody reserved) to attach to a member, and the members to pick from. What the board shows
 * of them is computed by `lib/board.ts`, pure.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';
import { addDays } from '../lib/slots.js';
import type { MyReservation } from './reservations.js';

export type UsageSession = Success<
  ReturnType<ServerApi['usage-sessions']['$get']>
>['usageSessions'][number];
export type Member = Success<ReturnType<ServerApi['members']['$get']>>['members'][number];
export type AwaitedCheck = Success<
  ReturnType<ServerApi['sites'][':id']['after-use-checks']['$get']>
>['awaiting'][number];

export interface BoardModel {
  readonly today: ReadonlySignal<readonly MyReservation[]>;
  readonly pending: ReadonlySignal<readonly MyReservation[]>;
  readonly walkIns: ReadonlySignal<readonly UsageSession[]>;
  readonly members: ReadonlySignal<readonly Member[]>;
  /** The site's machines nobody may start until their after-use check is confirmed. */
  readonly awaitingChecks: ReadonlySignal<readonly AwaitedCheck[]>;
  load(site: string | null): Promise<void>;
  approve(id: string): Promise<void>;
  reject(id: string): Promise<void>;
  attach(usageSession: string, member: string): Promise<void>;
}

export function createBoardModel(api: ServerApi, now: () => number = Date.now): BoardModel {
  const today = signal<readonly MyReservation[]>([]);
  const pending = signal<readonly MyReservation[]>([]);
  const walkIns = signal<readonly UsageSession[]>([]);
  const members = signal<readonly Member[]>([]);
  const awaitingChecks = signal<readonly AwaitedCheck[]>([]);
  let site: string | null = null;

  async function load(which: string | null): Promise<void> {
    site = which;
    const midnight = new Date(now());
    midnight.setHours(0, 0, 0, 0);
    const from = new Date(midnight.getTime()).toISOString();
    const to = new Date(addDays(midnight.getTime(), 1)).toISOString();
    const scope = which ? { site: which } : {};
    const [day, waiting, sessions, people, checks] = await Promise.all([
      answer(api.reservations.$get({ query: { ...scope, from, to, limit: '200' } })),
      answer(
        api.reservations.$get({
          query: { ...scope, status: 'pending_approval', from: new Date(now()).toISOString() },
        }),
      ),
      answer(
        api['usage-sessions'].$get({
          query: { from: new Date(addDays(midnight.getTime(), -7)).toISOString(), limit: '200' },
        }),
      ),
      answer(api.members.$get({ query: { limit: '200' } })),
      // Per site: without one chosen (an admin over every site) there is no list to show.
      which
        ? answer(
            api.sites[':id']['after-use-checks'].$get({ param: { id: which }, query: {} }),
          ).then((r) => r.awaiting)
        : Promise.resolve([]),
    ]);
    today.value = day.reservations;
    pending.value = waiting.reservations;
    walkIns.value = sessions.usageSessions.filter(
      (s) => s.member === null && (which === null || s.site === which),
    );
    members.value = people.members;
    awaitingChecks.value = checks;
  }
  const reload = () => load(site);

  return {
    today,
    pending,
    walkIns,
    members,
    awaitingChecks,
    load,
    async approve(id) {
      await answer(api.reservations[':id'].approve.$post({ param: { id } }));
      await reload();
    },
    async reject(id) {
      await answer(api.reservations[':id'].reject.$post({ param: { id } }));
      await reload();
    },
    async attach(usageSession, member) {
      await answer(
        api['usage-sessions'][':id'].member.$put({ param: { id: usageSession }, json: { member } }),
      );
      await reload();
    },
  };
}
