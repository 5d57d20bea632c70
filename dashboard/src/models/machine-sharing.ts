/**
 * The site's machines as things to share, for a fab manager: their sharing settings (rate,
 * buffer, training, approval, billing, rule overrides), what an outage would do to the coming
 * reservations (asked before confirming), and the status change itself.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type SiteMachine = Success<
  ReturnType<ServerApi['sites'][':id']['machines']['$get']>
>['machines'][number];
export type Sharing = Success<
  ReturnType<ServerApi['machines'][':id']['sharing']['$get']>
>['machine'];
export type SharingSettings = Parameters<
  ServerApi['machines'][':id']['sharing']['$put']
>[0]['json'];
export type MachineStatus = Sharing['status'];
export type OutageStatus = Exclude<MachineStatus, 'in_service'>;
export type OutagePreview = Success<
  ReturnType<ServerApi['machines'][':id']['outage-preview']['$get']>
>;
export type Training = Success<
  ReturnType<ServerApi['qualifications']['$get']>
>['qualifications'][number];

export interface MachineSharingModel {
  readonly machines: ReadonlySignal<readonly SiteMachine[]>;
  readonly trainings: ReadonlySignal<readonly Training[]>;
  load(site: string): Promise<void>;
  sharing(id: string): Promise<Sharing>;
  save(id: string, settings: SharingSettings): Promise<Sharing>;
  previewOutage(id: string, status: OutageStatus): Promise<OutagePreview>;
  /**
   * Puts the machine in `status` (its other settings unchanged); an outage moves or cancels the
   * reservations its preview listed.
   */
  setStatus(id: string, status: MachineStatus): Promise<Sharing>;
}

/** The PUT body from what GET gave (the same settings, without the id). */
export function settingsOf(sharing: Sharing): SharingSettings {
  const { id: _id, ...settings } = sharing;
  return settings;
}

export function createMachineSharingModel(api: ServerApi): MachineSharingModel {
  const machines = signal<readonly SiteMachine[]>([]);
  const trainings = signal<readonly Training[]>([]);
  let site: string | null = null;
  const sharing = async (id: string) =>
    (await answer(api.machines[':id'].sharing.$get({ param: { id } }))).machine;
  async function reload(): Promise<void> {
    if (site)
      machines.value = (
        await answer(api.sites[':id'].machines.$get({ param: { id: site } }))
      ).machines;
  }
  async function save(id: string, settings: SharingSettings): Promise<Sharing> {
    const { machine } = await answer(
      api.machines[':id'].sharing.$put({ param: { id }, json: settings }),
    );
    await reload();
    return machine;
  }
  return {
    machines,
    trainings,
    async load(which) {
      site = which;
      const [, catalogue] = await Promise.all([reload(), answer(api.qualifications.$get())]);
      trainings.value = catalogue.qualifications;
    },
    sharing,
    save,
    previewOutage: (id, status) =>
      answer(api.machines[':id']['outage-preview'].$get({ param: { id }, query: { status } })),
    async setStatus(id, status) {
      return save(id, { ...settingsOf(await sharing(id)), status });
    },
  };
}
