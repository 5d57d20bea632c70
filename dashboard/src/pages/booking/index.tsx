/**
 * Booking for artisans, made for a phone: choose a machine, a duration and a day of the week; the
 * free slots are the server's (its rules: hours, closures, buffers, others' reservations). Tap a
 * slot: the server tries it (dry run) and says in words whether it can be booked and why not;
 * tap "confirm": it is booked. When nothing fits, join the waitlist for that day. A machine of a
 * group (the four Prusa MK4) can be booked several at once: parts sent to three printers; asking
 * for more than the group has, the try says so in words. A closed day says why it is closed.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatClock, formatDay, formatMinutes, formatShortDay } from '../../lib/format.js';
import { closedOn } from '../../lib/site-calendar.js';
import { addDays, inDay, localDate, slotsInAny, weekDays } from '../../lib/slots.js';
import { useBooking, useI18n, useSession, useWaitlist } from '../../models/context.js';
import { Link } from '../../router/index.js';
import { TrialPanel } from './trial-panel.js';
import styles from './style.module.css';

const DURATIONS = [30, 60, 90, 120, 180, 240] as const;

export function BookingPage() {
  const { t, locale } = useI18n();
  const booking = useBooking();
  const waitlist = useWaitlist();
  const account = useSession().account.value;
  const duration = useSignal(60);
  const day = useSignal(new Date().setHours(0, 0, 0, 0));
  const waited = useSignal<number | null>(null);
  const wait = useAction();
  const site = useSession().site.value;
  const member = account?.member ?? null;

  useEffect(() => {
    if (site) void booking.loadMachines(site);
  }, [site]);

  const lang = locale.value;
  const machine = booking.machine.value;
  const days = weekDays(booking.weekStart.value);
  const step = duration.value <= 60 ? 30 : 60;
  const slots = slotsInAny(booking.frees.value, day.value, duration.value, step, Date.now());
  // One machine's taken times say nothing of the group's: the slots offered already do.
  const taken = booking.anyOfGroup.value ? [] : inDay(booking.busy.value, day.value);
  const trial = booking.trial.value;
  const closed = closedOn(booking.closedDays.value, localDate(day.value));
  const group = booking.group.value;

  if (!member)
    return (
      <section class="screen">
        <p>{t('book.onlyArtisan')}</p>
      </section>
    );

  return (
    <section class="screen" aria-labelledby="book-title">
      <h2 id="book-title">{t('book.title')}</h2>
      <div class="row">
        <div class="field">
          <label for="book-machine">{t('book.machine')}</label>
          <select
            id="book-machine"
            value={machine?.id ?? ''}
            onChange={(e) => {
              waited.value = null;
              void booking.choose(e.currentTarget.value);
            }}
          >
            <option value="" disabled>
              {t('book.choose')}
            </option>
            {booking.machines.value.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
                {m.qualification ? ` — ${t('book.needs', { training: m.qualification })}` : ''}
                {m.needsApproval ? ` — ${t('book.approval')}` : ''}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="book-duration">{t('book.duration')}</label>
          <select
            id="book-duration"
            value={String(duration.value)}
            onChange={(e) => {
              duration.value = Number(e.currentTarget.value);
              booking.clearTrial();
            }}
          >
            {DURATIONS.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {formatMinutes(minutes, lang)}
              </option>
            ))}
          </select>
        </div>
        {group.length > 1 ? (
          <div class="field">
            <label for="book-units">{t('book.units')}</label>
            {/* A number, not a list up to the group's size: units may be out of service, and the
                server's try says in words how many the group has when asked for more. */}
            <input
              id="book-units"
              type="number"
              inputMode="numeric"
              min={1}
              max={20}
              aria-describedby="book-units-hint"
              value={String(booking.units.value)}
              onInput={(e) => {
                const n = Number(e.currentTarget.value);
                if (Number.isInteger(n) && n >= 1 && n <= 20) booking.setUnits(n);
              }}
            />
            <p class="hint" id="book-units-hint">
              {t('book.unitsHint', { group: group[0]?.group ?? '', n: group.length })}
            </p>
          </div>
        ) : null}
        {group.length > 1 ? (
          <label class="check">
            <input
              type="checkbox"
              checked={booking.anyOfGroup.value}
              onChange={(e) => void booking.setAnyOfGroup(e.currentTarget.checked)}
            />
            {t('book.anyOfGroup', { group: group[0]?.group ?? '' })}
          </label>
        ) : null}
      </div>
      <ApiErrorNote error={booking.error.value} />

      {machine ? (
        <>
          <div class={styles.week}>
            <button
              type="button"
              class="button"
              aria-label={t('book.prevWeek')}
              onClick={() => {
                const monday = addDays(booking.weekStart.value, -7);
                day.value = monday;
                void booking.showWeek(monday);
              }}
            >
              ‹
            </button>
            <h3 class={styles.weekTitle}>
              {t('book.week', { day: formatDay(booking.weekStart.value, lang) })}
            </h3>
            <button
              type="button"
              class="button"
              aria-label={t('book.nextWeek')}
              onClick={() => {
                const monday = addDays(booking.weekStart.value, 7);
                day.value = monday;
                void booking.showWeek(monday);
              }}
            >
              ›
            </button>
          </div>
          <div class={styles.days} role="group" aria-label={t('book.days')}>
            {days.map((d) => (
              <button
                key={d}
                type="button"
                class={`button ${styles.day}`}
                aria-pressed={d === day.value}
                data-day={localDate(d)}
                onClick={() => {
                  day.value = d;
                  waited.value = null;
                  booking.clearTrial();
                }}
              >
                {formatShortDay(d, lang)}
              </button>
            ))}
          </div>

          <h3 id="slots-title">{t('book.slots', { day: formatDay(day.value, lang) })}</h3>
          {closed ? (
            <p class="note" data-closed={closed.date}>
              {t('book.closed', { reason: closed.reason[lang] })}
            </p>
          ) : slots.length === 0 ? (
            <p>{t('book.noSlot')}</p>
          ) : null}
          <ul class={styles.slots} aria-labelledby="slots-title">
            {slots.map((slot) => (
              <li key={slot.start}>
                <button
                  type="button"
                  class={`button ${styles.slot}`}
                  data-slot={new Date(slot.start).toISOString()}
                  aria-pressed={trial?.slot.start === slot.start}
                  onClick={() => void booking.tryBooking(member, slot)}
                >
                  {formatClock(slot.start, lang)}
                </button>
              </li>
            ))}
          </ul>
          {taken.length ? (
            <p class="muted">
              {t('book.busy', {
                times: taken
                  .map((b) => `${formatClock(b.start, lang)}–${formatClock(b.end, lang)}`)
                  .join(', '),
              })}
            </p>
          ) : null}

          <TrialPanel member={member} machineName={machine.name} />

          <div class="actions">
            <button
              type="button"
              class="button"
              disabled={wait.busy.value}
              onClick={async () => {
                const from = Math.max(day.value, Date.now());
                const ok = await wait.run(() =>
                  waitlist.join({
                    member,
                    machine: machine.id,
                    from,
                    to: addDays(day.value, 1),
                    durationMin: duration.value,
                  }),
                );
                if (ok) waited.value = day.value;
              }}
            >
              {t('book.wait')}
            </button>
          </div>
          <ApiErrorNote error={wait.error.value} />
          {waited.value !== null ? (
            <p class="note note-ok" role="status">
              {t('book.waiting', { day: formatDay(waited.value, lang) })}{' '}
              <Link href="/mes-reservations">{t('book.seeMine')}</Link>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
