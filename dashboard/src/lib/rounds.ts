/**
 * Pure helpers of the booking rounds screen: the two proposals (fair and first come, first
 * served) side by side — the allocator's figures and the hours each member gets — and the local
 * dates a manager types turned into the round's instants.
 * @module
 */

export interface RoundRequestLike {
  readonly id: string;
  readonly member: string;
  readonly durationMin: number;
  readonly assigned: { readonly start: string; readonly end: string } | null;
  readonly unassignedReason: string | null;
}

export interface MemberShare {
  readonly member: string;
  readonly askedMin: number;
  readonly fairMin: number;
  readonly fcfsMin: number;
}

const minutesOf = (r: RoundRequestLike) =>
  r.assigned ? (Date.parse(r.assigned.end) - Date.parse(r.assigned.start)) / 60_000 : 0;

/**
 * What each member asked for and gets under each proposal, in minutes; the members the fair
 * proposal serves least (as a share of what they asked) first, so the difference shows.
 */
export function sharesByMember(
  fair: readonly RoundRequestLike[],
  fcfs: readonly RoundRequestLike[],
): MemberShare[] {
  const rows = new Map<string, { askedMin: number; fairMin: number; fcfsMin: number }>();
  const row = (member: string) => {
    let r = rows.get(member);
    if (!r) rows.set(member, (r = { askedMin: 0, fairMin: 0, fcfsMin: 0 }));
    return r;
  };
  for (const r of fair) {
    row(r.member).askedMin += r.durationMin;
    row(r.member).fairMin += minutesOf(r);
  }
  for (const r of fcfs) row(r.member).fcfsMin += minutesOf(r);
  const share = (r: { askedMin: number; fairMin: number }) =>
    r.askedMin > 0 ? r.fairMin / r.askedMin : 1;
  return [...rows.entries()]
    .map(([member, r]) => ({ member, ...r }))
    .sort((a, b) => share(a) - share(b) || a.member.localeCompare(b.member));
}

/** The figures shown side by side, in this order; `week:YYYY-MM-DD` ones follow, by date. */
export const FIGURE_ORDER = [
  'requests',
  'assigned',
  'satisfiedDemand',
  'jain',
  'utilisation',
  'openHoursUtilisation',
] as const;
export type FigureKey = (typeof FIGURE_ORDER)[number];

/** Figures that are shares (0–1), shown as percentages; the others are counts. */
export const SHARE_FIGURES: ReadonlySet<string> = new Set([
  'satisfiedDemand',
  'jain',
  'utilisation',
  'openHoursUtilisation',
]);

/** The figure keys of both proposals, known ones first in `FIGURE_ORDER`, then the weeks. */
export function figureKeys(
  a: Readonly<Record<string, number>> | null,
  b: Readonly<Record<string, number>> | null,
): string[] {
  const present = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  const known = FIGURE_ORDER.filter((k) => present.has(k));
  const weeks = [...present].filter((k) => k.startsWith('week:')).sort();
  return [...known, ...weeks];
}

/**
 * A local date and time typed in a form ("2026-12-14", "09:00") in `timeZone`, as an instant with
 * its offset the server accepts ("2026-12-14T09:00:00+01:00").
 */
export function zonedInstant(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  if ([y, mo, d, h, mi].some((n) => n === undefined || !Number.isFinite(n)))
    throw new Error(`not a date and time: "${date} ${time}"`);
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // The zone's offset at that moment (two passes settle a change of offset that night).
  let offset = offsetMin(asUtc, timeZone);
  offset = offsetMin(asUtc - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(h!)}:${pad(mi!)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function offsetMin(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(utcMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - utcMs) / 60_000);
}
