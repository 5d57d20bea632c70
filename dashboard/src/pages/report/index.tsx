/**
 * The shared-equipment report for a fab manager: a period's figures (with the period before and
 * the change) and tables, as the server words them; each figure or row with measured use opens
 * the usage sessions behind it; the PDF, XLSX and CSV of the period;  the monthly reports kept, and
 * who receives them by mail.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { TableScroll } from '../../components/table-scroll/index.js';
import type { MessageKey } from '../../i18n/index.js';
import { reportUrl } from '../../lib/report-periods.js';
import { formatChange, formatReportValue, managerPeriods } from '../../lib/report-view.js';
import { useI18n, useMachineSharing, useReport, useSession } from '../../models/context.js';
import { NetworkMembers } from './network-members.js';
import { RecipientsForm } from './recipients-form.js';
import { DrilledSessions } from './sessions.js';

export function ReportPage() {
  const { t, locale } = useI18n();
  const model = useReport();
  const machines = useMachineSharing();
  const site = useSession().site.value;
  const periods = managerPeriods(new Date());
  const period = useSignal(periods[0]!.id);
  const load = useAction();
  const drill = useAction();
  useEffect(() => {
    if (site)
      void load.run(() => Promise.all([model.load(site, period.value), machines.load(site)]));
  }, [site, period.value]);
  const lang = locale.value;
  const report = model.report.value;
  const open = (label: string, query: Readonly<Record<string, string>>) =>
    drill.run(() => model.open(label, query));
  return (
    <section class="screen" aria-labelledby="report-title">
      <h2 id="report-title">{t('report.title')}</h2>
      <div class="row">
        <div class="field">
          <label for="report-period">{t('report.period')}</label>
          <select
            id="report-period"
            value={period.value}
            onChange={(e) => (period.value = e.currentTarget.value)}
          >
            {periods.map((p) => (
              <option key={p.id} value={p.id}>
                {t(`report.periodKind.${p.kind}` as MessageKey, { id: p.id })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ApiErrorNote error={load.error.value} />
      {report ? (
        <>
          <p class="actions">
            {(['pdf', 'xlsx', 'csv'] as const).map((f) => (
              <a
                key={f}
                class="button"
                href={`${reportUrl(period.value, f, lang)}&site=${encodeURIComponent(site ?? '')}`}
                download
              >
                {t(`report.download.${f}`)}
              </a>
            ))}
          </p>
          <ul class="list" aria-label={t('report.figures')}>
            {report.figures.map((f) => (
              <li class="item" key={f.key} data-figure={f.key}>
                <span>
                  <strong>{f.label[lang]}</strong> :{' '}
                  <span data-value>{formatReportValue(f.value, f.unit, f.suppressed, lang)}</span>
                  {f.previous !== null || f.previousSuppressed ? (
                    <span class="muted">
                      {' '}
                      {t('report.before', {
                        value: formatReportValue(f.previous, f.unit, f.previousSuppressed, lang),
                        change: formatChange(f.change, lang),
                      })}
                    </span>
                  ) : null}
                  <br />
                  <span class="hint">{f.definition[lang]}</span>
                </span>
                {f.drill ? (
                  <button
                    type="button"
                    class="button"
                    onClick={() => open(f.label[lang], f.drill!)}
                  >
                    {t('report.sessions', { what: f.label[lang] })}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          <ApiErrorNote error={drill.error.value} />
          <DrilledSessions />
          {report.tables.map((table) => (
            <section key={table.key} aria-labelledby={`table-${table.key}`} data-table={table.key}>
              <h3 id={`table-${table.key}`}>{table.title[lang]}</h3>
              <p class="hint">{table.definition[lang]}</p>
              <TableScroll label={table.title[lang]}>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('report.row')}</th>
                      {table.columns.map((c) => (
                        <th scope="col" key={c.key}>
                          {c.label[lang]}
                        </th>
                      ))}
                      <th scope="col">
                        <span class="visually-hidden">{t('report.sessionsColumn')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...table.rows, ...(table.total ? [table.total] : [])].map((row) => (
                      <tr key={row.key} data-row={row.key}>
                        <th scope="row">{row.label[lang]}</th>
                        {table.columns.map((c) => (
                          <td key={c.key}>
                            {formatReportValue(
                              row.values[c.key] ?? null,
                              c.unit,
                              row.suppressed.includes(c.key),
                              lang,
                            )}
                          </td>
                        ))}
                        <td>
                          {row.drill ? (
                            <button
                              type="button"
                              class="button"
                              onClick={() => open(row.label[lang], row.drill!)}
                            >
                              {t('report.sessions', { what: row.label[lang] })}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </section>
          ))}
          {report.notes.length ? (
            <ul>
              {report.notes.map((n) => (
                <li key={n.fr}>{n[lang]}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <section aria-labelledby="kept-title">
        <h3 id="kept-title">{t('report.kept')}</h3>
        {model.kept.value.length === 0 ? <p>{t('report.noneKept')}</p> : null}
        <ul class="list">
          {model.kept.value.map((k) => (
            <li class="item" key={`${k.site}-${k.month}`} data-kept={k.month}>
              <strong>{k.month}</strong>
              <span class="actions">
                {Object.entries(k.files).map(([format, href]) => (
                  <a key={format} class="button" href={href} download>
                    {t('report.keptFile', { month: k.month, format: format.toUpperCase() })}
                  </a>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {site ? <RecipientsForm site={site} /> : null}
      {site ? <NetworkMembers network={site} /> : null}
    </section>
  );
}
