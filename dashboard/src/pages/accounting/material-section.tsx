/**
 * The month's measured jobs and their grams of material, for a fab manager: the figure the
 * gateway measured or the member declared, entered or corrected here (a manager may change any);
 * the totals above follow, material billed at each machine's rate per kg.
 * @module
 */
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { MaterialForm } from '../../components/material-form/index.js';
import { formatClock, formatDay } from '../../lib/format.js';
import { formatGrams } from '../../lib/material.js';
import { useI18n, useUsage } from '../../models/context.js';

export function MaterialSection({
  site,
  range,
  nameOf,
  memberOf,
  onChange,
}: {
  readonly site: string;
  readonly range: { readonly from: string; readonly to: string };
  readonly nameOf: (machine: string) => string;
  readonly memberOf: (member: string | null) => string;
  /** Called after grams are saved: the totals are read again. */
  readonly onChange: () => void;
}) {
  const { t, locale } = useI18n();
  const usage = useUsage();
  const load = useAction();
  useEffect(() => {
    void load.run(() => usage.loadSessions({ ...range, site }));
  }, [site, range.from, range.to]);
  const lang = locale.value;
  const sessions = usage.sessions.value;
  return (
    <section aria-labelledby="accounting-sessions-title">
      <h3 id="accounting-sessions-title">{t('accounting.sessions')}</h3>
      <p>{t('accounting.sessionsIntro')}</p>
      <ApiErrorNote error={load.error.value} />
      {sessions.length === 0 ? <p>{t('accounting.noSession')}</p> : null}
      <ul class="list">
        {sessions.map((s) => {
          const words = {
            machine: nameOf(s.machine),
            member: memberOf(s.member),
            day: `${formatDay(Date.parse(s.startedAt), lang)} ${formatClock(Date.parse(s.startedAt), lang)}`,
          };
          return (
            <li class="item" key={s.id} data-session={s.id} data-grams={s.materialGrams ?? ''}>
              <span>
                <strong>{words.machine}</strong> — {words.member}, {words.day} ·{' '}
                {formatGrams(s.materialGrams, lang)}
              </span>
              <MaterialForm
                key={`${s.id}:${s.materialGrams}`}
                session={s.id}
                label={t('material.entry', words)}
                initial={s.materialGrams === null ? '' : String(s.materialGrams)}
                onSaved={onChange}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
