/**
 * The waitlist: wait for a machine (or any machine of a kind) in a window; when time frees up the
 * server offers it for a while, and the member accepts (it becomes a reservation) or declines.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type WaitEntry = Success<ReturnType<ServerApi['waitlist']['$get']>>['entries'][number];

export interface WaitRequest {
  readonly member: string;
  readonly machine: string;
  readonly from: number;
  readonly to: number;
  readonly durationMin: number;
}

export interface WaitlistModel {
  readonly entries: ReadonlySignal<readonly WaitEntry[]>;
  load(member: string): Promise<void>;
  join(request: WaitRequest): Promise<WaitEntry>;
  accept(id: string): Promise<string>;
  /** Declines an offer or stops waiting. */
  withdraw(id: string): Promise<void>;
}

export function createWaitlistModel(api: ServerApi): WaitlistModel {
  const entries = signal<readonly WaitEntry[]>([]);
  let member: string | null = null;
  async function load(who: string): Promise<void> {
    member = who;
    const answered = await answer(api.waitlist.$get({ query: { member: who } }));
    entries.value = answered.entries.filter(
      (e) => e.status === 'waiting' || e.status === 'offered',
    );
  }
  const reload = async () => {
    if (member) await load(member);
  };
  return {
    entries,
    load,
    async join(request) {
      const { entry } = await answer(
        api.waitlist.$post({
          json: {
            member: request.member,
            machine: request.machine,
            from: new Date(request.from).toISOString(),
            to: new Date(request.to).toISOString(),
            durationMin: request.durationMin,
          },
        }),
      );
      await reload();
      return entry;
    },
    async accept(id) {
      const { reservation } = await answer(api.waitlist[':id'].accept.$post({ param: { id } }));
      await reload();
      return reservation;
    },
    async withdraw(id) {
      await answer(api.waitlist[':id'].$delete({ param: { id } }));
      await reload();
    },
  };
}
