/**
 * Organisations (a business with its SIRET, an association, a school), for a fab manager: the
 * list, one to edit with its facts, and a new one. The server checks the SIRET's check digit and
 * says so in the user's language.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import type { MessageKey } from '../../i18n/index.js';
import { ORGANISATION_KINDS, slugOf } from '../../lib/members.js';
import { useI18n, useMembers } from '../../models/context.js';
import type { Organisation, OrganisationSettings } from '../../models/members.js';
import { OrganisationFactsForm } from './facts-forms.js';

function OrganisationForm({
  organisation,
  onSaved,
}: {
  readonly organisation: Organisation | null;
  readonly onSaved: (id: string) => void;
}) {
  const { t } = useI18n();
  const model = useMembers();
  const name = useSignal(organisation?.name ?? '');
  const kind = useSignal<OrganisationSettings['kind']>(
    (organisation?.kind as OrganisationSettings['kind'] | undefined) ?? 'business',
  );
  const siret = useSignal(organisation?.siret ?? '');
  const save = useAction();
  const f = `organisation-${organisation?.id ?? 'new'}`;
  return (
    <form
      class="form"
      data-organisation-form={organisation?.id ?? 'new'}
      onSubmit={async (event) => {
        event.preventDefault();
        const id = organisation?.id ?? slugOf(name.value);
        const ok = await save.run(() =>
          model.saveOrganisation(id, {
            name: name.value.trim(),
            kind: kind.value,
            siret: siret.value.trim() || null,
          }),
        );
        if (ok) onSaved(id);
      }}
    >
      <div class="field">
        <label for={`${f}-name`}>{t('organisations.name')}</label>
        <input
          id={`${f}-name`}
          required
          value={name.value}
          onInput={(e) => (name.value = e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${f}-kind`}>{t('organisations.kind')}</label>
        <select
          id={`${f}-kind`}
          value={kind.value}
          onChange={(e) => (kind.value = e.currentTarget.value as OrganisationSettings['kind'])}
        >
          {ORGANISATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`organisations.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${f}-siret`}>{t('organisations.siret')}</label>
        <input
          id={`${f}-siret`}
          inputMode="numeric"
          value={siret.value}
          aria-describedby={`${f}-siret-hint`}
          onInput={(e) => (siret.value = e.currentTarget.value)}
        />
        <p class="hint" id={`${f}-siret-hint`}>
          {t('organisations.siretHint')}
        </p>
      </div>
      <button type="submit" class="button button-primary" disabled={save.busy.value}>
        {organisation ? t('organisations.save') : t('organisations.create')}
      </button>
      <ApiErrorNote error={save.error.value} />
    </form>
  );
}

export function OrganisationsSection() {
  const { t } = useI18n();
  const model = useMembers();
  const chosen = useSignal<string | 'new' | null>(null);
  const saved = useSignal<string | null>(null);
  const organisation = model.organisations.value.find((o) => o.id === chosen.value) ?? null;
  return (
    <section aria-labelledby="organisations-title">
      <h3 id="organisations-title">{t('organisations.title')}</h3>
      <ul class="list">
        {model.organisations.value.map((o) => (
          <li class="item" key={o.id} data-organisation={o.id}>
            <span>
              <strong>{o.name}</strong> — {t(`organisations.kind.${o.kind}` as MessageKey)}
              {o.siret ? ` · SIRET ${o.siret}` : ''}
            </span>
            <button
              type="button"
              class="button"
              aria-expanded={chosen.value === o.id}
              onClick={() => {
                saved.value = null;
                chosen.value = chosen.value === o.id ? null : o.id;
              }}
            >
              {t('organisations.edit', { name: o.name })}
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button
          type="button"
          class="button"
          aria-expanded={chosen.value === 'new'}
          onClick={() => {
            saved.value = null;
            chosen.value = chosen.value === 'new' ? null : 'new';
          }}
        >
          {t('organisations.new')}
        </button>
      </p>
      {chosen.value === 'new' ? (
        <OrganisationForm
          organisation={null}
          onSaved={(id) => {
            saved.value = id;
            chosen.value = id;
          }}
        />
      ) : null}
      {organisation ? (
        <div class="panel" data-organisation-panel={organisation.id}>
          <OrganisationForm
            key={organisation.id}
            organisation={organisation}
            onSaved={(id) => (saved.value = id)}
          />
          <OrganisationFactsForm organisation={organisation.id} name={organisation.name} />
        </div>
      ) : null}
      {saved.value ? (
        <p class="note note-ok" role="status">
          {t('organisations.saved', {
            name: model.organisations.value.find((o) => o.id === saved.value)?.name ?? saved.value,
          })}
        </p>
      ) : null}
    </section>
  );
}
