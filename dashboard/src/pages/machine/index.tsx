/**
 * One machine's page (`/machines/:id`): its live card, details, who holds it now and next, its
 * coming reserved slots, its sharing status and planned unavailability, and its recent history
 * (state timeline and readings, from InfluxDB through the server; said in words when the server
 * has no InfluxDB or the viewer may not read it), and its maintenance log.
 * @module
 */
import { useEffect } from 'preact/hooks';
import { JobPanel } from '../../components/job-panel/index.js';
import { MachineCard } from '../../components/machine-card/index.js';
import { ReadingsChart } from '../../components/readings-chart/index.js';
import { SlotHolderLines } from '../../components/slot-holder/index.js';
import { StateTimeline } from '../../components/state-timeline/index.js';
import { formatDuration } from '../../lib/format.js';
import { formatSlotTime } from '../../lib/live-format.js';
import { stateSegments } from '../../lib/state-timeline.js';
import {
  useClock,
  useHolders,
  useI18n,
  useMachinePage,
  useMachines,
  useMaintenanceLog,
  useSession,
} from '../../models/context.js';
import { HISTORY_RANGES } from '../../models/machine-page.js';
import { Link, matchPath, place } from '../../router/index.js';
import { AfterUseCheck } from './after-use-check.js';
import { MaintenanceLog } from './maintenance-log.js';
import styles from './style.module.css';

function Details({ id }: { readonly id: string }) {
  const { t, locale } = useI18n();
  const { now } = useClock();
  const machine = useMachines().machines.value.get(id);
  if (!machine) return null;
  const when = Date.parse(machine.updatedAt);
  return (
    <dl class={styles.details}>
      <div>
        <dt>{t('machine.firmware')}</dt>
        <dd>{machine.firmware ?? machine.profile}</dd>
      </div>
      <div>
        <dt>{t('machine.gateway')}</dt>
        <dd>{machine.gateway ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('machine.updated')}</dt>
        <dd>
          <time dateTime={machine.updatedAt}>{formatSlotTime(when, now.value, locale.value)}</time>
        </dd>
      </div>
    </dl>
  );
}

