/**
 * A member's settings, for a fab manager: name, email, organisation, plan, active, outside the
 * quotas, and the sites they belong to (among those the manager manages). A new member gets an id
 * made from their name, which the manager may change before saving.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { slugOf } from '../../lib/members.js';
import { useI18n, useMembers, useSession } from '../../models/context.js';
import type { Member } from '../../models/members.js';

export function MemberForm({
  member,
  onSaved,
}: {
  /** null: a new member. */
  readonly member: Member | null;
  readonly onSaved: (member: Member) => void;
}) {
  const { t } = useI18n();
  const model = useMembers();
  const session = useSession();
  const choices = session.siteChoices.value;
  const here = session.site.value;
  const key = member?.id ?? 'new';
  const id = useSignal(member?.id ?? '');
  const idTouched = useSignal(false);
  const name = useSignal(member?.name ?? '');
  const email = useSignal(member?.email ?? '');
  const organisation = useSignal(member?.organisation ?? '');
  const plan = useSignal(member?.plan ?? model.plans.value[0]?.id ?? '');
  const active = useSignal(member?.active ?? true);
  const quotaExempt = useSignal(member?.quotaExempt ?? false);
  const sites = useSignal<readonly string[]>(
    member ? member.sites.filter((s) => choices.some((c) => c.id === s)) : here ? [here] : [],
  );
  const save = useAction();
  const f = (field: string) => `member-${key}-${field}`;
  return (
    <form
      class="form"
      data-member-form={key}
      onSubmit={async (event) => {
        event.preventDefault();
        let saved: Member | null = null;
        const ok = await save.run(async () => {
          saved = await model.save(member?.id ?? (id.value.trim() || slugOf(name.value)), {
            name: name.value.trim(),
            email: email.value.trim(),
            organisation: organisation.value || null,
            plan: plan.value,
            active: active.value,
            quotaExempt: quotaExempt.value,
            ...(choices.length > 0 ? { sites: [...sites.value] } : {}),
          });
        });
        if (ok && saved) onSaved(saved);
      }}
    >
      <div class="field">
        <label for={f('name')}>{t('members.name')}</label>
        <input
          id={f('name')}
          required
          value={name.value}
          autocomplete="off"
          onInput={(e) => {
            name.value = e.currentTarget.value;
            if (!member && !idTouched.value) id.value = slugOf(name.value);
          }}
        />
      </div>
      {member ? null : (
        <div class="field">
          <label for={f('id')}>{t('members.id')}</label>
          <input
            id={f('id')}
            required
            value={id.value}
            pattern="[a-z0-9][a-z0-9._\-]*"
            aria-describedby={f('id-hint')}
            onInput={(e) => {
              id.value = e.currentTarget.value;
              idTouched.value = true;
            }}
          />
          <p class="hint" id={f('id-hint')}>
            {t('members.idHint')}
          </p>
        </div>
      )}
      <div class="field">
        <label for={f('email')}>{t('members.email')}</label>
        <input
          id={f('email')}
          type="email"
          required
          value={email.value}
          autocomplete="off"
          onInput={(e) => (email.value = e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={f('organisation')}>{t('members.organisation')}</label>
        <select
          id={f('organisation')}
          value={organisation.value}
          onChange={(e) => (organisation.value = e.currentTarget.value)}
        >
          <option value="">{t('members.noOrganisation')}</option>
          {model.organisations.value.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={f('plan')}>{t('members.plan')}</label>
        <select
          id={f('plan')}
          value={plan.value}
          onChange={(e) => (plan.value = e.currentTarget.value)}
        >
          {model.plans.value.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {choices.length > 1 ? (
        <fieldset class="fieldset">
          <legend>{t('members.sites')}</legend>
          {choices.map((s) => (
            <label key={s.id} class="check">
              <input
                type="checkbox"
                checked={sites.value.includes(s.id)}
                data-site={s.id}
                onChange={(e) =>
                  (sites.value = e.currentTarget.checked
                    ? [...sites.value, s.id]
                    : sites.value.filter((x) => x !== s.id))
                }
              />
              {s.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label class="check">
        <input
          type="checkbox"
          checked={active.value}
          onChange={(e) => (active.value = e.currentTarget.checked)}
        />
        {t('members.active')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={quotaExempt.value}
          onChange={(e) => (quotaExempt.value = e.currentTarget.checked)}
        />
        {t('members.quotaExempt')}
      </label>
      <button type="submit" class="button button-primary" disabled={save.busy.value}>
        {member ? t('members.save') : t('members.create')}
      </button>
      <ApiErrorNote error={save.error.value} />
    </form>
  );
}
