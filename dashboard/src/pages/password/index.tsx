/**
 * A forgotten password: without a token, ask for a reset link by email (the answer is the same
 * whether the account exists or not); with the link's token after `#`, choose the new password.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { NewPasswordFields } from '../../components/new-password/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { useI18n, useSession } from '../../models/context.js';
import { Link, place } from '../../router/index.js';

function AskForLink() {
  const { t } = useI18n();
  const session = useSession();
  const email = useSignal('');
  const sent = useSignal(false);
  const action = useAction();
  return (
    <form
      class="form"
      onSubmit={async (event) => {
        event.preventDefault();
        sent.value = await action.run(() => session.requestReset(email.value));
      }}
    >
      <p>{t('reset.intro')}</p>
      <div class="field">
        <label for="reset-email">{t('login.email')}</label>
        <input
          id="reset-email"
          type="email"
          autocomplete="username"
          required
          value={email.value}
          onInput={(e) => (email.value = e.currentTarget.value)}
        />
      </div>
      <ApiErrorNote error={action.error.value} />
      {sent.value ? (
        <p class="note note-ok" role="status">
          {t('reset.sent')}
        </p>
      ) : null}
      <button type="submit" class="button button-primary" disabled={action.busy.value}>
        {t('reset.submit')}
      </button>
    </form>
  );
}

function ChooseNew({ token }: { readonly token: string }) {
  const { t } = useI18n();
  const session = useSession();
  const password = useSignal('');
  const confirm = useSignal('');
  const done = useSignal(false);
  const action = useAction();
  if (done.value)
    return (
      <p class="note note-ok" role="status">
        {t('reset.done')} <Link href="/connexion">{t('login.submit')}</Link>
      </p>
    );
  return (
    <form
      class="form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (password.value !== confirm.value) return;
        done.value = await action.run(() => session.completeReset(token, password.value));
      }}
    >
      <NewPasswordFields password={password} confirm={confirm} />
      <ApiErrorNote error={action.error.value} />
      <button type="submit" class="button button-primary" disabled={action.busy.value}>
        {t('reset.setSubmit')}
      </button>
    </form>
  );
}

export function PasswordPage() {
  const { t } = useI18n();
  const token = place.value.hash;
  return (
    <section class="screen" aria-labelledby="reset-title">
      <h2 id="reset-title">{token ? t('reset.setTitle') : t('reset.title')}</h2>
      {token ? <ChooseNew token={token} /> : <AskForLink />}
    </section>
  );
}
