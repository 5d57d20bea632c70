/**
 * French public holidays (jours fériés), computed: the fixed ones and those that follow Easter.
 * Alsace and Moselle keep two more (Good Friday, St Stephen's Day). Whit Monday stays listed:
 * most workshops close on it even where it is a "journée de solidarité".
 * Source: Code du travail, art. L3133-1; Easter by the anonymous Gregorian algorithm.
 * Another country's (a workshop in Belgium, Switzerland, overseas…) comes from the date-holidays
 * library's calendars, public holidays only: `country:BE`, `country:CH-GE` (country and region).
 * @module
 */
import Holidays from 'date-holidays';
import { addDays, formatDate, type LocalDate } from './zoned-time.js';

/** `country:XX` or `country:XX-YY`: ISO 3166 country, and region as date-holidays names it. */
export type CountryCalendar = `country:${string}`;
export type HolidayCalendar = 'fr' | 'fr-alsace-moselle' | 'none' | CountryCalendar;

const COUNTRY = /^country:([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/;

/** Whether `calendar` names a country (and region) whose holidays are known. */
export function isKnownCalendar(calendar: string): calendar is HolidayCalendar {
  if (calendar === 'fr' || calendar === 'fr-alsace-moselle' || calendar === 'none') return true;
  const m = COUNTRY.exec(calendar);
  if (!m) return false;
  const known = new Holidays();
  const countries = known.getCountries('en');
  if (!countries || !(m[1]! in countries)) return false;
  return m[2] === undefined || m[2] in (known.getStates(m[1]!, 'en') ?? {});
}

/** A country's public holidays of `year` from date-holidays, named in French and English. */
function countryHolidays(year: number, calendar: CountryCalendar): Holiday[] {
  const m = COUNTRY.exec(calendar);
  if (!m) return [];
  const hd = m[2] === undefined ? new Holidays(m[1]!) : new Holidays(m[1]!, m[2]);
  const inFrench = hd.getHolidays(year, 'fr').filter((h) => h.type === 'public');
  const inEnglish = new Map(
    hd
      .getHolidays(year, 'en')
      .filter((h) => h.type === 'public')
      .map((h) => [h.date, h.name]),
  );
  const byDate = new Map<string, Holiday>();
  for (const h of inFrench) {
    const date = h.date.slice(0, 10);
    // Two holidays on one day (Easter Sunday and another feast): one closed day.
    if (!byDate.has(date))
      byDate.set(date, { date, name: { fr: h.name, en: inEnglish.get(h.date) ?? h.name } });
  }
  return [...byDate.values()];
}

export interface Holiday {
  readonly date: string;
  readonly name: { readonly fr: string; readonly en: string };
}

export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const byYear = new Map<string, readonly Holiday[]>();

/** The year's public holidays, sorted by date; built once per year and calendar, then shared. */
export function publicHolidays(year: number, calendar: HolidayCalendar): readonly Holiday[] {
  const key = `${calendar}:${year}`;
  let list = byYear.get(key);
  if (!list) {
    if (byYear.size >= 1000) byYear.clear();
    byYear.set(key, (list = Object.freeze(buildHolidays(year, calendar))));
  }
  return list;
}

const datesByYear = new Map<string, ReadonlySet<string>>();

/** Whether `date` is a public holiday of `calendar` (a set per year, built once). */
export function isPublicHoliday(date: LocalDate, calendar: HolidayCalendar): boolean {
  if (calendar === 'none') return false;
  const key = `${calendar}:${date.year}`;
  let dates = datesByYear.get(key);
  if (!dates) {
    if (datesByYear.size >= 1000) datesByYear.clear();
    dates = new Set(publicHolidays(date.year, calendar).map((h) => h.date));
    datesByYear.set(key, dates);
  }
  return dates.has(formatDate(date));
}

function buildHolidays(year: number, calendar: HolidayCalendar): Holiday[] {
  if (calendar === 'none') return [];
  if (calendar.startsWith('country:'))
    return countryHolidays(year, calendar as CountryCalendar).sort((x, y) =>
      x.date.localeCompare(y.date),
    );
  const easter = easterSunday(year);
  const fixed = (month: number, day: number) => formatDate({ year, month, day });
  const fromEaster = (days: number) => formatDate(addDays(easter, days));
  const list: Holiday[] = [
    { date: fixed(1, 1), name: { fr: 'Jour de l’an', en: 'New Year’s Day' } },
    { date: fromEaster(1), name: { fr: 'Lundi de Pâques', en: 'Easter Monday' } },
    { date: fixed(5, 1), name: { fr: 'Fête du Travail', en: 'Labour Day' } },
    { date: fixed(5, 8), name: { fr: 'Victoire 1945', en: 'Victory in Europe Day' } },
    { date: fromEaster(39), name: { fr: 'Ascension', en: 'Ascension Day' } },
    { date: fromEaster(50), name: { fr: 'Lundi de Pentecôte', en: 'Whit Monday' } },
    { date: fixed(7, 14), name: { fr: 'Fête nationale', en: 'Bastille Day' } },
    { date: fixed(8, 15), name: { fr: 'Assomption', en: 'Assumption Day' } },
    { date: fixed(11, 1), name: { fr: 'Toussaint', en: 'All Saints’ Day' } },
    { date: fixed(11, 11), name: { fr: 'Armistice 1918', en: 'Armistice Day' } },
    { date: fixed(12, 25), name: { fr: 'Noël', en: 'Christmas Day' } },
  ];
  if (calendar === 'fr-alsace-moselle') {
    list.push(
      { date: fromEaster(-2), name: { fr: 'Vendredi saint', en: 'Good Friday' } },
      { date: fixed(12, 26), name: { fr: 'Saint-Étienne', en: 'St Stephen’s Day' } },
    );
  }
  return list.sort((x, y) => x.date.localeCompare(y.date));
}
