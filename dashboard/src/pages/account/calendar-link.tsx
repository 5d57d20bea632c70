/**
 * "Mon agenda": the secret address of my reservations' iCal feed, with copy, subscribe (webcal:)
 * and download links. The server signs it once per member: it cannot be renewed from here.
 * @module
 */
import { useEffect, useRef } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { CopyButton } from '../../components/copy-button/index.js';
import { webcalUrl } from '../../lib/api-tokens.js';
import { useI18n, useReservations } from '../../models/context.js';

export function CalendarLink({ member }: { readonly member: string }) {
  const { t } = useI18n();
  const model = useReservations();
  const load = useAction();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void load.run(() => model.loadCalendarUrl(member));
  }, [member]);
  const url = model.calendarUrl.value;
  return (
    <section aria-labelledby="calendar-title">
      <h3 id="calendar-title">{t('mine.calendarTitle')}</h3>
      <p>{t('mine.calendarIntro')}</p>
      <ApiErrorNote error={load.error.value} />
      {url ? (
        <>
          <div class="field">
            <label class="label" for="calendar-url">
              {t('account.calendarAddress')}
            </label>
            <input
              ref={field}
              id="calendar-url"
              class="input url"
              readOnly
              value={url}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <p class="actions">
            <CopyButton text={url} field={field} />
            <a class="button button-primary" href={webcalUrl(url)} data-subscribe>
              {t('account.calendarSubscribe')}
            </a>
            <a class="button" href={url} download>
              {t('account.calendarDownload')}
            </a>
          </p>
          <p class="hint">{t('account.calendarPrivate')}</p>
        </>
      ) : null}
    </section>
  );
}
