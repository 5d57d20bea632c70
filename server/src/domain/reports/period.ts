/**
 * A report's period in the site's local time: a month (`2026-11`), a quarter (`2026-Q4`), a year
 * (`2026`) or custom local dates, both included (`2026-10-05..2026-10-18`); and the period before
 * it, of the same kind, that the trend compares with. Local midnights make a quarter end where a
 * French spreadsheet says it does, whatever the DST change inside it.
 * @module
 */
import type { Interval } from '../booking/site-calendar.js';
import type { Text } from './types.js';
import {
  addDays,
  formatDate,
  instantAt,
  parseDate,
  type LocalDate,
} from '../booking/zoned-time.js';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export interface ReportPeriod extends Interval {
  readonly kind: PeriodKind;
  /** What was asked, normalised: `2026-Q4`. */
  readonly label: string;
  /** First and last local day, included. */
  readonly firstDay: string;
  readonly lastDay: string;
}

const MAX_CUSTOM_DAYS = 400;

/** A period that cannot be read, with what is wrong in French and English (`message` is English). */
export class PeriodError extends RangeError {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'PeriodError';
  }
}

const FORMS: Text = {
  fr: 'une année (2026), un trimestre (2026-T4 ou 2026-Q4), un mois (2026-11) ou deux dates (2026-10-05..2026-10-18)',
  en: 'a year (2026), a quarter (2026-Q4), a month (2026-11) or two dates (2026-10-05..2026-10-18)',
};

function localDate(text: string, period: string): LocalDate {
  try {
    return parseDate(text);
  } catch {
    throw new PeriodError({
      fr: `période « ${period} » : « ${text} » n’est pas une date du calendrier`,
      en: `period "${period}": "${text}" is not a calendar date`,
    });
  }
}

function fromDays(kind: PeriodKind, label: string, first: LocalDate, last: LocalDate, tz: string) {
  return {
    kind,
    label,
    firstDay: formatDate(first),
    lastDay: formatDate(last),
    start: instantAt(first, 0, tz),
    end: instantAt(addDays(last, 1), 0, tz),
  };
}

const monthDays = (year: number, month: number, months: number) => {
  const first = { year, month, day: 1 };
  const next = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = addDays({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: 1 }, -1);
  return [first, last] as const;
};

/**
 * Parses a period; throws a PeriodError naming what is wrong and the forms accepted (FR and EN).
 * @example parsePeriod('2026-Q4', 'Europe/Paris') // { kind: 'quarter', firstDay: '2026-10-01', lastDay: '2026-12-31', … }
 */
export function parsePeriod(text: string, timeZone: string): ReportPeriod {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(t))) {
    const y = Number(m[1]);
    return fromDays(
      'year',
      t,
      { year: y, month: 1, day: 1 },
      { year: y, month: 12, day: 31 },
      timeZone,
    );
  }
  if ((m = /^(\d{4})-[QqTt]([1-4])$/.exec(t))) {
    const [first, last] = monthDays(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
    return fromDays('quarter', `${m[1]}-Q${m[2]}`, first, last, timeZone);
  }
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(t))) {
    const [first, last] = monthDays(Number(m[1]), Number(m[2]), 1);
    return fromDays('month', t, first, last, timeZone);
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t))) {
    const first = localDate(m[1]!, text);
    const last = localDate(m[2]!, text);
    const days =
      Math.round(
        (Date.UTC(last.year, last.month - 1, last.day) -
          Date.UTC(first.year, first.month - 1, first.day)) /
          86_400_000,
      ) + 1;
    if (days < 1)
      throw new PeriodError({
        fr: `période « ${text} » : le dernier jour précède le premier`,
        en: `period "${text}": the last day comes before the first`,
      });
    if (days > MAX_CUSTOM_DAYS)
      throw new PeriodError({
        fr: `période « ${text} » : ${MAX_CUSTOM_DAYS} jours au plus`,
        en: `period "${text}": at most ${MAX_CUSTOM_DAYS} days`,
      });
    return fromDays('custom', t, first, last, timeZone);
  }
  throw new PeriodError({
    fr: `période « ${text} » : attendu ${FORMS.fr}`,
    en: `period "${text}": expected ${FORMS.en}`,
  });
}

/** The period just before, of the same kind (the same number of days for a custom one). */
export function previousPeriod(p: ReportPeriod, timeZone: string): ReportPeriod {
  const first = parseDate(p.firstDay);
  switch (p.kind) {
    case 'year':
      return parsePeriod(String(first.year - 1), timeZone);
    case 'quarter': {
      const q = Math.floor((first.month - 1) / 3);
      return parsePeriod(q === 0 ? `${first.year - 1}-Q4` : `${first.year}-Q${q}`, timeZone);
    }
    case 'month': {
      const d = addDays(first, -1);
      return parsePeriod(`${d.year}-${String(d.month).padStart(2, '0')}`, timeZone);
    }
    case 'custom': {
      const last = parseDate(p.lastDay);
      const days =
        Math.round(
          (Date.UTC(last.year, last.month - 1, last.day) -
            Date.UTC(first.year, first.month - 1, first.day)) /
            86_400_000,
        ) + 1;
      return parsePeriod(
        `${formatDate(addDays(first, -days))}..${formatDate(addDays(first, -1))}`,
        timeZone,
      );
    }
  }
}
