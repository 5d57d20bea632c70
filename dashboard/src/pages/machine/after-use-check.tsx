/**
 * "Vérification après usage": on a machine whose rules ask for one, what to check and, once a use
 * has ended, that the machine awaits it (nobody starts it until then). The person of that use, or
 * a manager of the site, confirms it here with a note. Shown to the site's members only (the
 * server answers 404 to others, as for no machine, and the panel stays away).
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { answer, type Success } from '../../api/server.js';
import type { ServerApi } from '../../api/server.js';
import { formatMoment } from '../../lib/format.js';
import { useApi, useClock, useI18n, useSession } from '../../models/context.js';
import styles from './style.module.css';

type CheckState = Success<ReturnType<ServerApi['machines'][':id']['after-use-check']['$get']>>;

export function AfterUseCheck({ id }: { readonly id: string }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const account = useSession().account.value;
  const now = useClock().now.value;
  const state = useSignal<CheckState | null>(null);
  const note = useSignal('');
  const done = useSignal(false);
  const confirming = useAction();
  const load = async () => {
    try {
      state.value = await answer(api.machines[':id']['after-use-check'].$get({ param: { id } }));
    } catch {
      state.value = null;
    }
  };
  useEffect(() => {
    if (account) void load();
  }, [id, account?.id]);
  const s = state.value;
  if (!s || s.required === null) return null;
  const manager = account?.role === 'manager' || account?.role === 'admin';
  const awaiting = s.awaiting;
  return (
    <section class={styles.panel} aria-labelledby="after-use" data-role="after-use-check">
      <h3 id="after-use">{t('machine.check')}</h3>
      <p>{t('machine.check.what', { what: s.required })}</p>
      {done.value && !awaiting && <p role="status">{t('machine.check.done')}</p>}
      {awaiting ? (
        <>
          <p role="status" data-role="awaiting-check">
            {t('machine.check.awaiting', {
              // The date too when it is not today: a check awaited since yesterday is no 09:45.
              time: formatMoment(Date.parse(awaiting.since), now, locale.value),
            })}
            {awaiting.member?.name ? ` (${awaiting.member.name})` : ''}
          </p>
          {awaiting.mine || manager ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void confirming.run(async () => {
                  await answer(
                    api.machines[':id']['after-use-check'].$post({
                      param: { id },
                      json: note.value.trim() ? { note: note.value.trim() } : {},
                    }),
                  );
                  note.value = '';
                  done.value = true;
                  await load();
                });
              }}
            >
              <label for="check-note">{t('machine.check.note')}</label>
              <input
                id="check-note"
                maxLength={500}
                value={note.value}
                onInput={(e) => (note.value = e.currentTarget.value)}
              />
              <button type="submit" class="button button-primary" disabled={confirming.busy.value}>
                {awaiting.mine ? t('machine.check.confirm') : t('machine.check.confirmFor')}
              </button>
            </form>
          ) : null}
          <ApiErrorNote error={confirming.error.value} />
        </>
      ) : null}
    </section>
  );
}
