/**
 * Entry point: builds the models once (outside any component), starts the data flow — list, live
 * feed, clock, who is logged in — and the router, and mounts the app.
 * @module
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { createApiClient } from './api/client.js';
import { openLiveFeed } from './api/live.js';
import { createServerApi } from './api/server.js';
import { App } from './app.js';
import { createI18n, LOCALE_STORAGE_KEY } from './i18n/index.js';
import { pickLocale } from './lib/locale.js';
import { createApiTokensModel } from './models/api-tokens.js';
import { createBoardModel } from './models/board.js';
import { createBookingModel } from './models/booking.js';
import { createClock } from './models/clock.js';
import { createHoldersModel } from './models/holders.js';
import { createMachinePageModel } from './models/machine-page.js';
import { createMaintenanceLogModel } from './models/maintenance-log.js';
import { createLedgerModel } from './models/ledger.js';
import { createUsageModel } from './models/usage.js';
import { createUtilisationModel } from './models/utilisation.js';
import { createJobLaunchModel } from './models/job-launch.js';
import { createMachineSharingModel } from './models/machine-sharing.js';
import { createSiteSettingsModel } from './models/site-settings.js';
import { createMachinesModel } from './models/machines.js';
import { createMembersModel } from './models/members.js';
import { createReportModel } from './models/report.js';
import { createReservationsModel } from './models/reservations.js';
import { createRoundsModel } from './models/rounds.js';
import { createSessionModel } from './models/session.js';
import { createTrainingsModel } from './models/trainings.js';
import { createWaitlistModel } from './models/waitlist.js';
import { place, startRouter } from './router/index.js';
import { isTvMode } from './router/tv.js';
import './styles/global.css';
import './styles/screens.css';

/** `localStorage`, or null where reading it throws (sandboxed iframe, storage disabled). */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const store = storage();
const i18n = createI18n(
  pickLocale(store?.getItem(LOCALE_STORAGE_KEY) ?? null, navigator.languages),
  store ?? undefined,
);
const client = createApiClient();
const api = createServerApi(() => i18n.locale.value);
const session = createSessionModel(api, store ?? undefined);
const machines = createMachinesModel({
  listMachines: () => client.listMachines(),
  subscribeLive: (handlers) => openLiveFeed(handlers),
});
const clock = createClock(machines.serverOffsetMs);

effect(() => {
  document.documentElement.lang = i18n.locale.value;
  // The wall on a workshop TV: large type, no navigation (styles/global.css).
  document.documentElement.toggleAttribute('data-tv', isTvMode(place.value));
  const site = machines.site.value;
  document.title = site ? i18n.t('app.title', { site }) : i18n.t('app.name');
});

void session.load().catch((error: unknown) => console.warn('session: ', error));
void machines.load();
startRouter();
machines.connectLive();
clock.start();

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
render(
  <App
    models={{
      machines,
      holders: createHoldersModel(api),
      machinePage: createMachinePageModel(api),
      maintenanceLog: createMaintenanceLogModel(api),
      i18n,
      clock,
      session,
      api,
      booking: createBookingModel(api),
      reservations: createReservationsModel(api),
      waitlist: createWaitlistModel(api),
      board: createBoardModel(api),
      trainings: createTrainingsModel(api),
      members: createMembersModel(api),
      machineSharing: createMachineSharingModel(api),
      siteSettings: createSiteSettingsModel(api),
      jobLaunch: createJobLaunchModel(api, () => i18n.locale.value),
      rounds: createRoundsModel(api),
      ledger: createLedgerModel(api),
      usage: createUsageModel(api),
      report: createReportModel(api),
      utilisation: createUtilisationModel(api),
      apiTokens: createApiTokensModel(api),
    }}
  />,
  root,
);
