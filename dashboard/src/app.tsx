/**
 * The application shell: models in context, the header, the navigation, the live-feed banner and
 * the page the address names (loaded on demand). A page for some roles only asks to log in first,
 * or says it is not for this role.
 * @module
 */
import { ConnectionBanner } from './components/connection-banner/index.js';
import { MainNav } from './components/main-nav/index.js';
import { SiteHeader } from './components/site-header/index.js';
import { ModelsContext, type AppModels, useI18n, useSession } from './models/context.js';
import { navigate, place } from './router/index.js';
import { findRoute } from './router/routes.js';
import { isTvMode } from './router/tv.js';

function CurrentPage() {
  const { t } = useI18n();
  const session = useSession();
  const { path } = place.value;
  const route = findRoute(path);
  if (!route)
    return (
      <section class="screen">
        <p>{t('page.notFound')}</p>
      </section>
    );
  if (route.roles !== null) {
    const account = session.account.value;
    if (account === undefined) return <p class="screen" role="status" />;
    if (account === null) {
      queueMicrotask(() =>
        navigate(`/connexion?next=${encodeURIComponent(path)}`, { replace: true }),
      );
      return null;
    }
    if (!route.roles.includes(account.role))
      return (
        <section class="screen">
          <p>{t('page.forbidden', { role: t(`role.${account.role}`) })}</p>
        </section>
      );
  }
  const Page = route.page;
  return <Page />;
}

export function App({ models }: { readonly models: AppModels }) {
  return (
    <ModelsContext.Provider value={models}>
      <SiteHeader />
      {!isTvMode(place.value) && <MainNav />}
      <ConnectionBanner />
      <main id="main">
        <CurrentPage />
      </main>
    </ModelsContext.Provider>
  );
}
