/**
 * My use of the last 31 days, priced: each job that ran on a machine (time, grams of material,
 * the amount: time plus material at the machine's rate per kg), and for a job whose grams nobody
 * recorded, the grams I declare (the slicer's figure, or the spool weighed after).
 * @module
 */
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { MaterialForm } from '../../components/material-form/index.js';
import { formatEuros, formatHours } from '../../lib/amounts.js';
import { formatClock, formatDay } from '../../lib/format.js';
import { declarableSession, formatGrams } from '../../lib/material.js';
import { useI18n, useUsage } from '../../models/context.js';

const DAYS = 31;

export function UsageSection({
  member,
  nameOf,
}: {
  readonly member: string;
  readonly nameOf: (machine: string) => string;
}) {
  const { t, locale } = useI18n();
  const usage = useUsage();
  const load = useAction();
  useEffect(() => {
    const to = Date.now() + 60_000;
    const from = to - DAYS * 86_400_000;
    void load.run(() =>
      usage.loadLines({
        member,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      }),
    );
  }, [member]);
  const lang = locale.value;
  return (
    <section aria-labelledby="mine-usage-title">
      <h3 id="mine-usage-title">{t('mine.usageTitle')}</h3>
      <ApiErrorNote error={load.error.value} />
      {usage.lines.value.length === 0 ? <p>{t('mine.usageNone')}</p> : null}
      <ul class="list">
        {usage.lines.value.map((line) => {
          const session = declarableSession(line);
          const day = `${formatDay(Date.parse(line.date), lang)} ${formatClock(Date.parse(line.date), lang)}`;
          const machine = nameOf(line.machine);
          return (
            <li class="item" key={line.usage.join(',')} data-usage={line.usage.join(',')}>
              <div>
                <strong>{machine}</strong> — {day}
                <div>
                  {t('mine.usageLine', {
                    time: formatHours(line.billableMin / 60, lang),
                    grams: formatGrams(line.materialGrams, lang),
                  })}
                </div>
                <div data-amount={line.amountCents}>
                  {t('mine.usageAmount', {
                    amount: formatEuros(line.amountCents, lang),
                    material: formatEuros(line.materialCents, lang),
                  })}
                </div>
              </div>
              {session ? (
                <MaterialForm session={session} label={t('material.declare', { machine, day })} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
