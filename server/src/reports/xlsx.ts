/**
 * The report as an XLSX workbook (exceljs): a summary sheet (site, period, every figure with its
 * previous value, change and definition), one sheet per table with real numbers (so a funder's
 * spreadsheet can sum them), and the notes. A suppressed cell holds the text "s".
 * @module
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../domain/booking/refusals.js';
import type { Report } from '../domain/reports/types.js';
import {
  changePercent,
  columnHeader,
  NOT_MEASURED,
  periodText,
  siteNames,
  SUPPRESSED_MARK,
  UNIT_WORDS,
  WORDS,
} from './words.js';

/** Excel's sheet names: 31 characters at most, none of `[]:*?/\`. */
export function sheetName(title: string, taken: Set<string>): string {
  let name = title
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim();
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${name.slice(0, 28)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const cell = (v: number | string | null, suppressed: boolean) =>
  suppressed ? SUPPRESSED_MARK : v === null ? NOT_MEASURED : v;

export async function reportXlsx(r: Report, lang: Lang): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Manufacto';
  book.title = WORDS.title[lang];
  const taken = new Set<string>();

  const summary = book.addWorksheet(sheetName(WORDS.summary[lang], taken));
  summary.addRow([`Manufacto — ${WORDS.title[lang]}`]).font = { bold: true, size: 14 };
  summary.addRow([WORDS[r.sites.length > 1 ? 'sites' : 'site'][lang], siteNames(r)]);
  summary.addRow([WORDS.period[lang], periodText(r.period, lang)]);
  summary.addRow([WORDS.previous[lang], periodText(r.previous, lang)]);
  summary.addRow([WORDS.audience[lang], WORDS[r.audience][lang]]);
  summary.addRow([]);
  summary.addRow([
    WORDS.figure[lang],
    WORDS.value[lang],
    WORDS.previous[lang],
    WORDS.change[lang],
    WORDS.unit[lang],
    WORDS.definition[lang],
  ]).font = { bold: true };
  for (const f of r.figures) {
    summary.addRow([
      f.label[lang],
      cell(f.value, f.suppressed),
      cell(f.previous, f.previousSuppressed),
      cell(changePercent(f.change), false),
      UNIT_WORDS[f.unit][lang],
      f.definition[lang],
    ]);
  }
  summary.getColumn(1).width = 40;
  summary.getColumn(6).width = 100;

  for (const table of r.tables) {
    const sheet = book.addWorksheet(sheetName(table.title[lang], taken));
    sheet.addRow([table.title[lang]]).font = { bold: true, size: 12 };
    sheet.addRow([WORDS.item[lang], ...table.columns.map((c) => columnHeader(c, lang))]).font = {
      bold: true,
    };
    for (const row of table.rows) {
      sheet.addRow([
        row.label[lang],
        ...table.columns.map((c) =>
          cell(row.values[c.key] ?? null, row.suppressed.includes(c.key)),
        ),
      ]);
    }
    if (table.total) {
      const t = table.total;
      sheet.addRow([
        t.label[lang],
        ...table.columns.map((c) => cell(t.values[c.key] ?? null, t.suppressed.includes(c.key))),
      ]).font = { bold: true };
    }
    sheet.addRow([]);
    sheet.addRow([table.definition[lang]]);
    sheet.getColumn(1).width = 36;
  }

  const notes = book.addWorksheet(sheetName(WORDS.notes[lang], taken));
  for (const note of r.notes) notes.addRow([note[lang]]);
  notes.addRow([WORDS.generated[lang]]);
  notes.getColumn(1).width = 120;

  return Buffer.from(await book.xlsx.writeBuffer());
}
