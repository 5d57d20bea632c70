/**
 * The facts funders ask about, as forms: a member's status and own territory, an organisation's
 * legal form, sector (filière) and territory (commune, INSEE code, QPV or rural). The manager's
 * members screen and the artisan's "mon profil" both use them; the server says who may write.
 * @module
 */
import { type Signal, useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { FormOutcome } from '../../components/api-error/form-outcome.js';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  LEGAL_FORMS,
  PERSON_STATUSES,
  SECTORS,
  type TerritoryForm,
  territoryForm,
  territoryOf,
} from '../../lib/members.js';
import { useI18n, useMembers } from '../../models/context.js';
import type { MemberFacts, OrganisationFacts } from '../../models/members.js';

/** A fact that may be unknown: a labelled select of its values, "unknown" first (null). */
function FactSelect<V extends string>({
  id,
  label,
  value,
  values,
  words,
  disabled,
}: {
  readonly id: string;
  readonly label: string;
  readonly disabled: boolean;
  readonly value: Signal<V | null>;
  readonly values: readonly V[];
  /** The catalog's key prefix for each value's words (`facts.sector` → `facts.sector.wood`). */
  readonly words: string;
}) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        disabled={disabled}
        value={value.value ?? ''}
        onChange={(e) => (value.value = (e.currentTarget.value || null) as V | null)}
      >
        <option value="">{t('facts.unknown')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`${words}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
}

function TerritoryFields({
  id,
  form,
  onChange,
  disabled,
}: {
  readonly id: string;
  readonly form: TerritoryForm;
  readonly disabled: boolean;
  readonly onChange: (form: TerritoryForm) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset class="fieldset" disabled={disabled}>
      <legend>{t('facts.territory')}</legend>
      <div class="field">
        <label for={`${id}-commune`}>{t('facts.commune')}</label>
        <input
          id={`${id}-commune`}
          value={form.commune}
          autocomplete="address-level2"
          onInput={(e) => onChange({ ...form, commune: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`${id}-insee`}>{t('facts.insee')}</label>
        <input
          id={`${id}-insee`}
          value={form.insee}
          inputMode="text"
          maxLength={5}
          aria-describedby={`${id}-insee-hint`}
          onInput={(e) => onChange({ ...form, insee: e.currentTarget.value })}
        />
        <p class="hint" id={`${id}-insee-hint`}>
          {t('facts.inseeHint')}
        </p>
      </div>
      <div class="field">
        <label for={`${id}-place`}>{t('facts.place')}</label>
        <select
          id={`${id}-place`}
          value={form.place}
          onChange={(e) =>
            onChange({ ...form, place: e.currentTarget.value as TerritoryForm['place'] })
          }
        >
          <option value="urban">{t('facts.place.urban')}</option>
          <option value="qpv">{t('facts.place.qpv')}</option>
          <option value="rural">{t('facts.place.rural')}</option>
        </select>
      </div>
    </fieldset>
  );
}

/**
 * What both forms do around their own fields: read the stored facts when the form opens (the
 * fields stay disabled until they are in: a choice made before would be overwritten), ask the
 * territory both have, save them, and say the server's error or that they are saved.
 */
function FactsForm({
  id,
  kind,
  subject,
  title,
  submit,
  read,
  write,
  place,
  children,
}: {
  readonly id: string;
  readonly kind: 'member' | 'organisation';
  /** Whose facts: read again when it changes. */
  readonly subject: string;
  /** The heading, and the words under it, if any. */
  readonly title: ComponentChildren;
  readonly submit: string;
  /** Reads the stored facts into the fields' signals. */
  readonly read: () => Promise<void>;
  readonly write: () => Promise<unknown>;
  readonly place: Signal<TerritoryForm>;
  /** The form's own fields, before the territory. */
  readonly children: (disabled: boolean) => ComponentChildren;
}) {
  const { t } = useI18n();
  const saved = useSignal(false);
  const load = useAction();
  const save = useAction();
  const loaded = useSignal(false);
  useEffect(() => {
    saved.value = false;
    loaded.value = false;
    void load.run(read).then(() => {
      loaded.value = true;
    });
  }, [subject]);
  return (
    <form
      class="form"
      aria-labelledby={`${id}-title`}
      data-facts={kind}
      onSubmit={async (event) => {
        event.preventDefault();
        saved.value = false;
        saved.value = await save.run(write);
      }}
    >
      {title}
      <ApiErrorNote error={load.error.value} />
      {children(!loaded.value)}
      <TerritoryFields
        id={id}
        form={place.value}
        onChange={(f) => (place.value = f)}
        disabled={!loaded.value}
      />
      <button
        type="submit"
        class="button button-primary"
        disabled={!loaded.value || save.busy.value}
      >
        {submit}
      </button>
      <FormOutcome
        wrong={null}
        error={save.error.value}
        saved={saved.value ? t('facts.saved') : null}
      />
    </form>
  );
}

/** A member's status and territory; `member` is the member's id (the artisan's own for "mon profil"). */
export function MemberFactsForm({ member }: { readonly member: string }) {
  const { t } = useI18n();
  const model = useMembers();
  const status = useSignal<MemberFacts['status']>(null);
  const place = useSignal<TerritoryForm>(territoryForm(null));
  const id = `member-facts-${member}`;
  return (
    <FactsForm
      id={id}
      kind="member"
      subject={member}
      title={
        <>
          <h4 id={`${id}-title`}>{t('facts.memberTitle')}</h4>
          <p class="hint">{t('facts.why')}</p>
        </>
      }
      submit={t('facts.save')}
      read={async () => {
        const facts = await model.memberFacts(member);
        status.value = facts.status;
        place.value = territoryForm(facts.territory);
      }}
      place={place}
      write={() =>
        model.saveMemberFacts(member, { status: status.value, territory: territoryOf(place.value) })
      }
    >
      {(disabled) => (
        <>
          <FactSelect
            id={`${id}-status`}
            label={t('facts.status')}
            value={status}
            values={PERSON_STATUSES}
            words="facts.status"
            disabled={disabled}
          />
        </>
      )}
    </FactsForm>
  );
}

/** An organisation's legal form, sector and territory. */
export function OrganisationFactsForm({
  organisation,
  name,
}: {
  readonly organisation: string;
  /** Its name; none: the artisan's own organisation (they cannot list organisations). */
  readonly name?: string;
}) {
  const { t } = useI18n();
  const model = useMembers();
  const legalForm = useSignal<OrganisationFacts['legalForm']>(null);
  const sector = useSignal<OrganisationFacts['sector']>(null);
  const place = useSignal<TerritoryForm>(territoryForm(null));
  const id = `organisation-facts-${organisation}`;
  return (
    <FactsForm
      id={id}
      kind="organisation"
      subject={organisation}
      title={
        <h4 id={`${id}-title`}>
          {name ? t('facts.organisationTitle', { name }) : t('facts.myOrganisationTitle')}
        </h4>
      }
      submit={t('facts.saveOrganisation')}
      read={async () => {
        const facts = await model.organisationFacts(organisation);
        legalForm.value = facts.legalForm;
        sector.value = facts.sector;
        place.value = territoryForm(facts.territory);
      }}
      place={place}
      write={() =>
        model.saveOrganisationFacts(organisation, {
          legalForm: legalForm.value,
          sector: sector.value,
          territory: territoryOf(place.value),
        })
      }
    >
      {(disabled) => (
        <>
          <FactSelect
            id={`${id}-legal`}
            label={t('facts.legalForm')}
            value={legalForm}
            values={LEGAL_FORMS}
            words="facts.legal"
            disabled={disabled}
          />
          <FactSelect
            id={`${id}-sector`}
            label={t('facts.sector')}
            value={sector}
            values={SECTORS}
            words="facts.sector"
            disabled={disabled}
          />
        </>
      )}
    </FactsForm>
  );
}
