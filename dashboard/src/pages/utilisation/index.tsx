/**
 * The fab manager's utilisation screen: over a chosen period, what each machine and each group of
 * identical machines did — hours running, share of opening hours, hours booked against hours
 * used, no-shows, running while staffed and unattended (an overnight print) — idle machines set
 * apart, and the hour × weekday heat map of the machine or group chosen. The server computes every
 * figure; the page only picks the period in the site's calendar and writes them out.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { TableScroll } from '../../components/table-scroll/index.js';
import { UsageHeatmap } from '../../components/usage-heatmap/index.js';
import { formatHours } from '../../lib/amounts.js';
import { formatNumber } from '../../lib/format.js';
import {
  addDays,
  formatHoursOf,
  formatShare,
  isIdle,
  PERIOD_KINDS,
  type Period,
  type PeriodKind,
  periodOf,
  siteDate,
} from '../../lib/utilisation.js';
import { useClock, useI18n, useSession, useUtilisation } from '../../models/context.js';
import type { UtilisationFigures } from '../../models/utilisation.js';
import { Link, place } from '../../router/index.js';
import type { Locale } from '../../lib/locale.js';
import style from './style.module.css';

/** The books' figures summed over some machines (a group's booked hours and no-shows). */
function booksOf(figures: UtilisationFigures, ids: readonly string[]) {
  let booked = 0;
  let used = 0;
  let noShows = 0;
  for (const id of ids) {
    const line = figures.books.get(id);
    booked += line?.bookedHours ?? 0;
    used += line?.usedWallHours ?? 0;
    noShows += line?.noShows ?? 0;
  }
  return { booked, used, noShows };
}

/** The columns both tables share, after the row's own header (a group or a machine). */
function FiguresHead({ first }: { readonly first: string }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('utilisation.col.running')}</th>
        <th scope="col">{t('utilisation.col.openShare')}</th>
        <th scope="col">{t('utilisation.col.booked')}</th>
        <th scope="col">{t('utilisation.col.used')}</th>
        <th scope="col">{t('utilisation.col.noShows')}</th>
        <th scope="col">{t('utilisation.col.staffed')}</th>
        <th scope="col">{t('utilisation.col.unattended')}</th>
      </tr>
    </thead>
  );
}

interface StaffedFigures {
  readonly openRunningShare?: number | null | undefined;
  readonly runningOpenSeconds?: number | null | undefined;
  readonly runningClosedSeconds?: number | null | undefined;
}

/** A row's figures, in the order of `FiguresHead`; a figure the server did not give reads "—". */
function FigureCells({
  running,
  staffed,
  books,
  lang,
}: {
  readonly running: number | null | undefined;
  readonly staffed: StaffedFigures | null | undefined;
  readonly books: ReturnType<typeof booksOf>;
  readonly lang: Locale;
}) {
  return (
    <>
      <td data-figure="running">{formatHoursOf(running, lang)}</td>
      <td data-figure="openShare">{formatShare(staffed?.openRunningShare, lang)}</td>
      <td data-figure="booked">{formatHours(books.booked, lang)}</td>
      <td data-figure="used">{formatHours(books.used, lang)}</td>
      <td data-figure="noShows">{formatNumber(books.noShows, lang)}</td>
      <td data-figure="staffed">{formatHoursOf(staffed?.runningOpenSeconds, lang)}</td>
      <td data-figure="unattended">{formatHoursOf(staffed?.runningClosedSeconds, lang)}</td>
    </>
  );
}

