/**
 * The site's calendar, for a fab manager: its opening (staffed) hours day by day, typed as one
 * says them (`9h-12h30, 13h30-18h`; a wrong day named before sending), whether a slot must lie
 * wholly in staffed hours or only
 * start there (then an unattended print runs on overnight and through closed days), which public
 * holidays close the workshop (French, Alsace-Moselle, none, or another country's), and the
 * closed days that follow from it over the coming twelve months.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { FormOutcome } from '../../components/api-error/form-outcome.js';
import { useAction } from '../../components/api-error/use-action.js';
import {
  CALENDAR_CHOICES,
  type CalendarChoice,
  calendarChoiceOf,
  calendarOf,
  closedRuns,
  formatLocalDate,
  type OpeningRange,
  openingOf,
  openingText,
  WEEKDAYS,
  type Weekday,
} from '../../lib/site-calendar.js';
import { useI18n, useSiteSettings } from '../../models/context.js';
import type { StaffedHours } from '../../models/site-settings.js';

export function SiteCalendarPanel({ site }: { readonly site: string }) {
  const { t, locale } = useI18n();
  const model = useSiteSettings();
  const staffed = useSignal<StaffedHours>('whole_slot');
  const choice = useSignal<CalendarChoice>('fr');
  const country = useSignal('');
  const hours = useSignal<Record<Weekday, string>>(
    Object.fromEntries(WEEKDAYS.map((d) => [d, ''])) as Record<Weekday, string>,
  );
  const wrong = useSignal<string | null>(null);
  const saved = useSignal(false);
  const load = useAction();
  const save = useAction();
  /** The fields from the stored site (after a save too: `9h-19h` reads back `09:00-19:00`). */
  const fill = () => {
    const s = model.site.value;
    if (!s) return;
    staffed.value = s.rules.staffedHours ?? 'whole_slot';
    hours.value = Object.fromEntries(
      WEEKDAYS.map((d) => [d, openingText(s.openingHours[d])]),
    ) as Record<Weekday, string>;
    const c = calendarChoiceOf(s.holidays);
    choice.value = c.choice;
    country.value = c.country;
  };
  useEffect(() => {
    saved.value = false;
    void load.run(async () => {
      await model.load(site);
      fill();
    });
  }, [site]);
  const lang = locale.value;
  const ready = model.site.value?.id === site;
  return (
    <section class="panel" aria-labelledby="site-calendar-title" data-site-calendar={site}>
      <h3 id="site-calendar-title">{t('siteCalendar.title')}</h3>
      <ApiErrorNote error={load.error.value} />
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          saved.value = false;
          wrong.value = null;
          const openingHours: Partial<Record<Weekday, OpeningRange[]>> = {};
          const badDays: string[] = [];
          for (const d of WEEKDAYS) {
            const ranges = openingOf(hours.value[d]);
            if (ranges === null) badDays.push(t(`siteCalendar.day.${d}`));
            else if (ranges.length) openingHours[d] = ranges;
          }
          if (badDays.length) {
            wrong.value = t('siteCalendar.wrongHours', { days: badDays.join(', ') });
            return;
          }
          const holidays = calendarOf(choice.value, country.value);
          if (holidays === null) {
            wrong.value = t('siteCalendar.wrongCountry');
            return;
          }
          saved.value = await save.run(() =>
            model.save({ openingHours, staffedHours: staffed.value, holidays }),
          );
          if (saved.value) fill();
        }}
      >
        <fieldset class="fieldset" disabled={!ready}>
          <legend>{t('siteCalendar.hours')}</legend>
          <p class="hint" id="site-hours-hint">
            {t('siteCalendar.hoursHint')}
          </p>
          <div class="row">
            {WEEKDAYS.map((d) => (
              <div class="field" key={d}>
                <label for={`site-hours-${d}`}>{t(`siteCalendar.day.${d}`)}</label>
                <input
                  id={`site-hours-${d}`}
                  aria-describedby="site-hours-hint"
                  value={hours.value[d]}
                  onInput={(e) => (hours.value = { ...hours.value, [d]: e.currentTarget.value })}
                />
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset class="fieldset" disabled={!ready}>
          <legend>{t('siteCalendar.staffed')}</legend>
          {(['whole_slot', 'start'] as const).map((s) => (
            <label class="check" key={s}>
              <input
                type="radio"
                name="site-staffed"
                value={s}
                checked={staffed.value === s}
                onChange={() => (staffed.value = s)}
              />
              {t(`siteCalendar.staffed.${s}`)}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <div class="field">
            <label for="site-holidays">{t('siteCalendar.holidays')}</label>
            <select
              id="site-holidays"
              disabled={!ready}
              value={choice.value}
              onChange={(e) => (choice.value = e.currentTarget.value as CalendarChoice)}
            >
              {CALENDAR_CHOICES.map((c) => (
                <option key={c} value={c}>
                  {t(`siteCalendar.holidays.${c}`)}
                </option>
              ))}
            </select>
          </div>
          {choice.value === 'country' ? (
            <div class="field">
              <label for="site-country">{t('siteCalendar.country')}</label>
              <input
                id="site-country"
                autocapitalize="characters"
                aria-describedby="site-country-hint"
                value={country.value}
                onInput={(e) => (country.value = e.currentTarget.value)}
              />
              <p class="hint" id="site-country-hint">
                {t('siteCalendar.countryHint')}
              </p>
            </div>
          ) : null}
        </div>
        <button type="submit" class="button button-primary" disabled={!ready || save.busy.value}>
          {t('siteCalendar.save')}
        </button>
        <FormOutcome
          wrong={wrong.value}
          error={save.error.value}
          saved={saved.value ? t('siteCalendar.saved') : null}
        />
      </form>
      <h4 id="site-closed-title">{t('siteCalendar.closedDays')}</h4>
      {ready && model.closedDays.value.length === 0 ? <p>{t('siteCalendar.noClosedDay')}</p> : null}
      <ul class="list" aria-labelledby="site-closed-title">
        {closedRuns(model.closedDays.value).map(({ from, to, day: d }) => (
          <li key={from} data-closed-day={from} data-to={to} data-kind={d.kind}>
            <strong>
              {from === to
                ? formatLocalDate(from, lang)
                : t('siteCalendar.run', {
                    from: formatLocalDate(from, lang),
                    to: formatLocalDate(to, lang),
                  })}
            </strong>{' '}
            — {d.reason[lang]}
            {d.kind === 'holiday' ? ` (${t('siteCalendar.holiday')})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
