/**
 * What the server said about the slot tapped, before anything is booked: "it can be booked" with
 * the confirm button, or each reason it cannot, in words; then the reservation made.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatClock, formatDay } from '../../lib/format.js';
import type { Reservation } from '../../models/booking.js';
import { useBooking, useI18n } from '../../models/context.js';
import { Link } from '../../router/index.js';

export function TrialPanel({
  member,
  machineName,
}: {
  readonly member: string;
  readonly machineName: string;
}) {
  const { t, locale } = useI18n();
  const booking = useBooking();
  const action = useAction();
  const booked = useSignal<Reservation | null>(null);
  const trial = booking.trial.value;
  const lang = locale.value;
  if (
    booked.value &&
    !booking.group.value.some((m) => m.id === booked.value?.machine) &&
    booked.value.machine !== booking.machine.value?.id
  )
    booked.value = null;
  // "Any of the group": the server names the machine it picked, in the try and the booking.
  const nameOf = (id?: string) =>
    (id && booking.machines.value.find((m) => m.id === id)?.name) || machineName;
  const words = (start: number, end: number, machine?: string) => ({
    machine: nameOf(machine),
    day: formatDay(start, lang),
    start: formatClock(start, lang),
    end: formatClock(end, lang),
  });

  if (!trial) {
    const done = booked.value;
    const units = booking.lastUnits.value;
    if (done && units.length > 1) {
      const names = units.map(
        (u) => booking.machines.value.find((m) => m.id === u.machine)?.name ?? u.machine,
      );
      return (
        <p class="note note-ok" role="status" data-booked={done.id} data-units={units.length}>
          {t('book.doneMany', {
            ...words(Date.parse(done.start), Date.parse(done.end)),
            n: units.length,
            machines: names.join(', '),
          })}{' '}
          <Link href="/mes-reservations">{t('book.seeMine')}</Link>
        </p>
      );
    }
    return done ? (
      <p class="note note-ok" role="status" data-booked={done.id}>
        {t('book.done', words(Date.parse(done.start), Date.parse(done.end), done.machine))}{' '}
        <Link href="/mes-reservations">{t('book.seeMine')}</Link>
      </p>
    ) : (
      <ApiErrorNote error={action.error.value} />
    );
  }
  return (
    <div aria-live="polite" data-trial={trial.status}>
      {trial.status === 'trying' ? <p role="status">{t('book.trying')}</p> : null}
      {trial.status === 'bookable' ? (
        <div class="note note-ok">
          <p>
            {t('book.bookable', words(trial.slot.start, trial.slot.end, trial.reservation.machine))}
          </p>
          {trial.reservation.status === 'pending_approval' ? <p>{t('book.pending')}</p> : null}
          <div class="actions">
            <button
              type="button"
              class="button button-primary"
              disabled={action.busy.value}
              onClick={async () => {
                await action.run(async () => {
                  booked.value = await booking.book(member);
                });
              }}
            >
              {t('book.confirm')}
            </button>
            <button type="button" class="button" onClick={() => booking.clearTrial()}>
              {t('book.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {trial.status === 'refused' ? (
        <div class="note note-error" role="alert">
          <p>
            <strong>{t('book.refused')}</strong>
          </p>
          <ul>
            {trial.reasons.map((reason) => (
              <li key={reason.code} data-reason={reason.code}>
                {reason.message[lang]}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {trial.status === 'failed' ? (
        <p class="note note-error" role="alert">
          {trial.message}
        </p>
      ) : null}
    </div>
  );
}
