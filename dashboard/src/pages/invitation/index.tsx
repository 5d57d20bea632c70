/**
 * Accept an invitation: the one-time token comes after `#` in the link a manager handed over;
 * the invitee chooses a password (the policy's reasons shown when refused) and is logged in.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { NewPasswordFields } from '../../components/new-password/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { useI18n, useSession } from '../../models/context.js';
import { navigate, place } from '../../router/index.js';
import { HOME } from '../../router/routes.js';

export function InvitationPage() {
  const { t } = useI18n();
  const session = useSession();
  const password = useSignal('');
  const confirm = useSignal('');
  const action = useAction();
  const token = place.value.hash;
  return (
    <section class="screen" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('invite.title')}</h2>
      {token.length < 10 ? (
        <p class="note note-error" role="alert">
          {t('invite.noToken')}
        </p>
      ) : (
        <form
          class="form"
          onSubmit={async (event) => {
            event.preventDefault();
            if (password.value !== confirm.value) return;
            let home = '/';
            const ok = await action.run(async () => {
              home = HOME[(await session.acceptInvitation(token, password.value)).role];
            });
            if (ok) navigate(home, { replace: true });
          }}
        >
          <p>{t('invite.intro')}</p>
          <NewPasswordFields password={password} confirm={confirm} />
          <ApiErrorNote error={action.error.value} />
          <button type="submit" class="button button-primary" disabled={action.busy.value}>
            {t('invite.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
