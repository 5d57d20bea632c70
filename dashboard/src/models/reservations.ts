/**
 * My reservations: the coming ones of the member logged in, with cancel, move and "end my slot
 * now" for the one under way, and the address
 * of their calendar feed (iCal) to subscribe to from a phone.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type MyReservation = Success<
  ReturnType<ServerApi['reservations']['$get']>
>['reservations'][number];

export interface ReservationsModel {
  readonly mine: ReadonlySignal<readonly MyReservation[]>;
  readonly calendarUrl: ReadonlySignal<string | null>;
  load(member: string): Promise<void>;
  cancel(id: string): Promise<void>;
  move(id: string, start: number, end: number): Promise<void>;
  /** Ends a started slot now: the rest is released (and offered to the waitlist). */
  endNow(id: string): Promise<void>;
  /**
   * "Démarrer mon créneau": asks the server to start the machine for me now (the rules may
   * refuse, with their reasons); allowed, the next job on it is mine. Until when it is mine.
   */
  startNow(machine: string): Promise<{ until: string; gateway: 'told' | 'none' | 'asked' }>;
  /** "J'ai fini": ends my running grant at the machine now, so it stops holding it for others. */
  release(machine: string): Promise<void>;
  /** Whether I have a PIN or badge code for the machines' gateway page. */
  accessCode(member: string): Promise<{ set: boolean }>;
  /** Sets my code, or without one asks the server for a fresh one (shown once: returned). */
  setAccessCode(member: string, code?: string): Promise<string | null>;
  loadCalendarUrl(member: string): Promise<void>;
}

export function createReservationsModel(
  api: ServerApi,
  now: () => number = Date.now,
): ReservationsModel {
  const mine = signal<readonly MyReservation[]>([]);
  const calendarUrl = signal<string | null>(null);
  let member: string | null = null;

  async function load(who: string): Promise<void> {
    member = who;
    const { reservations } = await answer(
      api.reservations.$get({
        query: {
          member: who,
          from: new Date(now() - 12 * 3_600_000).toISOString(),
          status: 'confirmed,pending_approval',
        },
      }),
    );
    mine.value = reservations;
  }

  return {
    mine,
    calendarUrl,
    load,
    async cancel(id) {
      await answer(api.reservations[':id'].cancel.$post({ param: { id } }));
      if (member) await load(member);
    },
    async move(id, start, end) {
      await answer(
        api.reservations[':id'].$patch({
          param: { id },
          json: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
        }),
      );
      if (member) await load(member);
    },
    async endNow(id) {
      await answer(api.reservations[':id'].end.$post({ param: { id } }));
      if (member) await load(member);
    },
    async startNow(machine) {
      const granted = await answer(
        api.machines[':id'].access.$post({ param: { id: machine }, json: {} }),
      );
      return { until: granted.until, gateway: granted.gateway };
    },
    async release(machine) {
      await answer(api.machines[':id'].access.release.$post({ param: { id: machine } }));
    },
    async accessCode(who) {
      return answer(api.members[':id']['access-code'].$get({ param: { id: who } }));
    },
    async setAccessCode(who, code) {
      const set = await answer(
        api.members[':id']['access-code'].$put({
          param: { id: who },
          json: code === undefined ? {} : { code },
        }),
      );
      return set.code;
    },
    async loadCalendarUrl(who) {
      const { url } = await answer(
        api.calendar[':kind'][':id'].url.$get({ param: { kind: 'members', id: who } }),
      );
      calendarUrl.value = url;
    },
  };
}
