/**
 * My API tokens, as the server keeps them (never their secrets): list, create (the answer is the
 * only time the secret is seen: the model hands it back and keeps none), revoke.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';
import { scopesOf, type TokenAccess, tokenRows } from '../lib/api-tokens.js';

export type ApiToken = Success<ReturnType<ServerApi['auth']['tokens']['$get']>>['tokens'][number];

export interface ApiTokensModel {
  /** Live first, newest first; then the revoked. */
  readonly tokens: ReadonlySignal<readonly ApiToken[]>;
  load(): Promise<void>;
  /** Makes a token and answers its secret, shown once. */
  create(name: string, access: TokenAccess): Promise<{ id: string; token: string }>;
  revoke(id: string): Promise<void>;
}

export function createApiTokensModel(api: ServerApi): ApiTokensModel {
  const tokens = signal<readonly ApiToken[]>([]);
  async function load(): Promise<void> {
    tokens.value = tokenRows((await answer(api.auth.tokens.$get())).tokens);
  }
  return {
    tokens,
    load,
    async create(name, access) {
      const made = await answer(
        api.auth.tokens.$post({ json: { name, scopes: scopesOf(access) } }),
      );
      await load();
      return made;
    },
    async revoke(id) {
      await answer(api.auth.tokens[':id'].$delete({ param: { id } }));
      await load();
    },
  };
}
