/**
 * Members and organisations, for a fab manager: the site's members (searched in the page), plans
 * and organisations to pick from; save a member, invite them (a one-time link to hand over),
 * credit prepaid hours, and the facts funders ask about (a member's status and territory, an
 * organisation's legal form, sector and territory). A member reads and fills their own facts
 * through the same calls ("mon profil").
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';
import type { Member } from './board.js';

export type { Member };
export type Organisation = Success<
  ReturnType<ServerApi['organisations']['$get']>
>['organisations'][number];
export type Plan = Success<ReturnType<ServerApi['plans']['$get']>>['plans'][number];
export type MachineGroup = Success<
  ReturnType<ServerApi['machine-groups']['$get']>
>['groups'][number];
export type MemberFacts = Success<
  ReturnType<ServerApi['members'][':id']['facts']['$get']>
>['facts'];
export type OrganisationFacts = Success<
  ReturnType<ServerApi['organisations'][':id']['facts']['$get']>
>['facts'];
export type Territory = NonNullable<MemberFacts['territory']>;
export type Balance = Success<ReturnType<ServerApi['credits']['balance']['$get']>>;
/** What a manager sets on a member (the PUT body without its defaults). */
export type MemberSettings = Parameters<ServerApi['members'][':id']['$put']>[0]['json'];
export type OrganisationSettings = Parameters<ServerApi['organisations'][':id']['$put']>[0]['json'];

export interface MembersModel {
  readonly members: ReadonlySignal<readonly Member[]>;
  readonly organisations: ReadonlySignal<readonly Organisation[]>;
  readonly plans: ReadonlySignal<readonly Plan[]>;
  /** The site's machine groups, which a plan's quota may be limited to. */
  readonly groups: ReadonlySignal<readonly MachineGroup[]>;
  /** Replaces a plan (its quotas); the plans are read again. */
  savePlan(plan: Plan): Promise<void>;
  loadGroups(site: string): Promise<void>;
  /** The site's members, its plans and every organisation. */
  load(site: string | null): Promise<void>;
  /** One member: a manager's, or the artisan's own record. */
  get(id: string): Promise<Member>;
  save(id: string, settings: MemberSettings): Promise<Member>;
  saveOrganisation(id: string, settings: OrganisationSettings): Promise<void>;
  /** An artisan account for the member; the link to hand over (shown once). */
  invite(member: Member, sites: readonly string[]): Promise<{ link: string; expiresAt: string }>;
  credit(member: string, hours: number, note: string): Promise<void>;
  balance(member: string): Promise<Balance>;
  memberFacts(member: string): Promise<MemberFacts>;
  saveMemberFacts(member: string, facts: MemberFacts): Promise<void>;
  organisationFacts(organisation: string): Promise<OrganisationFacts>;
  saveOrganisationFacts(organisation: string, facts: OrganisationFacts): Promise<void>;
}

export function createMembersModel(api: ServerApi): MembersModel {
  const members = signal<readonly Member[]>([]);
  const organisations = signal<readonly Organisation[]>([]);
  const plans = signal<readonly Plan[]>([]);
  const groups = signal<readonly MachineGroup[]>([]);
  let site: string | null = null;

  async function load(which: string | null): Promise<void> {
    site = which;
    const [people, orgs, offers] = await Promise.all([
      answer(api.members.$get({ query: { limit: '200', ...(which ? { site: which } : {}) } })),
      answer(api.organisations.$get()),
      answer(api.plans.$get()),
    ]);
    members.value = people.members;
    organisations.value = orgs.organisations;
    plans.value = offers.plans;
  }

  return {
    members,
    organisations,
    plans,
    groups,
    load,
    async savePlan({ id, ...settings }) {
      await answer(api.plans[':id'].$put({ param: { id }, json: settings }));
      plans.value = (await answer(api.plans.$get())).plans;
    },
    async loadGroups(which) {
      groups.value = (await answer(api['machine-groups'].$get({ query: { site: which } }))).groups;
    },
    async get(id) {
      return (await answer(api.members[':id'].$get({ param: { id } }))).member;
    },
    async save(id, settings) {
      const { member } = await answer(api.members[':id'].$put({ param: { id }, json: settings }));
      await load(site);
      return member;
    },
    async saveOrganisation(id, settings) {
      await answer(api.organisations[':id'].$put({ param: { id }, json: settings }));
      await load(site);
    },
    async invite(member, sites) {
      return answer(
        api.auth.invitations.$post({
          json: {
            email: member.email,
            name: member.name,
            role: 'artisan',
            member: member.id,
            sites: [...sites],
          },
        }),
      );
    },
    async credit(member, hours, note) {
      await answer(
        api.credits.$post({
          json: { member, hours, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
    },
    balance: (member) => answer(api.credits.balance.$get({ query: { member } })),
    async memberFacts(member) {
      return (await answer(api.members[':id'].facts.$get({ param: { id: member } }))).facts;
    },
    async saveMemberFacts(member, facts) {
      await answer(api.members[':id'].facts.$put({ param: { id: member }, json: facts }));
    },
    async organisationFacts(organisation) {
      return (await answer(api.organisations[':id'].facts.$get({ param: { id: organisation } })))
        .facts;
    },
    async saveOrganisationFacts(organisation, facts) {
      await answer(
        api.organisations[':id'].facts.$put({ param: { id: organisation }, json: facts }),
      );
    },
  };
}
