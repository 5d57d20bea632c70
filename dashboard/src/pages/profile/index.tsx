/**
 * "Mon profil", for an artisan: who they are for the workshop (name, email, organisation, plan,
 * prepaid hours left) and the facts funders ask about, which they fill themselves: their status
 * and territory, and their organisation's legal form, sector and territory.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatHours } from '../../lib/amounts.js';
import { useI18n, useMembers, useSession } from '../../models/context.js';
import type { Balance, Member } from '../../models/members.js';
import { MemberFactsForm, OrganisationFactsForm } from '../members/facts-forms.js';

export function ProfilePage() {
  const { t, locale } = useI18n();
  const model = useMembers();
  const id = useSession().account.value?.member ?? null;
  const me = useSignal<Member | null>(null);
  const balance = useSignal<Balance | null>(null);
  const load = useAction();
  useEffect(() => {
    if (id)
      void load.run(async () => {
        [me.value, balance.value] = await Promise.all([model.get(id), model.balance(id)]);
      });
  }, [id]);
  const member = me.value;
  return (
    <section class="screen" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <ApiErrorNote error={load.error.value} />
      {id === null ? <p>{t('profile.noMember')}</p> : null}
      {member ? (
        <>
          <dl class="facts">
            <dt>{t('members.name')}</dt>
            <dd>{member.name}</dd>
            <dt>{t('members.email')}</dt>
            <dd>{member.email}</dd>
            {balance.value ? (
              <>
                <dt>{t('profile.prepaid')}</dt>
                <dd data-balance={balance.value.balanceHours}>
                  {formatHours(balance.value.balanceHours, locale.value)}
                </dd>
              </>
            ) : null}
          </dl>
          <MemberFactsForm member={member.id} />
          {member.organisation ? (
            <OrganisationFactsForm organisation={member.organisation} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
