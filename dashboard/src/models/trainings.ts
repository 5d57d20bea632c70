/**
 * Trainings a manager grants and revokes: the catalogue, the members, and what one member holds
 * (valid, expired or lapsed, as the server judges it).
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';
import type { Member } from './board.js';

export type Training = Success<
  ReturnType<ServerApi['qualifications']['$get']>
>['qualifications'][number];
export type HeldTraining = Success<
  ReturnType<ServerApi['members'][':id']['qualifications']['$get']>
>['qualifications'][number];

export interface TrainingsModel {
  readonly catalogue: ReadonlySignal<readonly Training[]>;
  readonly members: ReadonlySignal<readonly Member[]>;
  readonly held: ReadonlySignal<readonly HeldTraining[]>;
  load(): Promise<void>;
  loadHeld(member: string): Promise<void>;
  grant(member: string, training: string): Promise<void>;
  revoke(member: string, training: string): Promise<void>;
}

export function createTrainingsModel(api: ServerApi): TrainingsModel {
  const catalogue = signal<readonly Training[]>([]);
  const members = signal<readonly Member[]>([]);
  const held = signal<readonly HeldTraining[]>([]);
  async function loadHeld(member: string): Promise<void> {
    const { qualifications } = await answer(
      api.members[':id'].qualifications.$get({ param: { id: member } }),
    );
    held.value = qualifications;
  }
  return {
    catalogue,
    members,
    held,
    async load() {
      const [list, people] = await Promise.all([
        answer(api.qualifications.$get()),
        answer(api.members.$get({ query: { limit: '200' } })),
      ]);
      catalogue.value = list.qualifications;
      members.value = people.members;
    },
    loadHeld,
    async grant(member, training) {
      await answer(
        api.members[':id'].qualifications[':qualification'].$put({
          param: { id: member, qualification: training },
        }),
      );
      await loadHeld(member);
    },
    async revoke(member, training) {
      await answer(
        api.members[':id'].qualifications[':qualification'].$delete({
          param: { id: member, qualification: training },
        }),
      );
      await loadHeld(member);
    },
  };
}
