/**
 * The session model: who is logged in (from `GET /api/auth/me`), and the account actions — log in,
 * log out, accept an invitation, ask for and complete a password reset. Outside components, like
 * every model; the pages only read `account` and call these.
 * @module
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { ApiRequestError } from '../api/client.js';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type Account = Success<ReturnType<ServerApi['auth']['me']['$get']>>['account'];
export type Role = Account['role'];
export interface SiteChoice {
  readonly id: string;
  readonly name: string;
}

export interface SessionModel {
  /** The account, null when nobody is logged in; undefined until `load()` has answered. */
  readonly account: ReadonlySignal<Account | null | undefined>;
  readonly role: ReadonlySignal<Role | null>;
  /**
   * The site the screens show: the one chosen among the account's `sites` (a manager of several
   * picks it in the navigation), else its first; null for an admin of every site or nobody.
   */
  readonly site: ReadonlySignal<string | null>;
  /** The sites the account may pick among, with their names (an admin: every site). */
  readonly siteChoices: ReadonlySignal<readonly SiteChoice[]>;
  chooseSite(site: string): void;
  load(): Promise<void>;
  login(email: string, password: string): Promise<Account>;
  logout(): Promise<void>;
  acceptInvitation(token: string, password: string): Promise<Account>;
  requestReset(email: string): Promise<void>;
  completeReset(token: string, password: string): Promise<void>;
}

/** Where the chosen site is remembered between visits. */
export const SITE_STORAGE_KEY = 'manufacto.site';

/** The site to show: `chosen` if the account has it, else the account's first site. */
export function currentSite(sites: readonly string[], chosen: string | null): string | null {
  return chosen !== null && sites.includes(chosen) ? chosen : (sites[0] ?? null);
}

/**
 * The sites an account picks among, named: its own `sites`, or every site for an administrator
 * of none in particular (an admin acts on every site).
 */
export function siteChoicesOf(
  account: Pick<Account, 'role' | 'sites'> | null | undefined,
  every: readonly SiteChoice[],
): SiteChoice[] {
  if (!account) return [];
  if (account.role === 'admin' && account.sites.length === 0) return [...every];
  return account.sites.map((id) => every.find((s) => s.id === id) ?? { id, name: id });
}

export function createSessionModel(
  api: ServerApi,
  store?: Pick<Storage, 'getItem' | 'setItem'>,
): SessionModel {
  const account = signal<Account | null | undefined>(undefined);
  const role = computed(() => account.value?.role ?? null);
  const chosen = signal<string | null>(store?.getItem(SITE_STORAGE_KEY) ?? null);
  const every = signal<readonly SiteChoice[]>([]);
  const siteChoices = computed(() => siteChoicesOf(account.value, every.value));
  const site = computed(() =>
    currentSite(
      siteChoices.value.map((s) => s.id),
      chosen.value,
    ),
  );
  async function loadSites(): Promise<void> {
    const { sites } = await answer(api.sites.$get());
    every.value = sites.map((s) => ({ id: s.id, name: s.name }));
  }
  return {
    account,
    role,
    site,
    siteChoices,
    chooseSite(id) {
      chosen.value = id;
      store?.setItem(SITE_STORAGE_KEY, id);
    },
    async load() {
      try {
        account.value = (await answer(api.auth.me.$get())).account;
        await loadSites();
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) account.value = null;
        else throw error;
      }
    },
    async login(email, password) {
      const { account: who } = await answer(api.auth.login.$post({ json: { email, password } }));
      account.value = who;
      await loadSites();
      return who;
    },
    async logout() {
      await answer(api.auth.logout.$post());
      account.value = null;
    },
    async acceptInvitation(token, password) {
      const { account: who } = await answer(
        api.auth.invitations.accept.$post({ json: { token, password } }),
      );
      account.value = who;
      await loadSites();
      return who;
    },
    async requestReset(email) {
      await answer(api.auth['password-resets'].$post({ json: { email } }));
    },
    async completeReset(token, password) {
      await answer(api.auth['password-resets'].complete.$post({ json: { token, password } }));
    },
  };
}
