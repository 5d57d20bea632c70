/**
 * The report as a PDF drawn on the server with pdfkit (no browser): the site, the period and the
 * key figures with their trend, two charts (machine hours by machine; the period against the one
 * before), every table, and the definitions. DejaVu Sans (Debian's fonts-dejavu-core) is embedded
 * when present, so every French character prints; without it the PDF's standard Helvetica is used
 * and the few characters it lacks (CO₂'s subscript) are written plainly.
 * @module
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Lang } from '../domain/booking/refusals.js';
import type { Report, Table } from '../domain/reports/types.js';
import {
  changePercent,
  columnHeader,
  formatValue,
  periodText,
  siteNames,
  UNIT_WORDS,
  WORDS,
} from './words.js';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/';
const MARGIN = 40;
const INK = '#1f2933';
const ACCENT = '#2f6f8f';
const PALE = '#9fc3d6';

export interface PdfOptions {
  /** A folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf; default Debian's. */
  readonly fontDir?: string;
}

export function reportPdf(r: Report, lang: Lang, options: PdfOptions = {}): Promise<Buffer> {
  const dir = options.fontDir ?? DEJAVU;
  const embedded = existsSync(`${dir}DejaVuSans.ttf`) && existsSync(`${dir}DejaVuSans-Bold.ttf`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `${WORDS.title[lang]} — ${siteNames(r)} — ${r.period.label}`,
      Author: 'Manufacto',
    },
  });
  if (embedded) {
    doc.registerFont('body', `${dir}DejaVuSans.ttf`);
    doc.registerFont('bold', `${dir}DejaVuSans-Bold.ttf`);
  } else {
    doc.registerFont('body', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
  const s = (text: string) => (embedded ? text : text.normalize('NFKC'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pageWidth = () => doc.page.width - 2 * MARGIN;
  let width = pageWidth();

  // Header.
  doc.fillColor(INK).font('bold').fontSize(18).text(s(WORDS.title[lang]));
  doc.moveDown(0.3).font('body').fontSize(11);
  doc.text(s(`${WORDS[r.sites.length > 1 ? 'sites' : 'site'][lang]} : ${siteNames(r)}`));
  doc.text(s(`${WORDS.period[lang]} : ${periodText(r.period, lang)}`));
  doc.text(s(`${WORDS.previous[lang]} : ${periodText(r.previous, lang)}`));
  doc
    .fontSize(9)
    .fillColor('#52606d')
    .text(s(`${WORDS.audience[lang]} : ${WORDS[r.audience][lang]}`));
  doc.moveDown(0.8);

  // Key figures.
  const figureTable: Table = {
    key: 'figures',
    title: { fr: 'Chiffres clés', en: 'Key figures' },
    definition: { fr: '', en: '' },
    columns: [
      { key: 'value', label: WORDS.value, unit: 'text' },
      { key: 'previous', label: WORDS.previous, unit: 'text' },
      { key: 'change', label: WORDS.change, unit: 'text' },
    ],
    rows: r.figures.map((f) => ({
      key: f.key,
      label: {
        fr: `${f.label.fr} (${UNIT_WORDS[f.unit].fr})`,
        en: `${f.label.en} (${UNIT_WORDS[f.unit].en})`,
      },
      values: {
        value: formatValue(f.value, f.suppressed, lang, f.unit),
        previous: formatValue(f.previous, f.previousSuppressed, lang, f.unit),
        change: formatValue(changePercent(f.change), false, lang, 'percent'),
      },
      suppressed: [],
    })),
  };
  drawTable(figureTable, [0.55, 0.15, 0.15, 0.15]);

  // Charts.
  doc.addPage();
  const machines = r.tables.find((t) => t.key === 'machines');
  if (machines) {
    const bars = machines.rows
      .map((row) => ({ label: row.label[lang], value: Number(row.values.wallHours ?? 0) }))
      .sort((a, b) => b.value - a.value)
      .slice(0, 12);
    barChart(
      WORDS.chartHours[lang],
      bars.map((b) => ({ label: b.label, values: [b.value] })),
      'h',
    );
  }
  doc.moveDown(1.5);
  const trendKeys = ['wallHours', 'activeHours', 'bookedHours'];
  barChart(
    WORDS.chartTrend[lang],
    r.figures
      .filter((f) => trendKeys.includes(f.key))
      .map((f) => ({ label: f.label[lang], values: [f.value ?? 0, f.previous ?? 0] })),
    'h',
    [r.period.label, r.previous.label],
  );

  // Tables.
  for (const t of r.tables) {
    // Wide tables get a landscape page, so their headings wrap between words.
    const wide = t.columns.length > 5;
    if (wide || doc.y > doc.page.height - 160)
      doc.addPage({ size: 'A4', margin: MARGIN, layout: wide ? 'landscape' : 'portrait' });
    else doc.moveDown(1.2);
    const first = wide ? 0.2 : 0.4;
    const rest = (1 - first) / t.columns.length;
    drawTable(t, [first, ...t.columns.map(() => rest)]);
    doc
      .font('body')
      .fontSize(7)
      .fillColor('#52606d')
      .text(s(t.definition[lang]), MARGIN, doc.y + 2, { width });
  }

  // Definitions and notes.
  doc.addPage({ size: 'A4', margin: MARGIN, layout: 'portrait' });
  width = pageWidth();
  doc.fillColor(INK).font('bold').fontSize(14).text(s(WORDS.definitions[lang]), MARGIN);
  doc.moveDown(0.5);
  for (const f of r.figures) {
    doc.font('bold').fontSize(9).fillColor(INK).text(s(f.label[lang]));
    doc.font('body').fontSize(8.5).fillColor('#3e4c59').text(s(f.definition[lang]), { width });
    doc.moveDown(0.3);
  }
  doc.moveDown(0.5).font('bold').fontSize(12).fillColor(INK).text(s(WORDS.notes[lang]));
  for (const n of r.notes) doc.font('body').fontSize(8.5).text(s(n[lang]), { width }).moveDown(0.2);
  doc.moveDown(0.5).fontSize(8).fillColor('#52606d').text(s(WORDS.generated[lang]));
  doc.end();
  return done;

  function drawTable(t: Table, shares: number[]) {
    width = pageWidth();
    doc.fillColor(INK).font('bold').fontSize(11).text(s(t.title[lang]), MARGIN, doc.y);
    doc.moveDown(0.3);
    const widths = shares.map((x) => x * width);
    const size = t.columns.length > 5 ? 6.5 : 8.5;
    const rowOf = (cells: string[], bold: boolean, fill?: string) => {
      doc.font(bold ? 'bold' : 'body').fontSize(size);
      const h =
        Math.max(...cells.map((c, i) => doc.heightOfString(s(c), { width: widths[i]! - 4 }))) + 4;
      if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
      const y = doc.y;
      if (fill) doc.rect(MARGIN, y, width, h).fill(fill);
      let x = MARGIN;
      cells.forEach((c, i) => {
        doc
          .fillColor(INK)
          .text(s(c), x + 2, y + 2, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' });
        x += widths[i]!;
      });
      doc.y = y + h;
    };
    rowOf(['', ...t.columns.map((c) => columnHeader(c, lang))], true, '#e4eef3');
    const all = [...t.rows, ...(t.total ? [t.total] : [])];
    for (const [i, row] of all.entries()) {
      rowOf(
        [
          row.label[lang],
          ...t.columns.map((c) =>
            formatValue(row.values[c.key] ?? null, row.suppressed.includes(c.key), lang, c.unit),
          ),
        ],
        row === t.total,
        i % 2 === 1 ? '#f5f7fa' : undefined,
      );
    }
    doc.x = MARGIN;
  }

  function barChart(
    title: string,
    bars: { label: string; values: number[] }[],
    unit: string,
    legend?: string[],
  ) {
    doc.fillColor(INK).font('bold').fontSize(11).text(s(title), MARGIN, doc.y);
    doc.moveDown(0.4);
    const labelW = 170;
    const barW = width - labelW - 60;
    const max = Math.max(1e-9, ...bars.flatMap((b) => b.values));
    const colors = [ACCENT, PALE];
    const thickness = 11;
    for (const b of bars) {
      const y = doc.y;
      doc
        .font('body')
        .fontSize(8)
        .fillColor(INK)
        .text(s(b.label), MARGIN, y + 1, { width: labelW - 6, ellipsis: true, height: 10 });
      b.values.forEach((v, i) => {
        const by = y + i * thickness;
        const w = (v / max) * barW;
        if (w > 0) doc.rect(MARGIN + labelW, by, w, thickness - 2).fill(colors[i] ?? ACCENT);
        doc
          .fillColor(INK)
          .font('body')
          .fontSize(7.5)
          .text(
            `${formatValue(v, false, lang, 'hours')} ${unit}`,
            MARGIN + labelW + w + 4,
            by + 1,
            { lineBreak: false },
          );
      });
      doc.y = y + b.values.length * thickness + 4;
    }
    if (legend) {
      const y = doc.y + 2;
      legend.forEach((l, i) => {
        doc.rect(MARGIN + labelW + i * 110, y, 9, 9).fill(colors[i] ?? ACCENT);
        doc
          .fillColor(INK)
          .fontSize(8)
          .text(s(l), MARGIN + labelW + i * 110 + 13, y + 1, { lineBreak: false });
      });
      doc.y = y + 14;
    }
    doc.x = MARGIN;
  }
}
