/**
 * Golden tests: the seeded workshop of `domain/reports/fixtures.ts` gives the figures worked out
 * by hand in `engine.test.ts`, in every export — JSON, CSV (French), XLSX read back with exceljs,
 * and PDF whose text is extracted with Debian's pdftotext (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';
import { seedReportWorkshop } from '../../testing/report-workshop.js';
import { tempDir } from '../../testing/temp-dir.js';

async function golden() {
  const t = await testApp();
  await seedReportWorkshop(t);
  return t;
}

const url = (format: string, extra = '') =>
  `/api/reports?site=atelier-demo&period=2026-11&format=${format}${extra}`;

function pdfText(pdf: Buffer): string {
  const dir = tempDir('mf-report-');
  writeFileSync(join(dir, 'r.pdf'), pdf);
  try {
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('pdftotext is missing: apt-get install poppler-utils');
    throw error;
  }
}

describe('GET /api/reports over the golden workshop', async () => {
  const t = await golden();

  it('answers the figures in JSON, with the period in local time', async () => {
    const res = await t.call('GET', url('json'));
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      period: { from: string; to: string; label: string };
      figures: { key: string; value: number | null; previous: number | null }[];
    };
    expect(r.period).toMatchObject({
      label: '2026-11',
      from: '2026-10-31T23:00:00.000Z',
      to: '2026-11-30T23:00:00.000Z',
    });
    const v = Object.fromEntries(r.figures.map((f) => [f.key, f.value]));
    expect(v).toMatchObject({
      wallHours: 7,
      activeHours: 5.83,
      sessions: 5,
      utilisation: 0.6,
      bookedHours: 6,
      noShows: 1,
      earlyReleases: 1,
      artisans: 3,
      organisations: 2,
      newArtisans: 2,
      trainings: 3,
      energyKwh: 1,
    });
  });

  it('writes a CSV a French spreadsheet opens: BOM, semicolons, decimal comma', async () => {
    const res = await t.call('GET', url('csv'));
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(
      'manufacto-rapport-atelier-demo-2026-11.csv',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines).toContain('Lieu;Manufacture de proximité — démo');
    expect(lines).toContain('Période;2026-11 (du 2026-11-01 au 2026-11-30)');
    expect(lines.find((l) => l.startsWith('Heures machine utilisées;'))).toMatch(
      /^Heures machine utilisées;7;2;250;h;"Durée mesurée/,
    );
    expect(lines.find((l) => l.startsWith('Heures actives;'))).toMatch(/^Heures actives;5,83;/);
    expect(lines.find((l) => l.startsWith('Découpe laser CO₂;'))).toBe(
      'Découpe laser CO₂;2;3;2;228;1,3;5;1;1;1',
    );
  });

  it('writes the CSV in English with commas and points on lang=en', async () => {
    const text = await (await t.call('GET', url('csv', '&lang=en'))).text();
    expect(text).toContain('Active hours,5.83,');
    expect(text).toContain('Site,Manufacture de proximité — démo');
  });

  it('writes an XLSX workbook with one sheet per table, numbers as numbers', async () => {
    const res = await t.call('GET', url('xlsx'));
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Synthèse',
      'Par machine',
      'Par type de machine',
      'Machines les plus utilisées',
      'Usagers par statut',
      'Par filière',
      'Par territoire',
      'Formations délivrées',
      'Notes',
    ]);
    const summary = book.getWorksheet('Synthèse')!;
    const rows = summary.getSheetValues() as unknown[][];
    const wall = rows.find((r) => r?.[1] === 'Heures machine utilisées')!;
    expect(wall.slice(2, 5)).toEqual([7, 2, 250]);
    expect(rows.find((r) => r?.[1] === 'Site' || r?.[1] === 'Lieu')?.[2]).toBe(
      'Manufacture de proximité — démo',
    );
    const machines = book.getWorksheet('Par machine')!.getSheetValues() as unknown[][];
    const laser = machines.find((r) => r?.[1] === 'Découpe laser CO₂')!;
    expect(laser.slice(2, 7)).toEqual([2, 3, 2, 228, 1.3]);
  });

  it('draws a PDF in French with the site, the period, the figures, charts and definitions', {
    timeout: 30_000,
  }, async () => {
    const res = await t.call('GET', url('pdf'));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Rapport d’usage des équipements partagés');
    expect(text).toContain('Manufacture de proximité — démo');
    expect(text).toContain('2026-11 (du 2026-11-01 au 2026-11-30)');
    expect(text).toMatch(/Heures machine utilisées \(h\)\s+7\s+2\s+250/);
    expect(text).toMatch(/Heures actives \(h\)\s+5,83/);
    expect(text).toContain('Heures machine par machine');
    expect(text).toMatch(/Découpe laser CO₂\s+3\s?h/);
    expect(text).toContain('Définitions');
    expect(text).toContain('une session à cheval sur le début ou la fin de la période');
  });

  it('draws the PDF in English on lang=en', { timeout: 30_000 }, async () => {
    const res = await t.call('GET', url('pdf', '&lang=en'));
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Shared equipment usage report');
    expect(text).toMatch(/Machine hours used \(h\)\s+7\s+2\s+250/);
    expect(text).toContain('Definitions');
  });

  it('lets a manager drill from a machine’s row down to its usage sessions, split at the edge', async () => {
    const r = (await (await t.call('GET', url('json'))).json()) as {
      tables: { key: string; rows: { key: string; drill?: Record<string, string> }[] }[];
    };
    const cnc = r.tables
      .find((x) => x.key === 'machines')!
      .rows.find((x) => x.key === 'cnc-fraiseuse')!;
    expect(cnc.drill).toEqual({ machine: 'cnc-fraiseuse' });
    const res = await t.call(
      'GET',
      `/api/reports/sessions?site=atelier-demo&period=2026-11&machine=${cnc.drill!.machine}`,
    );
    expect(res.status).toBe(200);
    const { sessions } = (await res.json()) as {
      sessions: { id: string; memberName: string; share: number; wallHours: number }[];
    };
    expect(sessions).toEqual([
      expect.objectContaining({ id: 's5', memberName: 'Camille Roux', share: 0.5, wallHours: 1 }),
    ]);
  });

  it('is the same report for an admin naming the site', async () => {
    const res = await t.call('GET', url('json'), undefined, AS.admin);
    expect(res.status).toBe(200);
  });
});
