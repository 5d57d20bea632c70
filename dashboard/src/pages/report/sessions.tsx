/**
 * The usage sessions behind a figure or a row of the report: which machine, whose, when, how
 * long (wall and active), and the part inside the period — so a manager can check a number.
 * @module
 */
import { TableScroll } from '../../components/table-scroll/index.js';
import { formatHours } from '../../lib/amounts.js';
import { formatClock, formatDay, formatPercent } from '../../lib/format.js';
import { useI18n, useMachineSharing, useReport } from '../../models/context.js';

export function DrilledSessions() {
  const { t, locale } = useI18n();
  const model = useReport();
  const machines = useMachineSharing().machines.value;
  const drill = model.drill.value;
  if (!drill) return null;
  const lang = locale.value;
  const machine = (id: string) => machines.find((m) => m.id === id)?.name ?? id;
  return (
    <section aria-labelledby="drill-title" data-drill>
      <h3 id="drill-title">
        {t('report.sessionsOf', { what: drill.label, count: drill.sessions.length })}
      </h3>
      <p>
        <button type="button" class="button" onClick={() => model.close()}>
          {t('report.closeSessions')}
        </button>
      </p>
      {drill.sessions.length ? (
        <TableScroll label={t('report.sessionsTable')}>
          <table class="table">
            <caption>{t('report.sessionsTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.when')}</th>
                <th scope="col">{t('report.machine')}</th>
                <th scope="col">{t('report.who')}</th>
                <th scope="col">{t('report.wall')}</th>
                <th scope="col">{t('report.active')}</th>
                <th scope="col">{t('report.inside')}</th>
              </tr>
            </thead>
            <tbody>
              {drill.sessions.map((s) => (
                <tr key={s.id} data-session={s.id}>
                  <th scope="row">
                    {formatDay(Date.parse(s.start), lang)} {formatClock(Date.parse(s.start), lang)}
                  </th>
                  <td>{machine(s.machine)}</td>
                  <td>{s.memberName ?? t('report.walkIn')}</td>
                  <td>{formatHours(s.wallHours, lang)}</td>
                  <td>{formatHours(s.activeHours, lang)}</td>
                  <td>{formatPercent(s.share * 100, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{t('report.noSessions')}</p>
      )}
    </section>
  );
}