export function UtilisationPage() {
  const { t, locale } = useI18n();
  const model = useUtilisation();
  const now = useClock().now.value;
  const site = useSession().site.value;
  const kind = useSignal<PeriodKind>('this-week');
  const today = useSignal('');
  const custom = useSignal({ from: '', to: '' });
  const period = useSignal<Period | null>(null);
  // A machine's page links here with ?machine=<id>: its heat map is the one shown first.
  const asked = place.value.query.get('machine');
  const chosen = useSignal(asked ? `machine:${asked}` : '');
  const load = useAction();
  const lang = locale.value;
  useEffect(() => {
    if (!site) return;
    void load.run(async () => {
      const zone = await model.timeZone(site);
      today.value = siteDate(now, zone);
      const p = periodOf(kind.value, now, zone, custom.value);
      period.value = p;
      if (p) await model.load({ site, ...p });
    });
    // The clock ticks every minute: a period is read again when it is picked, not at each tick.
  }, [site, kind.value, custom.value]);
  const figures = model.figures.value;
  const shown = figures && period.value && figures.from === period.value.from ? figures : null;
  const machines = shown?.machines ?? [];
  const groups = shown ? [...shown.byGroup.values()] : [];
  const idle = machines.filter((m) => {
    const u = shown?.byMachine.get(m.id);
    return u ? isIdle(u) : false;
  });
  const options = [
    ...groups.map((g) => ({
      key: `group:${g.group}`,
      label: t('utilisation.group', { group: g.group }),
    })),
    ...machines.map((m) => ({ key: `machine:${m.id}`, label: m.name })),
  ];
  const selected = options.find((o) => o.key === chosen.value) ?? options[0];
  const map =
    !selected || !shown
      ? null
      : selected.key.startsWith('group:')
        ? shown.byGroup.get(selected.key.slice(6))?.heatmap
        : shown.byMachine.get(selected.key.slice(8))?.heatmap;
  return (
    <section class="screen" aria-labelledby="utilisation-title">
      <h2 id="utilisation-title">{t('utilisation.title')}</h2>
      <div class="row">
        <div class="field">
          <label for="utilisation-period">{t('utilisation.period')}</label>
          <select
            id="utilisation-period"
            value={kind.value}
            onChange={(e) => {
              const next = e.currentTarget.value as PeriodKind;
              // Chosen dates start as the last seven days, for the manager to move.
              if (next === 'custom' && !custom.value.from && today.value)
                custom.value = { from: addDays(today.value, -6), to: today.value };
              kind.value = next;
            }}
          >
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`utilisation.period.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {kind.value === 'custom' ? (
          <>
            <div class="field">
              <label for="utilisation-from">{t('utilisation.from')}</label>
              <input
                id="utilisation-from"
                type="date"
                value={custom.value.from}
                max={today.value || undefined}
                onChange={(e) => (custom.value = { ...custom.value, from: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for="utilisation-to">{t('utilisation.to')}</label>
              <input
                id="utilisation-to"
                type="date"
                value={custom.value.to}
                onChange={(e) => (custom.value = { ...custom.value, to: e.currentTarget.value })}
              />
            </div>
          </>
        ) : null}
      </div>
      {kind.value === 'custom' && !period.value && custom.value.from ? (
        <p class="note note-error" role="alert">
          {t('utilisation.badDates')}
        </p>
      ) : null}
      <ApiErrorNote error={load.error.value} />
      <p class="muted" aria-live="polite">
        {load.busy.value ? t('utilisation.loading') : shown ? t('utilisation.intro') : ''}
      </p>
      {shown && idle.length ? (
        <div class={`note ${style.idleNote}`} data-idle-summary>
          <p>
            <strong>{t('utilisation.idle', { count: idle.length })}</strong>{' '}
            {idle.map((m) => m.name).join(', ')}
          </p>
        </div>
      ) : null}
      {groups.length && shown ? (
        <TableScroll label={t('utilisation.groups')}>
          <table class="table" data-groups>
            <caption>{t('utilisation.groups')}</caption>
            <FiguresHead first={t('utilisation.col.group')} />
            <tbody>
              {groups.map((g) => {
                const books = booksOf(shown, g.machines);
                return (
                  <tr key={g.group} data-group={g.group} data-idle={isIdle(g) ? '' : undefined}>
                    <th scope="row" class={isIdle(g) ? style.idle : undefined}>
                      {t('utilisation.group', { group: g.group })}{' '}
                      <span class="muted">
                        {t('utilisation.units', { count: g.machines.length })}
                      </span>
                      {isIdle(g) ? (
                        <>
                          {' '}
                          <span class={style.idleTag}>{t('utilisation.idleTag')}</span>
                        </>
                      ) : null}
                    </th>
                    <FigureCells
                      running={g.seconds['running']}
                      staffed={g.staffed}
                      books={books}
                      lang={lang}
                    />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {shown && machines.length === 0 ? <p>{t('utilisation.noMachine')}</p> : null}
      {shown && machines.length ? (
        <TableScroll label={t('utilisation.machines')}>
          <table class="table" data-machines>
            <caption>{t('utilisation.machines')}</caption>
            <FiguresHead first={t('utilisation.col.machine')} />
            <tbody>
              {machines.map((m) => {
                const u = shown.byMachine.get(m.id);
                const books = booksOf(shown, [m.id]);
                const still = u ? isIdle(u) : false;
                return (
                  <tr key={m.id} data-machine={m.id} data-idle={still ? '' : undefined}>
                    <th scope="row" class={still ? style.idle : undefined}>
                      <Link href={`/machines/${encodeURIComponent(m.id)}`}>{m.name}</Link>
                      {still ? (
                        <>
                          {' '}
                          <span class={style.idleTag}>{t('utilisation.idleTag')}</span>
                        </>
                      ) : null}
                    </th>
                    <FigureCells
                      running={u?.seconds['running']}
                      staffed={u?.staffed}
                      books={books}
                      lang={lang}
                    />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {selected && map ? (
        <section aria-labelledby="utilisation-heatmap-title">
          <h3 id="utilisation-heatmap-title">{t('utilisation.heatmap.title')}</h3>
          <div class="field">
            <label for="utilisation-of">{t('utilisation.heatmap.of')}</label>
            <select
              id="utilisation-of"
              value={selected.key}
              onChange={(e) => (chosen.value = e.currentTarget.value)}
            >
              {options.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <UsageHeatmap heatmap={map} label={selected.label} />
        </section>
      ) : null}
    </section>
  );
}
