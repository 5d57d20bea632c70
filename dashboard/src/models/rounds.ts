/**
 * Booking rounds, for a fab manager: the site's rounds, open one, one round's requests, the two
 * proposals compared (first come first served, then fair — the fair one stays stored), and
 * publishing one of them as reservations.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

type RoundAnswer = Success<ReturnType<ServerApi['rounds'][':id']['$get']>>;
export type Round = RoundAnswer['round'];
export type RoundRequest = RoundAnswer['requests'][number];
export type Method = 'fair' | 'fcfs';
export type Published = Success<ReturnType<ServerApi['rounds'][':id']['publish']['$post']>>;
export type RoundSettings = Parameters<ServerApi['rounds'][':id']['$put']>[0]['json'];

export interface Proposal {
  readonly figures: Readonly<Record<string, number>> | null;
  readonly requests: readonly RoundRequest[];
}

export interface RoundsModel {
  readonly rounds: ReadonlySignal<readonly Round[]>;
  /** The site's time zone: the dates typed in the form are the workshop's. */
  readonly timeZone: ReadonlySignal<string>;
  readonly round: ReadonlySignal<Round | null>;
  readonly requests: ReadonlySignal<readonly RoundRequest[]>;
  readonly proposals: ReadonlySignal<Readonly<Partial<Record<Method, Proposal>>>>;
  load(site: string): Promise<void>;
  open(id: string, settings: RoundSettings): Promise<void>;
  show(id: string): Promise<void>;
  /** Runs both allocators on the shown round; the fair proposal is the one left stored. */
  compare(): Promise<void>;
  publish(method: Method): Promise<Published>;
}

export function createRoundsModel(api: ServerApi): RoundsModel {
  const rounds = signal<readonly Round[]>([]);
  const timeZone = signal('Europe/Paris');
  const round = signal<Round | null>(null);
  const requests = signal<readonly RoundRequest[]>([]);
  const proposals = signal<Partial<Record<Method, Proposal>>>({});
  let site: string | null = null;

  async function list(): Promise<void> {
    if (site) rounds.value = (await answer(api.rounds.$get({ query: { site } }))).rounds;
  }
  async function show(id: string): Promise<void> {
    const answerOf = await answer(api.rounds[':id'].$get({ param: { id } }));
    if (round.value?.id !== id) proposals.value = {};
    round.value = answerOf.round;
    requests.value = answerOf.requests;
  }
  async function propose(id: string, method: Method): Promise<Proposal> {
    const p = await answer(api.rounds[':id'].propose.$post({ param: { id }, query: { method } }));
    round.value = p.round;
    requests.value = p.requests;
    return { figures: p.round.figures, requests: p.requests };
  }
  return {
    rounds,
    timeZone,
    round,
    requests,
    proposals,
    async load(which) {
      site = which;
      round.value = null;
      requests.value = [];
      proposals.value = {};
      const [, here] = await Promise.all([
        list(),
        answer(api.sites[':id'].$get({ param: { id: which } })),
      ]);
      timeZone.value = here.site.timezone;
    },
    async open(id, settings) {
      await answer(api.rounds[':id'].$put({ param: { id }, json: settings }));
      await list();
      await show(id);
    },
    show,
    async compare() {
      const id = round.value?.id;
      if (!id) return;
      const fcfs = await propose(id, 'fcfs');
      const fair = await propose(id, 'fair');
      proposals.value = { fcfs, fair };
      await list();
    },
    async publish(method) {
      const id = round.value?.id;
      if (!id) throw new Error('no round shown');
      // The server publishes the proposal it holds: the fair one unless first come was asked.
      if (round.value?.method !== method) await propose(id, method);
      const done = await answer(api.rounds[':id'].publish.$post({ param: { id } }));
      await show(id);
      await list();
      return done;
    },
  };
}
