/**
 * My waitlist entries: what I wait for, and an offer to accept or decline before it expires.
 * @module
 */
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatClock, formatDay, formatMinutes } from '../../lib/format.js';
import { useI18n, useReservations, useSession, useWaitlist } from '../../models/context.js';
import type { WaitEntry } from '../../models/waitlist.js';

function EntryItem({
  entry,
  nameOf,
}: {
  readonly entry: WaitEntry;
  readonly nameOf: (machine: string) => string;
}) {
  const { t, locale } = useI18n();
  const waitlist = useWaitlist();
  const reservations = useReservations();
  const member = useSession().account.value?.member ?? null;
  const action = useAction();
  const lang = locale.value;
  const from = Date.parse(entry.from);
  const offer = entry.offer;
  return (
    <li class="item" data-wait={entry.id} data-status={entry.status}>
      <div>
        <div>
          {Date.parse(entry.to) - from >= 12 * 3_600_000
            ? t('mine.waitDay', {
                machine: nameOf(entry.machine ?? entry.kind ?? ''),
                day: formatDay(from, lang),
                duration: formatMinutes(entry.durationMin, lang),
              })
            : t('mine.waitFor', {
                machine: nameOf(entry.machine ?? entry.kind ?? ''),
                day: formatDay(from, lang),
                from: formatClock(from, lang),
                to: formatClock(Date.parse(entry.to), lang),
                duration: formatMinutes(entry.durationMin, lang),
              })}
        </div>
        {offer ? (
          <p>
            <strong>
              {t('mine.offer', {
                day: formatDay(Date.parse(offer.start), lang),
                start: formatClock(Date.parse(offer.start), lang),
                end: formatClock(Date.parse(offer.end), lang),
                expires: formatClock(Date.parse(offer.expiresAt), lang),
              })}
            </strong>
          </p>
        ) : null}
      </div>
      <div class="actions">
        {offer ? (
          <button
            type="button"
            class="button button-primary"
            disabled={action.busy.value}
            onClick={() =>
              void action.run(async () => {
                await waitlist.accept(entry.id);
                if (member) await reservations.load(member);
              })
            }
          >
            {t('mine.accept')}
          </button>
        ) : null}
        <button
          type="button"
          class="button"
          disabled={action.busy.value}
          onClick={() => void action.run(() => waitlist.withdraw(entry.id))}
        >
          {offer ? t('mine.decline') : t('mine.stopWaiting')}
        </button>
      </div>
      <ApiErrorNote error={action.error.value} />
    </li>
  );
}

export function WaitlistSection({ nameOf }: { readonly nameOf: (machine: string) => string }) {
  const { t } = useI18n();
  const waitlist = useWaitlist();
  return (
    <>
      <h3>{t('mine.waitTitle')}</h3>
      {waitlist.entries.value.length === 0 ? <p>{t('mine.waitNone')}</p> : null}
      <ul class="list">
        {waitlist.entries.value.map((entry) => (
          <EntryItem key={entry.id} entry={entry} nameOf={nameOf} />
        ))}
      </ul>
    </>
  );
}
