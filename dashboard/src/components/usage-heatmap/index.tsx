/**
 * The hour × weekday heat map of a machine's (or a group's) running time: a table, each cell its
 * hours written out (the shade only repeats them: colour alone says nothing to some), the row and
 * column headers naming the day and the hour, and the busiest hour in words underneath. Wider
 * than a phone, it scrolls sideways in its own labelled region.
 * @module
 */
import { TableScroll } from '../table-scroll/index.js';
import { formatNumber } from '../../lib/format.js';
import type { Locale } from '../../lib/locale.js';
import {
  busiestHour,
  formatHoursOf,
  heatLevel,
  hourName,
  hourSpan,
  weekdayName,
} from '../../lib/utilisation.js';
import { useI18n } from '../../models/context.js';
import style from './style.module.css';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export function UsageHeatmap({
  heatmap,
  label,
}: {
  /** Seconds running per weekday (0 = Monday) and hour, as the API gives them. */
  readonly heatmap: readonly (readonly number[])[];
  /** What it is the map of ("Prusa MK4 n°1"), for its caption and region. */
  readonly label: string;
}) {
  const { t, locale } = useI18n();
  const lang: Locale = locale.value;
  const busiest = busiestHour(heatmap);
  const top = busiest?.seconds ?? 0;
  const caption = t('utilisation.heatmap.caption', { what: label });
  return (
    <div class={style.heatmap}>
      <TableScroll label={caption}>
        <table class={style.table} data-heatmap>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('utilisation.heatmap.day')}</th>
              {HOURS.map((h) => (
                <th scope="col" key={h}>
                  {hourName(h, lang)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.map((row, day) => (
              <tr key={day}>
                <th scope="row">
                  <abbr title={weekdayName(day, lang)}>{weekdayName(day, lang, 'short')}</abbr>
                </th>
                {HOURS.map((h) => {
                  const seconds = row[h] ?? 0;
                  return (
                    <td
                      key={h}
                      class={style.cell}
                      data-level={heatLevel(seconds, top)}
                      data-day={day}
                      data-hour={h}
                      title={`${hourSpan(day, h, lang)} — ${formatHoursOf(seconds, lang)}`}
                    >
                      {formatNumber(seconds / 3600, lang, 1)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p class="muted">{t('utilisation.heatmap.legend')}</p>
      <p data-busiest>
        {busiest
          ? t('utilisation.heatmap.busiest', {
              when: hourSpan(busiest.day, busiest.hour, lang),
              hours: formatHoursOf(busiest.seconds, lang),
            })
          : t('utilisation.heatmap.none')}
      </p>
    </div>
  );
}
