/**
 * My reservations: the coming ones with cancel and move, and "Démarrer mon créneau" for the one
 * under way (several machines booked at once stand together), my waitlist entries with the offers
 * to accept or decline before they expire, my use of the last month priced (time and material,
 * grams to declare), my code for the machines' page, and my calendar feed's address.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatClock, formatDay } from '../../lib/format.js';
import { byBatch } from '../../lib/batches.js';
import {
  useBooking,
  useI18n,
  useReservations,
  useSession,
  useWaitlist,
} from '../../models/context.js';
import type { MyReservation } from '../../models/reservations.js';
import { AccessSection } from './access-section.js';
import { UsageSection } from './usage-section.js';
import { WaitlistSection } from './waitlist-section.js';

/** `2026-12-03T10:00` in local time, what `<input type="datetime-local">` holds. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** When the slot may be started: the server says (its rules' no-show grace), else 15 min before. */
export const startableFrom = (r: Pick<MyReservation, 'start' | 'startableFrom'>): number =>
  r.startableFrom ? Date.parse(r.startableFrom) : Date.parse(r.start) - 15 * 60_000;

function ReservationItem({
  reservation,
  name,
}: {
  readonly reservation: MyReservation;
  readonly name: string;
}) {
  const { t, locale } = useI18n();
  const model = useReservations();
  const action = useAction();
  const moving = useSignal(false);
  const starting = useAction();
  const startedUntil = useSignal<string | null>(null);
  const released = useSignal(false);
  /** No gateway switches this machine: the person switches it on themselves. */
  const noGateway = useSignal(false);
  const start = Date.parse(reservation.start);
  const end = Date.parse(reservation.end);
  const newStart = useSignal(localInput(start));
  const lang = locale.value;
  const inputId = `move-${reservation.id}`;
  return (
    <li class="item" data-reservation={reservation.id}>
      <div>
        <strong>{name}</strong>
        <div>
          {t('mine.when', {
            day: formatDay(start, lang),
            start: formatClock(start, lang),
            end: formatClock(end, lang),
          })}
        </div>
        <div class="muted">{t(`status.${reservation.status}`)}</div>
      </div>
      <div class="actions">
        {/* From the setting-up grace before the slot (the site's rules, said by the server). */}
        {reservation.status === 'confirmed' &&
        startableFrom(reservation) <= Date.now() &&
        Date.now() < end ? (
          <button
            type="button"
            class="button button-primary"
            disabled={starting.busy.value}
            onClick={() =>
              void starting.run(async () => {
                const started = await model.startNow(reservation.machine);
                startedUntil.value = started.until;
                noGateway.value = started.gateway === 'none';
              })
            }
          >
            {t('mine.startNow')}
          </button>
        ) : null}
        {start <= Date.now() && Date.now() < end ? (
          <button
            type="button"
            class="button button-primary"
            disabled={action.busy.value}
            onClick={() => void action.run(() => model.endNow(reservation.id))}
          >
            {t('mine.endNow')}
          </button>
        ) : null}
        <button type="button" class="button" onClick={() => (moving.value = !moving.value)}>
          {t('mine.move')}
        </button>
        <button
          type="button"
          class="button"
          disabled={action.busy.value}
          onClick={() => void action.run(() => model.cancel(reservation.id))}
        >
          {t('mine.cancel')}
        </button>
      </div>
      {moving.value ? (
        <form
          class="row"
          onSubmit={async (event) => {
            event.preventDefault();
            const from = new Date(newStart.value).getTime();
            if (await action.run(() => model.move(reservation.id, from, from + (end - start))))
              moving.value = false;
          }}
        >
          <div class="field">
            <label for={inputId}>{t('mine.moveTo')}</label>
            <input
              id={inputId}
              type="datetime-local"
              step={900}
              value={newStart.value}
              onInput={(e) => (newStart.value = e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button button-primary" disabled={action.busy.value}>
            {t('mine.moveSave')}
          </button>
        </form>
      ) : null}
      {startedUntil.value ? (
        <div class="row">
          <p role="status">
            {t('mine.started', { time: formatClock(Date.parse(startedUntil.value), lang) })}
          </p>
          {noGateway.value ? <p data-role="no-gateway">{t('mine.noGateway')}</p> : null}
          <button
            type="button"
            class="button"
            disabled={starting.busy.value}
            onClick={() =>
              void starting.run(async () => {
                await model.release(reservation.machine);
                startedUntil.value = null;
                released.value = true;
              })
            }
          >
            {t('mine.release')}
          </button>
        </div>
      ) : null}
      {released.value ? <p role="status">{t('mine.released')}</p> : null}
      <ApiErrorNote error={starting.error.value} />
      <ApiErrorNote error={action.error.value} />
    </li>
  );
}

export function MyReservationsPage() {
  const { t } = useI18n();
  const model = useReservations();
  const waitlist = useWaitlist();
  const booking = useBooking();
  const account = useSession().account.value;
  const member = account?.member ?? null;
  const site = useSession().site.value;
  const load = useAction();
  const calendar = useAction();
  useEffect(() => {
    if (!member) return;
    void load.run(() =>
      Promise.all([
        model.load(member),
        waitlist.load(member),
        site && booking.machines.value.length === 0 ? booking.loadMachines(site) : null,
      ]),
    );
  }, [member]);
  if (!member) return null;
  const nameOf = (id: string) => booking.machines.value.find((m) => m.id === id)?.name ?? id;
  return (
    <section class="screen" aria-labelledby="mine-title">
      <h2 id="mine-title">{t('mine.title')}</h2>
      <ApiErrorNote error={load.error.value} />
      {model.mine.value.length === 0 ? <p>{t('mine.none')}</p> : null}
      <ul class="list">
        {byBatch(model.mine.value).map((units) =>
          units.length === 1 && units[0] ? (
            <ReservationItem
              key={units[0].id}
              reservation={units[0]}
              name={nameOf(units[0].machine)}
            />
          ) : (
            <li key={units[0]?.batch} data-batch={units[0]?.batch} class="item">
              <strong>{t('mine.batch', { n: units.length })}</strong>
              <ul class="list">
                {units.map((r) => (
                  <ReservationItem key={r.id} reservation={r} name={nameOf(r.machine)} />
                ))}
              </ul>
            </li>
          ),
        )}
      </ul>

      <WaitlistSection nameOf={nameOf} />

      <UsageSection member={member} nameOf={nameOf} />

      <AccessSection member={member} />

      <h3>{t('mine.calendarTitle')}</h3>
      <p>{t('mine.calendarIntro')}</p>
      {model.calendarUrl.value ? (
        <p class="url">
          <a href={model.calendarUrl.value.replace(/^https?:/, 'webcal:')}>
            {model.calendarUrl.value}
          </a>
        </p>
      ) : (
        <button
          type="button"
          class="button"
          onClick={() => void calendar.run(() => model.loadCalendarUrl(member))}
        >
          {t('mine.calendarShow')}
        </button>
      )}
      <ApiErrorNote error={calendar.error.value} />
    </section>
  );
}
