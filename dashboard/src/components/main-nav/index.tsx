/**
 * The navigation: the pages of the role logged in (or "log in"), who is logged in, my account, and
 * log out. Real links: keyboard and screen readers get them for free; a manager's many pages are
 * gathered by what they do into disclosure menus (nav-menu.tsx), an artisan's few stay direct
 * links (router/nav-entries.ts decides). The current page is marked with `aria-current` and an
 * underline, not by colour alone; a menu holding it is underlined too.
 * @module
 */
import { Link, navigate } from '../../router/index.js';
import { NAV_GROUP_LABEL, navEntries } from '../../router/nav-entries.js';
import { ROUTES } from '../../router/routes.js';
import { useI18n, useSession } from '../../models/context.js';
import { SitePicker } from '../site-picker/index.js';
import { NavMenu } from './nav-menu.js';
import styles from './style.module.css';

export function MainNav() {
  const { t } = useI18n();
  const session = useSession();
  const account = session.account.value;
  const nav = navEntries(ROUTES, account?.role ?? null);
  return (
    <nav class={styles.nav} aria-label={t('nav.label')}>
      <ul class={styles.links}>
        {nav.main.map((entry) =>
          entry.kind === 'link' ? (
            <li key={entry.page.path}>
              <Link href={entry.page.path} class={styles.link}>
                {t(entry.page.nav ?? 'app.name')}
              </Link>
            </li>
          ) : (
            <NavMenu key={entry.group} label={NAV_GROUP_LABEL[entry.group]} pages={entry.pages} />
          ),
        )}
      </ul>
      <div class={styles.account}>
        {account ? (
          <>
            <SitePicker />
            <span class={styles.who} data-role={account.role}>
              {t('nav.account', { name: account.name })}
            </span>
            {nav.account.map((page) => (
              <Link key={page.path} href={page.path} class={styles.link}>
                {t(page.nav ?? 'app.name')}
              </Link>
            ))}
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
