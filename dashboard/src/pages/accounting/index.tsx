/**
 * Accounting, for a fab manager: a month's usage by member, organisation or machine (hours
 * booked, used and billable, material, amounts — time plus material —, no-shows, walk-ins), every
 * line of it as CSV for the bookkeeper (French CSV: ';' and decimal commas, as the server writes
 * it), and the grams of each measured job, to enter or correct.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { TableScroll } from '../../components/table-scroll/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatEuros, formatHours } from '../../lib/amounts.js';
import { formatNumber } from '../../lib/format.js';
import { accountingCsvUrl, monthOf, monthRange } from '../../lib/ledger.js';
import {
  useI18n,
  useLedger,
  useMachineSharing,
  useMembers,
  useSession,
} from '../../models/context.js';
import type { GroupBy } from '../../models/ledger.js';
import { formatGrams } from '../../lib/material.js';
import { MaterialSection } from './material-section.js';

export function AccountingPage() {
  const { t, locale } = useI18n();
  const ledger = useLedger();
  const members = useMembers();
  const machines = useMachineSharing();
  const site = useSession().site.value;
  const month = useSignal(monthOf(Date.now()));
  const by = useSignal<GroupBy>('member');
  const range = useSignal<{ from: string; to: string } | null>(null);
  const load = useAction();
  const reread = () => {
    if (site && range.value)
      void load.run(() => ledger.loadTotals({ ...range.value!, site, by: by.value }));
  };
  useEffect(() => {
    if (site) void load.run(() => Promise.all([members.load(site), machines.load(site)]));
  }, [site]);
  useEffect(() => {
    if (!site || !/^\d{4}-\d{2}$/.test(month.value)) return;
    void load.run(async () => {
      const r = monthRange(month.value, await ledger.timeZone(site));
      range.value = r;
      await ledger.loadTotals({ ...r, site, by: by.value });
    });
  }, [site, month.value, by.value]);
  const lang = locale.value;
  const name = (key: string) => {
    if (key === '' || key === 'null') return t('accounting.nobody');
    if (by.value === 'member') return members.members.value.find((m) => m.id === key)?.name ?? key;
    if (by.value === 'machine')
      return machines.machines.value.find((m) => m.id === key)?.name ?? key;
    return members.organisations.value.find((o) => o.id === key)?.name ?? key;
  };
  const totals = ledger.totals.value;
  return (
    <section class="screen" aria-labelledby="accounting-title">
      <h2 id="accounting-title">{t('accounting.title')}</h2>
      <div class="row">
        <div class="field">
          <label for="accounting-month">{t('accounting.month')}</label>
          <input
            id="accounting-month"
            type="month"
            value={month.value}
            onInput={(e) => (month.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="accounting-by">{t('accounting.by')}</label>
          <select
            id="accounting-by"
            value={by.value}
            onChange={(e) => (by.value = e.currentTarget.value as GroupBy)}
          >
            <option value="member">{t('accounting.by.member')}</option>
            <option value="organisation">{t('accounting.by.organisation')}</option>
            <option value="machine">{t('accounting.by.machine')}</option>
          </select>
        </div>
      </div>
      {range.value ? (
        <p>
          <a
            class="button"
            href={accountingCsvUrl({ ...range.value, site, lang })}
            download
            data-csv
          >
            {t('accounting.csv')}
          </a>
        </p>
      ) : null}
      <ApiErrorNote error={load.error.value} />
      {totals.length === 0 ? <p>{t('accounting.none')}</p> : null}
      {totals.length ? (
        <TableScroll label={t('accounting.caption', { by: t(`accounting.by.${by.value}`) })}>
          <table class="table">
            <caption>{t('accounting.caption', { by: t(`accounting.by.${by.value}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`accounting.by.${by.value}`)}</th>
                <th scope="col">{t('accounting.booked')}</th>
                <th scope="col">{t('accounting.used')}</th>
                <th scope="col">{t('accounting.billable')}</th>
                <th scope="col">{t('accounting.material')}</th>
                <th scope="col">{t('accounting.amount')}</th>
                <th scope="col">{t('accounting.noShows')}</th>
                <th scope="col">{t('accounting.walkIns')}</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((row) => (
                <tr key={row.key} data-total={row.key}>
                  <th scope="row">{name(row.key)}</th>
                  <td>{formatHours(row.bookedHours, lang)}</td>
                  <td>{formatHours(row.usedWallHours, lang)}</td>
                  <td>{formatHours(row.billableHours, lang)}</td>
                  <td>{formatGrams(row.materialGrams, lang)}</td>
                  <td>{formatEuros(row.amountCents, lang)}</td>
                  <td>{formatNumber(row.noShows, lang)}</td>
                  <td>{formatNumber(row.walkIns, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {site && range.value ? (
        <MaterialSection
          site={site}
          range={range.value}
          nameOf={(id) => machines.machines.value.find((m) => m.id === id)?.name ?? id}
          memberOf={(id) =>
            id === null
              ? t('accounting.nobody')
              : (members.members.value.find((m) => m.id === id)?.name ?? id)
          }
          onChange={reread}
        />
      ) : null}
    </section>
  );
}
