/**
 * A machine's sharing settings, for a fab manager: name, hourly rate, buffer between slots, the
 * training it needs, approval, how it is billed, its group of identical machines (booked as "any
 * of the group" or several at once), the material rate per kilogram, and its own booking rules
 * (an empty field: the site's rule). Loaded from GET …/sharing, saved whole with PUT.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { FormOutcome } from '../../components/api-error/form-outcome.js';
import { useAction } from '../../components/api-error/use-action.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  centsOf,
  eurosText,
  RULE_FIELDS,
  type RulesForm,
  rulesForm,
  rulesOf,
  accessRulesForm,
  type AccessRulesForm,
  savedRules,
} from '../../lib/machine-rules.js';
import { useI18n, useMachineSharing } from '../../models/context.js';
import { type Sharing, settingsOf, type SiteMachine } from '../../models/machine-sharing.js';

const BILLING = ['reserved', 'used', 'reserved_plus_overrun'] as const;

export function SharingForm({ machine }: { readonly machine: SiteMachine }) {
  const { t, locale } = useI18n();
  const model = useMachineSharing();
  const sharing = useSignal<Sharing | null>(null);
  const name = useSignal('');
  const rate = useSignal('');
  const materialRate = useSignal('');
  const group = useSignal('');
  const buffer = useSignal('');
  const training = useSignal('');
  const approval = useSignal(false);
  const billing = useSignal<Sharing['billingMode']>('reserved');
  const rules = useSignal<RulesForm>(rulesForm({}));
  const access = useSignal<AccessRulesForm>(accessRulesForm({}));
  const wrong = useSignal<string | null>(null);
  const saved = useSignal(false);
  const load = useAction();
  const save = useAction();
  const lang = locale.value;
  useEffect(() => {
    void load.run(async () => {
      const s = await model.sharing(machine.id);
      sharing.value = s;
      name.value = s.name;
      rate.value = eurosText(s.hourlyRateCents, lang);
      materialRate.value = eurosText(s.materialRateCentsPerKg, lang);
      group.value = s.group ?? '';
      buffer.value = String(s.bufferMin);
      training.value = s.qualification ?? '';
      approval.value = s.needsApproval;
      billing.value = s.billingMode;
      rules.value = rulesForm(s.rules);
      access.value = accessRulesForm(s.rules);
    });
  }, [machine.id, machine.status]);
  const f = (field: string) => `sharing-${machine.id}-${field}`;
  // The site's groups so far, offered as they are spelt (one typo makes a second group).
  const groups = [
    ...new Set(model.machines.value.flatMap((m) => (m.group ? [m.group] : []))),
  ].sort();
  if (!sharing.value) return <ApiErrorNote error={load.error.value} />;
  return (
    <form
      class="form"
      data-sharing={machine.id}
      onSubmit={async (event) => {
        event.preventDefault();
        saved.value = false;
        wrong.value = null;
        const cents = centsOf(rate.value);
        const materialCents = centsOf(materialRate.value);
        const groupId = group.value.trim();
        const groupOk = groupId === '' || /^[a-z0-9][a-z0-9._-]{0,63}$/i.test(groupId);
        const parsed = rulesOf(rules.value);
        const bufferMin = /^\d+$/.test(buffer.value.trim()) ? Number(buffer.value.trim()) : null;
        const bad = [
          ...(cents === null ? [t('equipment.rate')] : []),
          ...(bufferMin === null ? [t('equipment.buffer')] : []),
          ...(materialCents === null ? [t('equipment.materialRate')] : []),
          ...(groupOk ? [] : [t('equipment.wrongGroup')]),
          ...parsed.wrong.map((r) => t(`equipment.rule.${r}` as MessageKey)),
        ];
        if (
          bad.length ||
          cents === null ||
          materialCents === null ||
          bufferMin === null ||
          !sharing.value
        ) {
          wrong.value = t('equipment.wrongFields', { fields: bad.join(', ') });
          return;
        }
        const base = settingsOf(sharing.value);
        saved.value = await save.run(async () => {
          sharing.value = await model.save(machine.id, {
            ...base,
            name: name.value.trim(),
            hourlyRateCents: cents,
            bufferMin,
            qualification: training.value || null,
            needsApproval: approval.value,
            billingMode: billing.value,
            group: groupId || null,
            materialRateCentsPerKg: materialCents,
            rules: savedRules(sharing.value?.rules ?? {}, parsed.rules, access.value),
          });
        });
      }}
    >
      <div class="field">
        <label for={f('name')}>{t('equipment.name')}</label>
        <input
          id={f('name')}
          required
          value={name.value}
          onInput={(e) => (name.value = e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <div class="field">
          <label for={f('rate')}>{t('equipment.rate')}</label>
          <input
            id={f('rate')}
            inputMode="decimal"
            value={rate.value}
            onInput={(e) => (rate.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={f('buffer')}>{t('equipment.buffer')}</label>
          <input
            id={f('buffer')}
            inputMode="numeric"
            value={buffer.value}
            onInput={(e) => (buffer.value = e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="row">
        <div class="field">
          <label for={f('group')}>{t('equipment.group')}</label>
          <input
            id={f('group')}
            list={f('groups')}
            autocapitalize="none"
            aria-describedby={f('group-hint')}
            value={group.value}
            onInput={(e) => (group.value = e.currentTarget.value)}
          />
          <datalist id={f('groups')}>
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
          <p class="hint" id={f('group-hint')}>
            {t('equipment.groupHint')}
          </p>
        </div>
        <div class="field">
          <label for={f('material')}>{t('equipment.materialRate')}</label>
          <input
            id={f('material')}
            inputMode="decimal"
            value={materialRate.value}
            onInput={(e) => (materialRate.value = e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="field">
        <label for={f('training')}>{t('equipment.training')}</label>
        <select
          id={f('training')}
          value={training.value}
          onChange={(e) => (training.value = e.currentTarget.value)}
        >
          <option value="">{t('equipment.noTraining')}</option>
          {model.trainings.value.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={f('billing')}>{t('equipment.billing')}</label>
        <select
          id={f('billing')}
          value={billing.value}
          onChange={(e) => (billing.value = e.currentTarget.value as Sharing['billingMode'])}
        >
          {BILLING.map((b) => (
            <option key={b} value={b}>
              {t(`equipment.billing.${b}`)}
            </option>
          ))}
        </select>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={approval.value}
          onChange={(e) => (approval.value = e.currentTarget.checked)}
        />
        {t('equipment.approval')}
      </label>
      <fieldset class="fieldset">
        <legend>{t('equipment.rules')}</legend>
        <p class="hint">{t('equipment.rulesHint')}</p>
        <div class="row">
          {RULE_FIELDS.map((r) => (
            <div class="field" key={r}>
              <label for={f(r)}>{t(`equipment.rule.${r}`)}</label>
              <input
                id={f(r)}
                inputMode="numeric"
                value={rules.value[r]}
                onInput={(e) => (rules.value = { ...rules.value, [r]: e.currentTarget.value })}
              />
            </div>
          ))}
        </div>
        <div class="row">
          <div class="field">
            <label for={f('walkIns')}>{t('equipment.rule.walkIns')}</label>
            <select
              id={f('walkIns')}
              value={access.value.walkIns}
              onChange={(e) =>
                (access.value = {
                  ...access.value,
                  walkIns: e.currentTarget.value as AccessRulesForm['walkIns'],
                })
              }
            >
              <option value="">{t('equipment.rule.walkIns.site')}</option>
              <option value="allowed">{t('equipment.rule.walkIns.allowed')}</option>
              <option value="refused">{t('equipment.rule.walkIns.refused')}</option>
            </select>
          </div>
          <div class="field">
            <label for={f('afterUseCheck')}>{t('equipment.rule.afterUseCheck')}</label>
            <input
              id={f('afterUseCheck')}
              maxLength={200}
              value={access.value.afterUseCheck}
              onInput={(e) =>
                (access.value = { ...access.value, afterUseCheck: e.currentTarget.value })
              }
            />
          </div>
        </div>
      </fieldset>
      <button type="submit" class="button button-primary" disabled={save.busy.value}>
        {t('equipment.save')}
      </button>
      <FormOutcome
        wrong={wrong.value}
        error={save.error.value}
        saved={saved.value ? t('equipment.saved', { machine: name.value }) : null}
      />
    </form>
  );
}
