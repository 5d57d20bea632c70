/**
 * The report as CSV for a spreadsheet, UTF-8 with a BOM (so Excel reads the accents): in French
 * `;` between cells and a decimal comma; in English `,` and `.`. Sections follow one another: the
 * header (site, period), the figures with their previous value, change and definition, each
 * table, the notes. A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR) is neutralised with a leading apostrophe (OWASP's CSV injection advice), by the one
 * CSV cell every export uses (`domain/reports/csv.ts`).
 * @module
 */
import type { Lang } from '../domain/booking/refusals.js';
import { csvCell } from '../domain/reports/csv.js';
import type { Report } from '../domain/reports/types.js';
import {
  changePercent,
  columnHeader,
  formatValue,
  periodText,
  siteNames,
  UNIT_WORDS,
  WORDS,
} from './words.js';

export function reportCsv(r: Report, lang: Lang): string {
  const sep = lang === 'fr' ? ';' : ',';
  const lines: string[] = [];
  // Formatted numbers are ours (digits, comma or dot, a minus sign): never a formula, never quoted
  // unless English's comma separator would split them (it cannot: no grouping).
  const line = (cells: readonly { text: string; number?: boolean }[]) =>
    lines.push(cells.map((c) => (c.number ? c.text : csvCell(c.text, sep))).join(sep));
  const t = (text: string) => ({ text });
  const n = (text: string) => ({ text, number: text !== 's' && text !== '—' });

  line([t(`Manufacto — ${WORDS.title[lang]}`)]);
  line([t(WORDS[r.sites.length > 1 ? 'sites' : 'site'][lang]), t(siteNames(r))]);
  line([t(WORDS.period[lang]), t(periodText(r.period, lang))]);
  line([t(WORDS.previous[lang]), t(periodText(r.previous, lang))]);
  line([t(WORDS.audience[lang]), t(WORDS[r.audience][lang])]);
  lines.push('');
  line([
    t(WORDS.figure[lang]),
    t(WORDS.value[lang]),
    t(WORDS.previous[lang]),
    t(WORDS.change[lang]),
    t(WORDS.unit[lang]),
    t(WORDS.definition[lang]),
  ]);
  for (const f of r.figures) {
    line([
      t(f.label[lang]),
      n(formatValue(f.value, f.suppressed, lang, f.unit)),
      n(formatValue(f.previous, f.previousSuppressed, lang, f.unit)),
      n(formatValue(changePercent(f.change), false, lang, 'percent')),
      t(UNIT_WORDS[f.unit][lang]),
      t(f.definition[lang]),
    ]);
  }
  for (const table of r.tables) {
    lines.push('');
    line([t(table.title[lang])]);
    line([t(WORDS.item[lang]), ...table.columns.map((c) => t(columnHeader(c, lang)))]);
    for (const row of [...table.rows, ...(table.total ? [table.total] : [])]) {
      line([
        t(row.label[lang]),
        ...table.columns.map((c) =>
          n(formatValue(row.values[c.key] ?? null, row.suppressed.includes(c.key), lang, c.unit)),
        ),
      ]);
    }
    line([t(table.definition[lang])]);
  }
  lines.push('');
  line([t(WORDS.notes[lang])]);
  for (const note of r.notes) line([t(note[lang])]);
  line([t(WORDS.generated[lang])]);
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
