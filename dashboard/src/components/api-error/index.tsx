/**
 * An error the API gave, in the user's language: the server's message (it words it in the
 * language the request asked for) and, for a refused reservation, each reason as a list item.
 * @module
 */
import { ApiRequestError } from '../../api/client.js';
import { useI18n } from '../../models/context.js';

export function ApiErrorNote({ error }: { readonly error: unknown }) {
  const { t, locale } = useI18n();
  if (error === null || error === undefined) return null;
  const api = error instanceof ApiRequestError ? error : null;
  const text =
    api?.code === 'network'
      ? t('error.network')
      : (api?.detail ?? (error instanceof Error ? error.message : String(error)));
  return (
    <div class="note note-error" role="alert">
      <p>
        <strong>{t('error.title')}</strong> — {api?.reasons.length ? t('book.refused') : text}
      </p>
      {api?.reasons.length ? (
        <ul>
          {api.reasons.map((reason) => (
            <li key={reason.code} data-reason={reason.code}>
              {reason.message[locale.value]}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
