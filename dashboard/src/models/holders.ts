/**
 * Who holds each machine's current and next slot, as the server lets the viewer know it
 * (`GET /api/machines/holders`: a name for the site's manager, "you" for the holder, "réservé"
 * for everyone else). Read again every half minute while the wall shows it: slots begin and end
 * on the clock, not on a machine's message.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type SlotHolders = Success<
  ReturnType<ServerApi['machines']['holders']['$get']>
>['holders'][number];
export type HeldSlot = NonNullable<SlotHolders['current']>;

export interface HoldersModel {
  /** Per machine id. Empty until the first answer, and kept as it was when a reading fails. */
  readonly byMachine: ReadonlySignal<ReadonlyMap<string, SlotHolders>>;
  load(): Promise<void>;
  /** Reads now and every `everyMs`; returns a function that stops. */
  follow(everyMs?: number): () => void;
}

export function createHoldersModel(api: ServerApi): HoldersModel {
  const byMachine = signal<ReadonlyMap<string, SlotHolders>>(new Map());
  let followers = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function load(): Promise<void> {
    try {
      const { holders } = await answer(api.machines.holders.$get({ query: {} }));
      byMachine.value = new Map(holders.map((h) => [h.machine, h]));
    } catch (error) {
      // The wall keeps what it showed; the next reading tries again.
      console.warn('holders: ', error);
    }
  }

  return {
    byMachine,
    load,
    follow(everyMs = 30_000) {
      followers += 1;
      if (followers === 1) {
        void load();
        timer = setInterval(() => void load(), everyMs);
      }
      return () => {
        followers -= 1;
        if (followers === 0) clearInterval(timer);
      };
    },
  };
}
