/**
 * The machine wall: every machine of the workshop as a card, problems first, with counters, a
 * filter by kind, and who holds each machine now and next. Made for a screen on the workshop wall
 * (1920×1080, read from a few metres: `/?plein-ecran`, or the "Plein écran" button, gives large
 * type and no navigation) and for a phone in the hand.
 * @module
 */
import { useComputed, useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { MachineKind, MachineState } from '@manufacto/firmware-profiles/contract';
import { MachineCard } from '../../components/machine-card/index.js';
import { StateShape } from '../../components/state-badge/index.js';
import { COUNTERS, countByKind, countByState, type Counter } from '../../models/machines.js';
import { useHolders, useI18n, useMachines } from '../../models/context.js';
import { navigate, place } from '../../router/index.js';
import { isTvMode, withTvMode } from '../../router/tv.js';
import { parseKindFilter, withKindFilter, type KindFilter } from './filter.js';
import styles from './style.module.css';

/** The state whose colour and shape a counter wears. */
const COUNTER_STATE: Readonly<Record<Counter, MachineState>> = {
  error: 'error',
  running: 'running',
  paused: 'paused',
  idle: 'idle',
  offline: 'offline',
  maintenance: 'maintenance',
};

/** Kinds that always have a filter button; `other` only shows when there is one. */
const FILTER_KINDS: readonly MachineKind[] = ['printer', 'laser', 'cnc'];

function KindFilterBar({ value }: { readonly value: Signal<KindFilter> }) {
  const { t } = useI18n();
  const { machines } = useMachines();
  const byKind = countByKind(machines.value.values());
  const choices: KindFilter[] = [
    'all',
    ...FILTER_KINDS,
    ...(byKind.other > 0 ? (['other'] as const) : []),
  ];
  const total = machines.value.size;

  function choose(kind: KindFilter) {
    value.value = kind;
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${withKindFilter(location.search, kind)}${location.hash}`,
    );
  }

  return (
    <div class={styles.filter} role="group" aria-label={t('filter.label')}>
      {choices.map((kind) => (
        <button
          key={kind}
          type="button"
          class={styles.filterButton}
          aria-pressed={value.value === kind}
          data-kind={kind}
          onClick={() => choose(kind)}
        >
          {kind === 'all' ? t('filter.all') : t(`kind.${kind}`)}
          <span class={styles.filterCount}>{kind === 'all' ? total : byKind[kind]}</span>
        </button>
      ))}
    </div>
  );
}

/** Enters or leaves the TV mode; entering from a click also asks the browser for full screen. */
function setTvMode(on: boolean): void {
  navigate(`${location.pathname}${withTvMode(location.search, on)}`, { replace: true });
  if (on) void document.documentElement.requestFullscreen?.().catch(() => undefined);
  else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
}

function FullscreenButton({ tv }: { readonly tv: boolean }) {
  const { t } = useI18n();
  // Leaving the browser's full screen (Esc) leaves the TV mode it was entered with.
  useEffect(() => {
    if (!tv) return;
    const left = () => {
      if (!document.fullscreenElement) setTvMode(false);
    };
    document.addEventListener('fullscreenchange', left);
    return () => document.removeEventListener('fullscreenchange', left);
  }, [tv]);
  return (
    <button
      type="button"
      class={tv ? styles.leaveTv : styles.filterButton}
      data-role={tv ? 'leave-fullscreen' : 'fullscreen'}
      title={tv ? undefined : t('wall.fullscreenHint')}
      onClick={() => setTvMode(!tv)}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" class={styles.fullscreenIcon}>
        <path
          d={
            tv ? 'M6 1v5H1M10 1v5h5M6 15v-5H1M10 15v-5h5' : 'M1 6V1h5M15 6V1h-5M1 10v5h5M15 10v5h-5'
          }
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
        />
      </svg>
      {tv ? t('wall.leaveFullscreen') : t('wall.fullscreen')}
    </button>
  );
}

export function MachineWall() {
  const { t } = useI18n();
  const model = useMachines();
  const holders = useHolders();
  const tv = isTvMode(place.value);
  useEffect(() => holders.follow(), [holders]);
  // A TV runs for weeks: besides the live feed, the full list is read again every 5 minutes, so
  // a machine added or removed on the server shows without anyone touching the screen.
  useEffect(() => {
    if (!tv) return;
    const timer = setInterval(() => void model.load(), 5 * 60_000);
    return () => clearInterval(timer);
  }, [tv, model]);
  const kind = useSignal<KindFilter>(parseKindFilter(location.search));
  const visible = useComputed(() =>
    kind.value === 'all'
      ? model.sorted.value
      : model.sorted.value.filter((machine) => machine.kind === kind.value),
  );
  const counts = useComputed(() => countByState(visible.value));
  const shown = COUNTERS.filter((counter) => counts.value[counter] > 0);
  const status = model.loadStatus.value;
  const stale = model.stale.value;

  return (
    <section class={styles.wall} aria-labelledby="wall-title">
      <h2 id="wall-title" class={styles.visuallyHidden}>
        {t('app.wallTitle')}
      </h2>
      <div class={styles.toolbar}>
        <ul class={styles.counters} aria-label={t('wall.summary')} data-role="counters">
          {shown.length === 0 ? (
            <li class={styles.counter}>{t('wall.none')}</li>
          ) : (
            shown.map((counter) => (
              <li
                key={counter}
                class={styles.counter}
                data-state={COUNTER_STATE[counter]}
                data-counter={counter}
              >
                <StateShape state={COUNTER_STATE[counter]} />
                {t(`count.${counter}`, { count: counts.value[counter] })}
              </li>
            ))
          )}
        </ul>
        <div class={styles.tools}>
          {status === 'ready' && model.machines.value.size > 0 && !tv && (
            <KindFilterBar value={kind} />
          )}
          <FullscreenButton tv={tv} />
        </div>
      </div>

      {status === 'loading' || status === 'idle' ? (
        <p class={styles.message}>{t('wall.loading')}</p>
      ) : status === 'error' ? (
        <div class={styles.message} role="alert">
          <p class={styles.messageTitle}>{t('wall.loadError')}</p>
          <p class={styles.messageDetail}>{model.loadError.value}</p>
          <button type="button" class={styles.retry} onClick={() => void model.load()}>
            {t('wall.retry')}
          </button>
        </div>
      ) : visible.value.length === 0 ? (
        <p class={styles.message}>
          {model.machines.value.size === 0 ? t('wall.empty') : t('wall.emptyFilter')}
        </p>
      ) : (
        <ul class={styles.grid} data-stale={stale || undefined}>
          {visible.value.map((machine) => (
            <li key={machine.id} class={styles.cell}>
              <MachineCard
                machine={machine}
                stale={stale}
                holders={holders.byMachine.value.get(machine.id)}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
