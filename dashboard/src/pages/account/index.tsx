/**
 * "Mon compte", for everyone with an account: who I am logged in as, my API tokens, and — for an
 * account that acts as a member — my calendar feed's address.
 * @module
 */
import { useI18n, useSession } from '../../models/context.js';
import { ApiTokens } from './api-tokens.js';
import { CalendarLink } from './calendar-link.js';

export function AccountPage() {
  const { t } = useI18n();
  const account = useSession().account.value;
  if (!account) return null;
  return (
    <section class="screen" aria-labelledby="account-title">
      <h2 id="account-title">{t('account.title')}</h2>
      <p>{t('account.who', { name: account.name, email: account.email })}</p>
      <ApiTokens />
      {account.member ? <CalendarLink member={account.member} /> : null}
    </section>
  );
}
