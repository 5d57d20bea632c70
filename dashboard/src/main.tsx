/**
 * Entry point: builds the models once (outside any component), starts the data flow — list, live
 * feed, clock — and mounts the app.
 * @module
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { createApiClient } from './api/client.js';
import { openLiveFeed } from './api/live.js';
import { App } from './app.js';
import { createI18n, LOCALE_STORAGE_KEY } from './i18n/index.js';
import { pickLocale } from './lib/locale.js';
import { createClock } from './models/clock.js';
import { createMachinesModel } from './models/machines.js';
import './styles/global.css';

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
const machines = createMachinesModel({
  listMachines: () => client.listMachines(),
  subscribeLive: (handlers) => openLiveFeed(handlers),
});
const clock = createClock(machines.serverOffsetMs);

effect(() => {
  document.documentElement.lang = i18n.locale.value;
  const site = machines.site.value;
  document.title = site ? i18n.t('app.title', { site }) : i18n.t('app.name');
});

void machines.load();
machines.connectLive();
clock.start();

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
render(<App models={{ machines, i18n, clock }} />, root);
