/**
 * The membership plans and their quotas, for a fab manager: hours or reservations per day, week or
 * month, over every machine or one machine group ("2 h a day on the Prusa MK4s"). A plan common
 * to every site is an administrator's to change: a manager reads it, and the server's error
 * would say so in words. Rows that are wrong are named before anything is sent.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { FormOutcome } from '../../components/api-error/form-outcome.js';
import { useAction } from '../../components/api-error/use-action.js';
import {
  EMPTY_ROW,
  PERIODS,
  type Period,
  type QuotaRow,
  quotaRows,
  quotasOf,
} from '../../lib/plan-quotas.js';
import { formatNumber } from '../../lib/format.js';
import { useI18n, useMembers, useSession } from '../../models/context.js';
import type { Plan } from '../../models/members.js';

function PlanForm({ plan, groups }: { readonly plan: Plan; readonly groups: readonly string[] }) {
  const { t, locale } = useI18n();
  const model = useMembers();
  const rows = useSignal<QuotaRow[]>(quotaRows(plan.quotas, locale.value));
  const wrong = useSignal<string | null>(null);
  const saved = useSignal(false);
  const save = useAction();
  const set = (i: number, change: Partial<QuotaRow>) => {
    saved.value = false;
    rows.value = rows.value.map((r, j) => (j === i ? { ...r, ...change } : r));
  };
  const f = (i: number, field: string) => `plan-${plan.id}-${i}-${field}`;
  return (
    <form
      class="form"
      data-plan-form={plan.id}
      onSubmit={async (event) => {
        event.preventDefault();
        saved.value = false;
        const parsed = quotasOf(rows.value);
        wrong.value = parsed.wrong.length
          ? t('plans.wrongRows', { rows: parsed.wrong.join(', ') })
          : null;
        if (parsed.wrong.length) return;
        saved.value = await save.run(() => model.savePlan({ ...plan, quotas: parsed.quotas }));
      }}
    >
      {rows.value.map((r, i) => (
        <fieldset class="fieldset" key={i} data-quota={i + 1}>
          <legend>{t('plans.quota', { n: i + 1 })}</legend>
          <div class="row">
            <div class="field">
              <label for={f(i, 'period')}>{t('plans.period')}</label>
              <select
                id={f(i, 'period')}
                value={r.period}
                onChange={(e) => set(i, { period: e.currentTarget.value as Period })}
              >
                {PERIODS.map((p) => (
                  <option key={p} value={p}>
                    {t(`plans.period.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={f(i, 'hours')}>{t('plans.hours')}</label>
              <input
                id={f(i, 'hours')}
                inputMode="decimal"
                value={r.hours}
                onInput={(e) => set(i, { hours: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for={f(i, 'bookings')}>{t('plans.reservations')}</label>
              <input
                id={f(i, 'bookings')}
                inputMode="numeric"
                value={r.bookings}
                onInput={(e) => set(i, { bookings: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for={f(i, 'group')}>{t('plans.group')}</label>
              <select
                id={f(i, 'group')}
                value={r.group}
                onChange={(e) => set(i, { group: e.currentTarget.value })}
              >
                <option value="">{t('plans.everyMachine')}</option>
                {[...new Set([...groups, ...(r.group ? [r.group] : [])])].map((g) => (
                  <option key={g} value={g}>
                    {t('plans.onGroup', { group: g })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button
            type="button"
            class="button"
            onClick={() => {
              saved.value = false;
              rows.value = rows.value.filter((_, j) => j !== i);
            }}
          >
            {t('plans.removeQuota', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <div class="actions">
        <button
          type="button"
          class="button"
          onClick={() => {
            saved.value = false;
            rows.value = [...rows.value, EMPTY_ROW];
          }}
        >
          {t('plans.addQuota')}
        </button>
        <button type="submit" class="button button-primary" disabled={save.busy.value}>
          {t('plans.save', { plan: plan.name })}
        </button>
      </div>
      <FormOutcome
        wrong={wrong.value}
        error={save.error.value}
        saved={saved.value ? t('plans.saved', { plan: plan.name }) : null}
      />
    </form>
  );
}

export function PlansSection() {
  const { t, locale } = useI18n();
  const model = useMembers();
  const session = useSession();
  const site = session.site.value;
  const admin = session.role.value === 'admin';
  const open = useSignal<string | null>(null);
  const load = useAction();
  useEffect(() => {
    if (site) void load.run(() => model.loadGroups(site));
  }, [site]);
  const groups = [...new Set(model.groups.value.map((g) => g.id))].sort();
  const quotaWords = (plan: Plan) =>
    plan.quotas.length === 0
      ? t('plans.noQuota')
      : plan.quotas
          .map(
            (q) =>
              [
                q.hours !== undefined
                  ? t('plans.hoursPer', {
                      n: formatNumber(q.hours, locale.value),
                      period: t(`plans.per.${q.period}`),
                    })
                  : null,
                q.bookings !== undefined
                  ? t('plans.reservationsPer', {
                      n: q.bookings,
                      period: t(`plans.per.${q.period}`),
                    })
                  : null,
              ]
                .filter(Boolean)
                .join(', ') + (q.group ? ` ${t('plans.onGroup', { group: q.group })}` : ''),
          )
          .join(' ; ');
  return (
    <section aria-labelledby="plans-title">
      <h3 id="plans-title">{t('plans.title')}</h3>
      <ApiErrorNote error={load.error.value} />
      <ul class="list">
        {model.plans.value.map((p) => {
          const mine = admin || (p.site !== null && p.site === site);
          return (
            <li class="item" key={p.id} data-plan={p.id}>
              <span>
                <strong>{p.name}</strong> — <span data-quotas>{quotaWords(p)}</span>
                {p.site === null ? <span class="muted"> · {t('plans.common')}</span> : null}
              </span>
              {mine ? (
                <button
                  type="button"
                  class="button"
                  aria-expanded={open.value === p.id}
                  onClick={() => (open.value = open.value === p.id ? null : p.id)}
                >
                  {t('plans.edit', { plan: p.name })}
                </button>
              ) : null}
              {open.value === p.id ? <PlanForm key={p.id} plan={p} groups={groups} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
