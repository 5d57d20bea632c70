/**
 * The machine wall: every machine of the workshop as a card, problems first, with counters and a
 * filter by kind. Made for a screen on the workshop wall (1920×1080, read from a few metres) and
 * for a phone in the hand.
 * @module
 */
import { useComputed, useSignal, type Signal } from '@preact/signals';
import type { MachineKind, MachineState } from '@manufacto/firmware-profiles/contract';
import { MachineCard } from '../../components/machine-card/index.js';
import { StateShape } from '../../components/state-badge/index.js';
import { COUNTERS, countByKind, countByState, type Counter } from '../../models/machines.js';
import { useI18n, useMachines } from '../../models/context.js';
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

export function MachineWall() {
  const { t } = useI18n();
  const model = useMachines();
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
        {status === 'ready' && model.machines.value.size > 0 && <KindFilterBar value={kind} />}
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
              <MachineCard machine={machine} stale={stale} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
