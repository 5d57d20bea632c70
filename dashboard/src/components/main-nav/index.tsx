/**
 * The navigation: the pages of the role logged in (or "log in"), who is logged in, and log out.
 * A list of real links: keyboard and screen readers get it for free; the current page is marked
 * with `aria-current` and an underline, not by colour alone.
 * @module
 */
import { Link, navigate } from '../../router/index.js';
import { ROUTES } from '../../router/routes.js';
import { useI18n, useSession } from '../../models/context.js';
import { SitePicker } from '../site-picker/index.js';
import styles from './style.module.css';

export function MainNav() {
  const { t } = useI18n();
  const session = useSession();
  const account = session.account.value;
  const role = account?.role ?? null;
  const pages = ROUTES.filter(
    (route) => route.nav && (route.roles === null || (role !== null && route.roles.includes(role))),
  );
  return (
    <nav class={styles.nav} aria-label={t('nav.label')}>
      <ul class={styles.links}>
        {pages.map((route) => (
          <li key={route.path}>
            <Link href={route.path} class={styles.link}>
              {t(route.nav ?? 'app.name')}
            </Link>
          </li>
        ))}
      </ul>
      <div class={styles.account}>
        {account ? (
          <>
            <SitePicker />
            <span class={styles.who} data-role={account.role}>
              {t('nav.account', { name: account.name })}
            </span>
            <button
              type="button"
              class="button"
              onClick={async () => {
                await session.logout();
                navigate('/connexion');
              }}
            >
              {t('nav.logout')}
            </button>
          </>
        ) : account === null ? (
          <Link href="/connexion" class={styles.link}>
            {t('nav.login')}
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
