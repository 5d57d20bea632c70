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

export interface SessionModel {
  /** The account, null when nobody is logged in; undefined until `load()` has answered. */
  readonly account: ReadonlySignal<Account | null | undefined>;
  readonly role: ReadonlySignal<Role | null>;
  load(): Promise<void>;
  login(email: string, password: string): Promise<Account>;
  logout(): Promise<void>;
  acceptInvitation(token: string, password: string): Promise<Account>;
  requestReset(email: string): Promise<void>;
  completeReset(token: string, password: string): Promise<void>;
}

export function createSessionModel(api: ServerApi): SessionModel {
  const account = signal<Account | null | undefined>(undefined);
  const role = computed(() => account.value?.role ?? null);
  return {
    account,
    role,
    async load() {
      try {
        account.value = (await answer(api.auth.me.$get())).account;
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) account.value = null;
        else throw error;
      }
    },
    async login(email, password) {
      const { account: who } = await answer(api.auth.login.$post({ json: { email, password } }));
      account.value = who;
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
