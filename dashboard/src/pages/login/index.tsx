/**
 * Log in with email and password; then to `?next=` or the role's home page.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { useI18n, useSession } from '../../models/context.js';
import { Link, navigate, place } from '../../router/index.js';
import { HOME } from '../../router/routes.js';

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const email = useSignal('');
  const password = useSignal('');
  const action = useAction();
  const next = place.value.query.get('next');
  return (
    <section class="screen" aria-labelledby="login-title">
      <h2 id="login-title">{t('login.title')}</h2>
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          let home = '/';
          const ok = await action.run(async () => {
            home = HOME[(await session.login(email.value, password.value)).role];
          });
          if (ok) navigate(next?.startsWith('/') ? next : home, { replace: true });
        }}
      >
        <div class="field">
          <label for="login-email">{t('login.email')}</label>
          <input
            id="login-email"
            type="email"
            autocomplete="username"
            required
            value={email.value}
            onInput={(e) => (email.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            type="password"
            autocomplete="current-password"
            required
            value={password.value}
            onInput={(e) => (password.value = e.currentTarget.value)}
          />
        </div>
        <ApiErrorNote error={action.error.value} />
        <div class="actions">
          <button type="submit" class="button button-primary" disabled={action.busy.value}>
            {action.busy.value ? t('login.busy') : t('login.submit')}
          </button>
          <Link href="/mot-de-passe">{t('login.forgot')}</Link>
        </div>
      </form>
    </section>
  );
}
