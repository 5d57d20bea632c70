/**
 * The application shell: models in context, the header, the live-feed banner and the page.
 * There is one page for now (the machine wall); a router comes with the second.
 * @module
 */
import { ConnectionBanner } from './components/connection-banner/index.js';
import { SiteHeader } from './components/site-header/index.js';
import { ModelsContext, type AppModels } from './models/context.js';
import { MachineWall } from './pages/machine-wall/index.js';

export function App({ models }: { readonly models: AppModels }) {
  return (
    <ModelsContext.Provider value={models}>
      <SiteHeader />
      <ConnectionBanner />
      <main>
        <MachineWall />
      </main>
    </ModelsContext.Provider>
  );
}
