/**
 * Trainings, for a fab manager: pick a member, see what they hold (valid until when, or why not
 * any more), grant a training or revoke one.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatDay } from '../../lib/format.js';
import { useI18n, useTrainings } from '../../models/context.js';
import { place } from '../../router/index.js';

/** The words of why a training no longer holds (`{ code, message: { fr, en } }`). */
function reasonText(reason: unknown, lang: 'fr' | 'en'): string {
  if (typeof reason !== 'object' || reason === null || !('message' in reason)) return '';
  const { message } = reason;
  if (typeof message !== 'object' || message === null || !(lang in message)) return '';
  const text = (message as Record<string, unknown>)[lang];
  return typeof text === 'string' ? text : '';
}

export function TrainingsPage() {
  const { t, locale } = useI18n();
  const model = useTrainings();
  // The members screen links here with `?membre=<id>`.
  const member = useSignal(place.value.query.get('membre') ?? '');
  const training = useSignal('');
  const done = useSignal<string | null>(null);
  const load = useAction();
  const action = useAction();
  useEffect(() => {
    void load.run(() => model.load());
    if (member.value) void action.run(() => model.loadHeld(member.value));
  }, []);
  const lang = locale.value;
  const who = model.members.value.find((m) => m.id === member.value) ?? null;
  const nameOf = (id: string) => model.catalogue.value.find((q) => q.id === id)?.name ?? id;
  const heldIds = new Set(model.held.value.map((h) => h.qualification));
  return (
    <section class="screen" aria-labelledby="trainings-title">
      <h2 id="trainings-title">{t('trainings.title')}</h2>
      <ApiErrorNote error={load.error.value} />
      <div class="form">
        <div class="field">
          <label for="training-member">{t('trainings.member')}</label>
          <select
            id="training-member"
            value={member.value}
            onChange={(e) => {
              member.value = e.currentTarget.value;
              done.value = null;
              if (member.value) void action.run(() => model.loadHeld(member.value));
            }}
          >
            <option value="">{t('trainings.choose')}</option>
            {model.members.value.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {who ? (
        <>
          <h3>{t('trainings.held', { member: who.name })}</h3>
          {model.held.value.length === 0 ? <p>{t('trainings.none')}</p> : null}
          <ul class="list">
            {model.held.value.map((h) => (
              <li class="item" key={h.qualification} data-held={h.qualification}>
                <span>
                  <strong>{h.name}</strong> —{' '}
                  {h.valid
                    ? h.expiresAt
                      ? t('trainings.until', { day: formatDay(Date.parse(h.expiresAt), lang) })
                      : t('trainings.valid')
                    : t('trainings.invalid', { reason: reasonText(h.reason, lang) })}
                </span>
                <button
                  type="button"
                  class="button"
                  disabled={action.busy.value}
                  onClick={async () => {
                    if (await action.run(() => model.revoke(who.id, h.qualification)))
                      done.value = t('trainings.revoked', { training: h.name, member: who.name });
                  }}
                >
                  {t('trainings.revoke', { training: h.name })}
                </button>
              </li>
            ))}
          </ul>
          <form
            class="row"
            onSubmit={async (event) => {
              event.preventDefault();
              const id = training.value;
              if (!id) return;
              if (await action.run(() => model.grant(who.id, id)))
                done.value = t('trainings.granted', { training: nameOf(id), member: who.name });
            }}
          >
            <div class="field">
              <label for="training-grant">{t('trainings.training')}</label>
              <select
                id="training-grant"
                value={training.value}
                onChange={(e) => (training.value = e.currentTarget.value)}
              >
                <option value="">{t('trainings.choose')}</option>
                {model.catalogue.value
                  .filter((q) => !heldIds.has(q.id))
                  .map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.name}
                    </option>
                  ))}
              </select>
            </div>
            <button
              type="submit"
              class="button button-primary"
              disabled={action.busy.value || !training.value}
            >
              {t('trainings.grant')}
            </button>
          </form>
        </>
      ) : null}
      <ApiErrorNote error={action.error.value} />
      {done.value ? (
        <p class="note note-ok" role="status">
          {done.value}
        </p>
      ) : null}
    </section>
  );
}
