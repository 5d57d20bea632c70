/**
 * My code for the machines: the PIN or badge code typed on the gateway's page beside the
 * machines to start my slot. Only whether one is set is ever read back (the server keeps a hash);
 * a code the server issues is shown once, here.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { type AccessCodeProblem, accessCodeProblem } from '../../lib/access-code.js';
import { useI18n, useReservations } from '../../models/context.js';

export function AccessSection({ member }: { readonly member: string }) {
  const { t } = useI18n();
  const model = useReservations();
  const set = useSignal<boolean | null>(null);
  const typed = useSignal('');
  const problem = useSignal<AccessCodeProblem | null>(null);
  const issued = useSignal<string | null>(null);
  const saved = useSignal(false);
  const load = useAction();
  const action = useAction();
  useEffect(() => {
    void load.run(async () => {
      set.value = (await model.accessCode(member)).set;
    });
  }, [member]);
  return (
    <section aria-labelledby="access-title">
      <h3 id="access-title">{t('access.title')}</h3>
      <p>{t('access.intro')}</p>
      <ApiErrorNote error={load.error.value} />
      {set.value === null ? null : (
        <p data-access-code={set.value ? 'set' : 'none'}>
          {t(set.value ? 'access.isSet' : 'access.notSet')}
        </p>
      )}
      <form
        class="row"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          issued.value = null;
          saved.value = false;
          problem.value = accessCodeProblem(typed.value);
          if (problem.value) return;
          if (await action.run(() => model.setAccessCode(member, typed.value))) {
            set.value = true;
            saved.value = true;
            typed.value = '';
          }
        }}
      >
        <div class="field">
          <label for="access-code">{t('access.choose')}</label>
          <input
            id="access-code"
            type="password"
            autocomplete="off"
            inputmode="numeric"
            maxlength={32}
            value={typed.value}
            aria-invalid={problem.value ? 'true' : undefined}
            aria-describedby={problem.value ? 'access-code-problem' : undefined}
            onInput={(e) => (typed.value = e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" disabled={action.busy.value}>
          {t('access.save')}
        </button>
        <button
          type="button"
          class="button"
          disabled={action.busy.value}
          onClick={async () => {
            saved.value = false;
            problem.value = null;
            await action.run(async () => {
              issued.value = await model.setAccessCode(member);
              set.value = true;
            });
          }}
        >
          {t('access.issue')}
        </button>
      </form>
      {problem.value ? (
        <p id="access-code-problem" class="error" role="alert">
          {t(problem.value)}
        </p>
      ) : null}
      {saved.value ? <p role="status">{t('access.saved')}</p> : null}
      {issued.value ? (
        <p role="status">
          {t('access.issued')} <strong data-issued-code>{issued.value}</strong>
        </p>
      ) : null}
      <ApiErrorNote error={action.error.value} />
    </section>
  );
}
