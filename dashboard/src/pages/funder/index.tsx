/**
 * The funder's page: what the shared equipment of the site was used for over the last 30 days,
 * machine by machine (busy and running shares, from the InfluxDB history through the server), and
 * the report's downloads (PDF, XLSX, CSV from GET /api/reports, scoped by the server to the sites
 * the account funds) and, when the site stands for a network of sites, the network report's (GET
 * /api/network/report: its members' signed funder reports summed). No personal data: only aggregates.
 * @module
 */
import { useSignal } from '@preact/signals';
import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiRequestError } from '../../api/client.js';
import type { I18n } from '../../i18n/index.js';
import { answer, type ServerApi, type Success } from '../../api/server.js';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatPercent } from '../../lib/format.js';
import {
  networkReportUrl,
  type ReportPeriod,
  reportPeriods,
  reportUrl,
} from '../../lib/report-periods.js';
import type { BookableMachine } from '../../models/booking.js';
import { useApi, useI18n, useSession } from '../../models/context.js';

type Utilisation = Success<ReturnType<ServerApi['machines'][':id']['utilisation']['$get']>>;

interface Row {
  readonly machine: BookableMachine;
  readonly utilisation: Utilisation | null;
  readonly why: string | null;
}

async function loadRows(api: ServerApi, site: string, now: number): Promise<Row[]> {
  const { machines } = await answer(api.sites[':id'].machines.$get({ param: { id: site } }));
  const from = new Date(now - 30 * 86_400_000).toISOString();
  const to = new Date(now).toISOString();
  return Promise.all(
    machines.map(async (machine) => {
      try {
        const utilisation = await answer(
          api.machines[':id'].utilisation.$get({ param: { id: machine.id }, query: { from, to } }),
        );
        return { machine, utilisation, why: null };
      } catch (error) {
        if (!(error instanceof ApiRequestError)) throw error;
        return { machine, utilisation: null, why: error.detail };
      }
    }),
  );
}

function periodLabel(period: ReportPeriod, t: I18n['t']): string {
  if (period.kind === 'year') return t('funder.year', { year: period.year });
  return t('funder.quarter', { quarter: period.quarter ?? 0, year: period.year });
}

export function FunderPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const rows = useSignal<readonly Row[]>([]);
  const network = useSignal<{ id: string; members: readonly string[] } | null>(null);
  const load = useAction();
  const site = useSession().site.value;
  useEffect(() => {
    void load.run(async () => {
      const id = site ?? (await answer(api.sites.$get())).sites[0]?.id;
      if (!id) return;
      rows.value = await loadRows(api, id, Date.now());
      const { members } = await answer(api.network.members.$get({ query: { network: id } }));
      network.value = members.length ? { id, members: members.map((m) => m.name) } : null;
    });
  }, [site]);
  const lang = locale.value;
  return (
    <section class="screen" aria-labelledby="funder-title">
      <h2 id="funder-title">{t('funder.title')}</h2>
      <p>{t('funder.intro')}</p>
      <ApiErrorNote error={load.error.value} />
      <table class="table">
        <caption>{t('funder.period')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funder.machine')}</th>
            <th scope="col">{t('funder.busy')}</th>
            <th scope="col">{t('funder.runningShare')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.value.map(({ machine, utilisation, why }) => (
            <tr key={machine.id}>
              <th scope="row">{machine.name}</th>
              {utilisation ? (
                <>
                  <td>{formatPercent(utilisation.busyShare * 100, lang)}</td>
                  <td>{formatPercent(utilisation.runningShare * 100, lang)}</td>
                </>
              ) : (
                <td colSpan={2} class="muted">
                  {t('funder.noHistory', { why: why ?? '' })}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('funder.downloads')}</h3>
      <p>{t('funder.downloadsIntro')}</p>
      <ul class="downloads">
        {reportPeriods(new Date()).map((period) => {
          const label = periodLabel(period, t);
          return (
            <li key={period.id}>
              <span>{label}</span>{' '}
              {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
                <Fragment key={format}>
                  {' '}
                  <a
                    href={reportUrl(period.id, format, lang)}
                    download
                    aria-label={`${label} — ${t(`funder.${format}`)}`}
                  >
                    {t(`funder.${format}`)}
                  </a>
                </Fragment>
              ))}
            </li>
          );
        })}
      </ul>
      {network.value && (
        <>
          <h3>{t('funder.network')}</h3>
          <p>{t('funder.networkIntro', { sites: network.value.members.join(', ') })}</p>
          <ul class="downloads" data-network>
            {reportPeriods(new Date()).map((period) => {
              const label = `${t('funder.network')} — ${periodLabel(period, t)}`;
              return (
                <li key={period.id}>
                  <span>{periodLabel(period, t)}</span>{' '}
                  {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
                    <Fragment key={format}>
                      {' '}
                      <a
                        href={networkReportUrl(network.value!.id, period.id, format, lang)}
                        download
                        aria-label={`${label} — ${t(`funder.${format}`)}`}
                      >
                        {t(`funder.${format}`)}
                      </a>
                    </Fragment>
                  ))}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
