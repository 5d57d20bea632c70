/**
 * Who receives the site's monthly report by mail (a fab manager's choice), whether mailing is on
 * (and, when off, how the server's administrator turns it on), and each mailing sent or waiting
 * with its SMTP error. Addresses are checked here first; the server checks them again.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { FormOutcome } from '../../components/api-error/form-outcome.js';
import { useAction } from '../../components/api-error/use-action.js';
import { useI18n, useReport } from '../../models/context.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function RecipientsForm({ site }: { readonly site: string }) {
  const { t, locale } = useI18n();
  const model = useReport();
  const text = useSignal('');
  const wrong = useSignal<string | null>(null);
  const saved = useSignal(false);
  const load = useAction();
  const save = useAction();
  useEffect(() => {
    void load.run(async () => {
      await model.loadRecipients(site);
      text.value = (model.recipients.value?.recipients ?? []).join('\n');
    });
  }, [site]);
  const r = model.recipients.value;
  const lang = locale.value;
  const when = (at: string | undefined) =>
    at ? new Date(at).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB') : '';
  return (
    <section aria-labelledby="mail-title" data-recipients={site}>
      <h3 id="mail-title">{t('report.mail.title')}</h3>
      {r ? (
        <p
          class={r.mailing.enabled ? 'note note-ok' : 'note'}
          data-mailing={r.mailing.enabled ? 'on' : 'off'}
        >
          {r.mailing.enabled
            ? t('report.mail.on', { server: r.mailing.server ?? '', from: r.mailing.from ?? '' })
            : r.mailing.howTo?.[lang]}
        </p>
      ) : null}
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          saved.value = false;
          wrong.value = null;
          const emails = text.value
            .split(/[\n,;]+/)
            .map((e) => e.trim())
            .filter(Boolean);
          const bad = emails.filter((e) => !EMAIL.test(e));
          if (bad.length) {
            wrong.value = t('report.mail.wrong', { emails: bad.join(', ') });
            return;
          }
          saved.value = await save.run(async () => {
            await model.saveRecipients(site, emails);
            text.value = (model.recipients.value?.recipients ?? []).join('\n');
          });
        }}
      >
        <div class="field">
          <label for="mail-recipients">{t('report.mail.recipients')}</label>
          <textarea
            id="mail-recipients"
            rows={4}
            value={text.value}
            onInput={(e) => (text.value = e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" disabled={save.busy.value}>
          {t('report.mail.save')}
        </button>
        <FormOutcome
          wrong={wrong.value}
          error={save.error.value ?? load.error.value}
          saved={saved.value ? t('report.mail.saved') : null}
        />
      </form>
      {r?.mailing.enabled ? (
        r.mailings.length === 0 ? (
          <p>{t('report.mail.none')}</p>
        ) : (
          <ul class="list">
            {r.mailings.map((m) => (
              <li class="item" key={`${m.month}-${m.email}`} data-mailing-status={m.status}>
                {m.status === 'sent'
                  ? t('report.mail.sent', { month: m.month, email: m.email, at: when(m.sentAt) })
                  : t('report.mail.pending', {
                      month: m.month,
                      email: m.email,
                      attempts: String(m.attempts),
                      at: when(m.nextTryAt),
                    })}
                {m.lastError ? <small> — {m.lastError}</small> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
