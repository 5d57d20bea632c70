/**
 * One member, for a fab manager: their settings, an invitation link to hand over (their account),
 * prepaid hours (balance and a credit), their trainings (on the trainings screen) and the facts
 * funders ask about.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatHours } from '../../lib/amounts.js';
import { useI18n, useMembers, useReservations, useSession } from '../../models/context.js';
import type { Balance, Member } from '../../models/members.js';
import { Link } from '../../router/index.js';
import { MemberFactsForm } from './facts-forms.js';
import { MemberForm } from './member-form.js';

function CreditForm({ member }: { readonly member: Member }) {
  const { t, locale } = useI18n();
  const model = useMembers();
  const balance = useSignal<Balance | null>(null);
  const hours = useSignal('');
  const note = useSignal('');
  const done = useSignal<string | null>(null);
  const load = useAction();
  const credit = useAction();
  const refresh = () => load.run(async () => (balance.value = await model.balance(member.id)));
  useEffect(() => {
    done.value = null;
    void refresh();
  }, [member.id]);
  const lang = locale.value;
  const f = `credit-${member.id}`;
  return (
    <form
      class="form"
      aria-labelledby={`${f}-title`}
      onSubmit={async (event) => {
        event.preventDefault();
        const value = Number(hours.value.replace(',', '.'));
        done.value = null;
        if (await credit.run(() => model.credit(member.id, value, note.value))) {
          done.value = t('members.credited', {
            hours: formatHours(value, lang),
            member: member.name,
          });
          hours.value = '';
          note.value = '';
          await refresh();
        }
      }}
    >
      <h4 id={`${f}-title`}>{t('members.creditTitle')}</h4>
      <ApiErrorNote error={load.error.value} />
      {balance.value ? (
        <p data-balance={balance.value.balanceHours}>
          {t('members.balance', {
            balance: formatHours(balance.value.balanceHours, lang),
            credited: formatHours(balance.value.creditedHours, lang),
            used: formatHours(balance.value.usedHours, lang),
          })}
          {balance.value.overdraftHours > 0
            ? ` ${t('members.overdraft', { hours: formatHours(balance.value.overdraftHours, lang) })}`
            : ''}
        </p>
      ) : null}
      <div class="row">
        <div class="field">
          <label for={`${f}-hours`}>{t('members.creditHours')}</label>
          <input
            id={`${f}-hours`}
            inputMode="decimal"
            required
            pattern="[0-9]+([.,][0-9]+)?"
            value={hours.value}
            onInput={(e) => (hours.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${f}-note`}>{t('members.creditNote')}</label>
          <input
            id={`${f}-note`}
            value={note.value}
            onInput={(e) => (note.value = e.currentTarget.value)}
          />
        </div>
      </div>
      <button type="submit" class="button" disabled={credit.busy.value}>
        {t('members.credit')}
      </button>
      <ApiErrorNote error={credit.error.value} />
      {done.value ? (
        <p class="note note-ok" role="status">
          {done.value}
        </p>
      ) : null}
    </form>
  );
}

function InviteButton({ member }: { readonly member: Member }) {
  const { t } = useI18n();
  const model = useMembers();
  const session = useSession();
  const link = useSignal<string | null>(null);
  const invite = useAction();
  useEffect(() => {
    link.value = null;
  }, [member.id]);
  const here = session.site.value;
  const sites = here && member.sites.includes(here) ? [here] : member.sites.slice(0, 1);
  return (
    <div>
      <button
        type="button"
        class="button"
        disabled={invite.busy.value}
        onClick={() =>
          invite.run(async () => (link.value = (await model.invite(member, sites)).link))
        }
      >
        {t('members.invite')}
      </button>
      <ApiErrorNote error={invite.error.value} />
      {link.value ? (
        <div class="note note-ok" role="status">
          <p>{t('members.invited', { email: member.email })}</p>
          <p class="url" data-invitation>
            {link.value}
          </p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * A code for the machines' gateway page, issued by the server for the member (8 digits, shown
 * once here to hand over; it replaces any code they had). For a member who has no account yet.
 */
function AccessCodeButton({ member }: { readonly member: Member }) {
  const { t } = useI18n();
  const model = useReservations();
  const code = useSignal<string | null>(null);
  const issue = useAction();
  useEffect(() => {
    code.value = null;
  }, [member.id]);
  return (
    <div>
      <button
        type="button"
        class="button"
        disabled={issue.busy.value}
        onClick={() => issue.run(async () => (code.value = await model.setAccessCode(member.id)))}
      >
        {t('members.issueCode')}
      </button>
      <ApiErrorNote error={issue.error.value} />
      {code.value ? (
        <p class="note note-ok" role="status" data-access-code>
          {t('members.codeIssued', { member: member.name, code: code.value })}
        </p>
      ) : null}
    </div>
  );
}

export function MemberPanel({ member }: { readonly member: Member }) {
  const { t } = useI18n();
  const saved = useSignal(false);
  useEffect(() => {
    saved.value = false;
  }, [member.id]);
  return (
    <section
      class="panel"
      aria-labelledby={`member-${member.id}-title`}
      data-member-panel={member.id}
    >
      <h3 id={`member-${member.id}-title`}>{member.name}</h3>
      <div class="actions">
        <InviteButton member={member} />
        <AccessCodeButton member={member} />
        <Link href={`/formations?membre=${encodeURIComponent(member.id)}`} class="button">
          {t('members.trainings')}
        </Link>
      </div>
      <h4>{t('members.settings')}</h4>
      <MemberForm key={member.id} member={member} onSaved={() => (saved.value = true)} />
      {saved.value ? (
        <p class="note note-ok" role="status">
          {t('members.saved', { member: member.name })}
        </p>
      ) : null}
      <CreditForm member={member} />
      <MemberFactsForm member={member.id} />
    </section>
  );
}