function Slots({ id }: { readonly id: string }) {
  const { t, locale } = useI18n();
  const { now } = useClock();
  const holders = useHolders().byMachine.value.get(id);
  const upcoming = useMachinePage().upcoming.value;
  const lang = locale.value;
  const time = (iso: string) => formatSlotTime(Date.parse(iso), now.value, lang);
  return (
    <section class={styles.panel} aria-labelledby="machine-slots">
      <h3 id="machine-slots">{t('machine.slots')}</h3>
      <SlotHolderLines holders={holders} />
      <h4 class={styles.subhead}>{t('machine.upcoming')}</h4>
      {upcoming.length === 0 ? (
        <p class={styles.muted}>{t('machine.noUpcoming')}</p>
      ) : (
        <ul class={styles.slots} data-role="upcoming">
          {upcoming.map((slot) => (
            <li key={slot.start}>
              {time(slot.start)} – {time(slot.end)}
              {slot.status === 'pending_approval' && (
                <span class={styles.muted}> ({t('machine.pending')})</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Maintenance() {
  const { t, locale } = useI18n();
  const { now } = useClock();
  const sharing = useMachinePage().sharing.value;
  const lang = locale.value;
  const coming = (sharing?.blackouts ?? []).filter((b) => Date.parse(b.end) > now.value);
  return (
    <section class={styles.panel} aria-labelledby="machine-maintenance">
      <h3 id="machine-maintenance">{t('machine.maintenance')}</h3>
      {!sharing ? (
        <p class={styles.muted}>{t('machine.notShared')}</p>
      ) : (
        <>
          <p data-role="sharing-status" data-status={sharing.status}>
            <strong>{t(`machine.status.${sharing.status}`)}</strong>
          </p>
          {coming.length === 0 ? (
            <p class={styles.muted}>{t('machine.noBlackout')}</p>
          ) : (
            <ul class={styles.slots} data-role="blackouts">
              {coming.map((b) => (
                <li key={b.start}>
                  {formatSlotTime(Date.parse(b.start), now.value, lang)} –{' '}
                  {formatSlotTime(Date.parse(b.end), now.value, lang)} : {b.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function History() {
  const { t, locale } = useI18n();
  const model = useMachinePage();
  const status = model.historyStatus.value;
  const history = model.history.value;
  const from = history ? Date.parse(history.from) : 0;
  const to = history ? Date.parse(history.to) : 0;
  return (
    <section class={styles.panel} aria-labelledby="machine-history" data-role="history">
      <div class={styles.historyHead}>
        <h3 id="machine-history">{t('machine.history')}</h3>
        <div class={styles.ranges} role="group" aria-label={t('machine.range')}>
          {HISTORY_RANGES.map((range) => (
            <button
              key={range}
              type="button"
              class={styles.range}
              aria-pressed={model.range.value === range}
              onClick={() => void model.showRange(range)}
            >
              {t(`machine.range.${range}`)}
            </button>
          ))}
        </div>
      </div>
      {status === 'loading' && !history && (
        <p role="status" class={styles.muted}>
          {t('machine.historyLoading')}
        </p>
      )}
      {status === 'needs-influx' && (
        <p class={styles.note} role="note" data-role="history-needs-influx">
          {t('machine.historyNeedsInflux')}
        </p>
      )}
      {status === 'login' && (
        <p class={styles.note} role="note" data-role="history-login">
          <Link href={`/connexion?next=${encodeURIComponent(place.value.path)}`}>
            {t('machine.historyLogin')}
          </Link>
        </p>
      )}
      {status === 'error' && (
        <p class={styles.note} role="alert">
          {t('machine.historyError')} {model.historyError.value}
        </p>
      )}
      {history && (status === 'ready' || status === 'loading') && (
        <div class={styles.history} aria-busy={status === 'loading'}>
          <p class={styles.muted}>
            {t('machine.step', { step: formatDuration(history.stepSeconds, locale.value) })}
          </p>
          <h4 class={styles.subhead}>{t('machine.timeline')}</h4>
          <StateTimeline
            segments={stateSegments(history.states.before, history.states.changes, from, to)}
            from={from}
            to={to}
          />
          <h4 class={styles.subhead}>{t('machine.readings')}</h4>
          <ReadingsChart
            times={history.series.times}
            values={history.series.values}
            from={from}
            to={to}
          />
        </div>
      )}
    </section>
  );
}

/** A fab manager goes from the machine to what it did over weeks (its heat map first). */
function UtilisationLink({ id }: { readonly id: string }) {
  const { t } = useI18n();
  const role = useSession().role.value;
  if (role !== 'manager' && role !== 'admin') return null;
  return (
    <p>
      <Link href={`/utilisation?machine=${encodeURIComponent(id)}`}>
        {t('machine.utilisationLink')}
      </Link>
    </p>
  );
}

export function MachinePage() {
  const { t } = useI18n();
  const machines = useMachines();
  const page = useMachinePage();
  const holders = useHolders();
  const log = useMaintenanceLog();
  const id = matchPath('/machines/:id', place.value.path)?.id ?? '';
  useEffect(() => holders.follow(), [holders]);
  useEffect(() => {
    if (id) void Promise.all([page.open(id), log.open(id)]);
  }, [id, page, log]);
  const machine = machines.machines.value.get(id);
  const loading = machines.loadStatus.value === 'loading' || machines.loadStatus.value === 'idle';

  return (
    <section class={styles.page} aria-labelledby="machine-title">
      <Link href="/" class={styles.back}>
        ← {t('machine.back')}
      </Link>
      <h2 id="machine-title" class={styles.title}>
        {machine?.name ?? id}
      </h2>
      <div class={styles.columns}>
        <div class={styles.live}>
          {machine ? (
            <>
              <MachineCard machine={machine} stale={machines.stale.value} />
              <Details id={id} />
              <JobPanel id={id} />
            </>
          ) : (
            !loading && <p class={styles.note}>{t('machine.unknown', { id })}</p>
          )}
          <Slots id={id} />
          <Maintenance />
          <AfterUseCheck id={id} />
          <MaintenanceLog id={id} />
          <UtilisationLink id={id} />
        </div>
        <History />
      </div>
    </section>
  );
}
