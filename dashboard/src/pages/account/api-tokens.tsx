/**
 * "Mes jetons d'API": the tokens a script uses in my name (never their secrets), a form to make
 * one — its secret shown once, with copy and a call to try it — and revoke, asked twice.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { CopyButton } from '../../components/copy-button/index.js';
import {
  accessOf,
  bearerExample,
  formatTokenDate,
  type TokenAccess,
} from '../../lib/api-tokens.js';
import type { ApiToken } from '../../models/api-tokens.js';
import { useApiTokens, useI18n } from '../../models/context.js';

function TokenItem({ token }: { readonly token: ApiToken }) {
  const { t, locale } = useI18n();
  const model = useApiTokens();
  const asking = useSignal(false);
  const revoke = useAction();
  const when = (iso: string) => formatTokenDate(iso, locale.value);
  return (
    <li class="item" data-token={token.id} data-revoked={token.revoked ? '' : undefined}>
      <p>
        <strong>{token.name}</strong> —{' '}
        {t(accessOf(token.scopes) === 'write' ? 'account.tokenReadWrite' : 'account.tokenReadOnly')}
        {' · '}
        {t('account.tokenCreatedAt', { when: when(token.createdAt) })}
        {' · '}
        {token.lastUsedAt
          ? t('account.tokenLastUsed', { when: when(token.lastUsedAt) })
          : t('account.tokenNeverUsed')}
        {token.revoked ? (
          <>
            {' · '}
            <span class="tag">{t('account.tokenRevoked')}</span>
          </>
        ) : null}
      </p>
      {token.revoked ? null : asking.value ? (
        <div class="note" role="group" aria-label={t('account.tokenRevoke')}>
          <p>{t('account.tokenRevokeAsk', { name: token.name })}</p>
          <p class="actions">
            <button
              type="button"
              class="button button-primary"
              disabled={revoke.busy.value}
              onClick={() => void revoke.run(() => model.revoke(token.id))}
            >
              {t('account.tokenRevokeYes')}
            </button>
            <button type="button" class="button" onClick={() => (asking.value = false)}>
              {t('mine.cancel')}
            </button>
          </p>
        </div>
      ) : (
        <button type="button" class="button" onClick={() => (asking.value = true)}>
          {t('account.tokenRevoke')}
        </button>
      )}
      <ApiErrorNote error={revoke.error.value} />
    </li>
  );
}

function NewSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), [secret]);
  return (
    <div class="note note-ok" role="status" data-secret>
      <p>{t('account.tokenCreated', { name })}</p>
      <div class="field">
        <label class="label" for="token-secret">
          {t('account.tokenSecret')}
        </label>
        <input
          ref={field}
          id="token-secret"
          class="input url"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <p>
        <strong>{t('account.tokenOnce')}</strong>
      </p>
      <p class="actions">
        <CopyButton text={secret} field={field} />
        <button type="button" class="button" onClick={onDone}>
          {t('account.tokenDone')}
        </button>
      </p>
      <p class="hint">{t('account.tokenExample')}</p>
      <p class="url">{bearerExample(location.origin, secret)}</p>
    </div>
  );
}

export function ApiTokens() {
  const { t } = useI18n();
  const model = useApiTokens();
  const load = useAction();
  const create = useAction();
  const name = useSignal('');
  const access = useSignal<TokenAccess>('read');
  const made = useSignal<{ name: string; secret: string } | null>(null);
  useEffect(() => {
    void load.run(() => model.load());
  }, []);
  return (
    <section aria-labelledby="tokens-title">
      <h3 id="tokens-title">{t('account.tokensTitle')}</h3>
      <p>{t('account.tokensIntro')}</p>
      <ApiErrorNote error={load.error.value} />
      {made.value ? (
        <NewSecret
          name={made.value.name}
          secret={made.value.secret}
          onDone={() => (made.value = null)}
        />
      ) : null}
      {model.tokens.value.length === 0 ? <p>{t('account.tokensNone')}</p> : null}
      <ul class="list">
        {model.tokens.value.map((token) => (
          <TokenItem key={token.id} token={token} />
        ))}
      </ul>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          const wanted = name.value.trim();
          void create.run(async () => {
            const { token } = await model.create(wanted, access.value);
            made.value = { name: wanted, secret: token };
            name.value = '';
          });
        }}
      >
        <h4>{t('account.tokenNew')}</h4>
        <div class="field">
          <label class="label" for="token-name">
            {t('account.tokenName')}
          </label>
          <input
            id="token-name"
            class="input"
            required
            maxLength={100}
            aria-describedby="token-name-hint"
            value={name.value}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
          <span id="token-name-hint" class="hint">
            {t('account.tokenNameHint')}
          </span>
        </div>
        <fieldset class="fieldset">
          <legend>{t('account.tokenAccess')}</legend>
          {(['read', 'write'] as const).map((choice) => (
            <label key={choice} class="check">
              <input
                type="radio"
                name="token-access"
                value={choice}
                checked={access.value === choice}
                onChange={() => (access.value = choice)}
              />
              {t(choice === 'write' ? 'account.tokenWrite' : 'account.tokenRead')}
            </label>
          ))}
        </fieldset>
        <p class="hint">{t('account.tokenNoExpiry')}</p>
        <button type="submit" class="button button-primary" disabled={create.busy.value}>
          {t('account.tokenCreate')}
        </button>
        <ApiErrorNote error={create.error.value} />
      </form>
    </section>
  );
}
