/**
 * The fab manager's day at a glance: what runs and for whom, who is due, who did not come, what
 * overruns, use nobody reserved (to attach to a member), and reservations waiting for approval.
 * Units booked at once (one batch: parts on three printers) are due as one line.
 * @module
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { StateBadge } from '../../components/state-badge/index.js';
import { boardOf } from '../../lib/board.js';
import { formatClock, formatDay, formatMoment } from '../../lib/format.js';
import { byBatch } from '../../lib/batches.js';
import {
  useBoard,
  useBooking,
  useClock,
  useI18n,
  useMachines,
  useSession,
} from '../../models/context.js';
import type { MyReservation } from '../../models/reservations.js';
import { Link } from '../../router/index.js';
import { WalkInItem } from './walk-in-item.js';

/** Names for ids: the site's machines (or the live wall's), members from the board's list. */
function useNames() {
  const bookable = useBooking().machines.value;
  const live = useMachines().machines.value;
  const members = useBoard().members.value;
  return {
    machine: (id: string) => bookable.find((m) => m.id === id)?.name ?? live.get(id)?.name ?? id,
    member: (id: string) => members.find((m) => m.id === id)?.name ?? id,
  };
}

function Line({
  reservation,
  withDay = false,
}: {
  readonly reservation: MyReservation;
  readonly withDay?: boolean;
}) {
  const { t, locale } = useI18n();
  const names = useNames();
  return (
    <>
      {t(withDay ? 'board.lineDay' : 'board.line', {
        day: formatDay(Date.parse(reservation.start), locale.value),
        machine: names.machine(reservation.machine),
        member: names.member(reservation.member),
        start: formatClock(Date.parse(reservation.start), locale.value),
        end: formatClock(Date.parse(reservation.end), locale.value),
      })}
    </>
  );
}

function PendingItem({ reservation }: { readonly reservation: MyReservation }) {
  const { t } = useI18n();
  const board = useBoard();
  const action = useAction();
  return (
    <li class="item" data-pending={reservation.id}>
      <span>
        <Line reservation={reservation} withDay />
      </span>
      <div class="actions">
        <button
          type="button"
          class="button button-primary"
          disabled={action.busy.value}
          onClick={() => void action.run(() => board.approve(reservation.id))}
        >
          {t('board.approve')}
        </button>
        <button
          type="button"
          class="button"
          disabled={action.busy.value}
          onClick={() => void action.run(() => board.reject(reservation.id))}
        >
          {t('board.reject')}
        </button>
      </div>
      <ApiErrorNote error={action.error.value} />
    </li>
  );
}

function Section({
  title,
  empty,
  count,
  children,
}: {
  readonly title: string;
  readonly empty: string;
  readonly count: number;
  readonly children: ComponentChildren;
}) {
  return (
    <section aria-label={title}>
      <h3>
        {title} ({count})
      </h3>
      {count === 0 ? <p class="muted">{empty}</p> : <ul class="list">{children}</ul>}
    </section>
  );
}

export function BoardPage() {
  const { t, locale } = useI18n();
  const board = useBoard();
  const machines = useMachines();
  const now = useClock().now.value;
  const site = useSession().site.value;
  const load = useAction();
  const booking = useBooking();
  useEffect(() => {
    void load.run(() => board.load(site));
    if (site && booking.machines.value.length === 0) void booking.loadMachines(site);
  }, [site]);
  const lang = locale.value;
  const names = useNames();
  const view = boardOf(board.today.value, machines.sorted.value, now);
  return (
    <section class="screen" aria-labelledby="board-title">
      <h2 id="board-title">{t('board.title')}</h2>
      <p>
        <Link href="/utilisation">{t('utilisation.link')}</Link>
      </p>
      <ApiErrorNote error={load.error.value} />
      <Section
        title={t('board.running')}
        empty={t('board.runningNone')}
        count={view.running.length}
      >
        {view.running.map((line) => (
          <li class="item" key={line.machine.id}>
            <span>
              <strong>{line.machine.name}</strong>{' '}
              {line.holder
                ? t('board.holder', {
                    member: names.member(line.holder.member),
                    end: formatClock(Date.parse(line.holder.end), lang),
                  })
                : t('board.noHolder')}
            </span>
            <StateBadge state={line.machine.state} />
          </li>
        ))}
      </Section>
      <Section title={t('board.due')} empty={t('board.dueNone')} count={view.due.length}>
        {byBatch(view.due).map(([r, ...others]) =>
          r && others.length ? (
            <li class="item" key={r.id} data-batch={r.batch}>
              <span>
                {t('board.batchLine', {
                  member: names.member(r.member),
                  n: others.length + 1,
                  machines: [r, ...others]
                    .map((u) => names.machine(u.machine))
                    .sort((a, b) => a.localeCompare(b, lang))
                    .join(', '),
                  start: formatClock(Date.parse(r.start), lang),
                  end: formatClock(Date.parse(r.end), lang),
                })}
              </span>
              <span class="muted">{t(`status.${r.status}`)}</span>
            </li>
          ) : r ? (
            <li class="item" key={r.id}>
              <span>
                <Line reservation={r} />
              </span>
              <span class="muted">{t(`status.${r.status}`)}</span>
            </li>
          ) : null,
        )}
      </Section>
      <Section
        title={t('board.noShows')}
        empty={t('board.noShowsNone')}
        count={view.noShows.length}
      >
        {view.noShows.map((r) => (
          <li class="item" key={r.id}>
            <Line reservation={r} />
          </li>
        ))}
      </Section>
      <Section
        title={t('board.overruns')}
        empty={t('board.overrunsNone')}
        count={view.overruns.length}
      >
        {view.overruns.map((line) => (
          <li class="item" key={line.machine.id}>
            <strong>{line.machine.name}</strong>
            {t('board.overrun', {
              member: names.member(line.overrunOf?.member ?? ''),
              end: formatClock(Date.parse(line.overrunOf?.end ?? ''), lang),
            })}
          </li>
        ))}
      </Section>
      <Section
        title={t('board.checks')}
        empty={t('board.checksNone')}
        count={board.awaitingChecks.value.length}
      >
        {board.awaitingChecks.value.map((a) => (
          <li class="item" key={a.machine} data-awaiting-check={a.machine}>
            <span>
              {t('board.check', {
                machine: names.machine(a.machine),
                since: formatMoment(Date.parse(a.since), now, lang),
                member: a.member.name ?? a.member.id,
              })}
            </span>
            <Link href={`/machines/${encodeURIComponent(a.machine)}`}>
              {t('board.checkConfirm')}
            </Link>
          </li>
        ))}
      </Section>
      <Section
        title={t('board.walkIns')}
        empty={t('board.walkInsNone')}
        count={board.walkIns.value.length}
      >
        {board.walkIns.value.map((session) => (
          <WalkInItem key={session.id} session={session} />
        ))}
      </Section>
      <Section
        title={t('board.pending')}
        empty={t('board.pendingNone')}
        count={board.pending.value.length}
      >
        {board.pending.value.map((r) => (
          <PendingItem key={r.id} reservation={r} />
        ))}
      </Section>
    </section>
  );
}
