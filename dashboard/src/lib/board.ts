/**
 * What the fab manager's board shows, from today's reservations and the machines' live states:
 * machines at work (with whoever holds the slot now, or an overrun when the slot is over), people
 * due, no-shows. Pure, so the rules are tested without a server.
 * @module
 */

export interface BoardReservation {
  readonly id: string;
  readonly machine: string;
  readonly member: string;
  readonly start: string;
  readonly end: string;
  readonly status: string;
}

export interface BoardMachine {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

export interface RunningLine<R extends BoardReservation, M extends BoardMachine> {
  readonly machine: M;
  /** The reservation holding the machine now, if any. */
  readonly holder: R | null;
  /** The reservation that ended while the machine still runs: an overrun. */
  readonly overrunOf: R | null;
}

export interface Board<R extends BoardReservation, M extends BoardMachine> {
  readonly running: readonly RunningLine<R, M>[];
  readonly due: readonly R[];
  readonly noShows: readonly R[];
  readonly overruns: readonly RunningLine<R, M>[];
}

const AT_WORK = new Set(['preparing', 'running', 'paused']);
const HOLDING = new Set(['confirmed', 'completed']);

export function boardOf<R extends BoardReservation, M extends BoardMachine>(
  reservations: readonly R[],
  machines: readonly M[],
  now: number,
): Board<R, M> {
  const byStart = [...reservations].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const running = machines
    .filter((m) => AT_WORK.has(m.state))
    .map((machine) => {
      const mine = byStart.filter((r) => r.machine === machine.id && HOLDING.has(r.status));
      const holder =
        mine.find((r) => Date.parse(r.start) <= now && now < Date.parse(r.end)) ?? null;
      const ended = mine.filter((r) => Date.parse(r.end) <= now).at(-1) ?? null;
      return { machine, holder, overrunOf: holder ? null : ended };
    });
  return {
    running,
    due: byStart.filter(
      (r) =>
        (r.status === 'confirmed' || r.status === 'pending_approval') && Date.parse(r.start) > now,
    ),
    noShows: byStart.filter((r) => r.status === 'no_show'),
    overruns: running.filter((line) => line.overrunOf !== null),
  };
}
