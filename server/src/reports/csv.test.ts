import { describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../demo/workshop.js';
import { buildReport } from '../domain/reports/engine.js';
import { parsePeriod, previousPeriod } from '../domain/reports/period.js';
import { reportCsv } from './csv.js';

describe('reportCsv', () => {
  it('neutralises a machine name a spreadsheet would run, and keeps negative changes as numbers', () => {
    const period = parsePeriod('2026-11', 'Europe/Paris');
    const r = buildReport({
      audience: 'manager',
      threshold: 5,
      period,
      previous: previousPeriod(period, 'Europe/Paris'),
      sites: [DEMO_SITE],
      machines: [
        {
          id: 'm',
          site: DEMO_SITE.id,
          name: '=cmd|"/c calc"!A1',
          kind: 'laser',
          training: null,
        },
      ],
      sessions: [
        {
          id: 'a',
          machine: 'm',
          member: null,
          reservation: null,
          start: Date.parse('2026-10-05T09:00:00Z'),
          end: Date.parse('2026-10-05T13:00:00Z'),
          wallSeconds: 14400,
          activeSeconds: 14400,
          energyWh: null,
        },
        {
          id: 'b',
          machine: 'm',
          member: null,
          reservation: null,
          start: Date.parse('2026-11-05T09:00:00Z'),
          end: Date.parse('2026-11-05T10:00:00Z'),
          wallSeconds: 3600,
          activeSeconds: 3600,
          energyWh: null,
        },
      ],
      reservations: [],
      members: new Map(),
      organisations: new Map(),
      firstUse: new Map(),
      grants: [],
      trainingNames: new Map(),
    });
    const lines = reportCsv(r, 'fr').split('\r\n');
    expect(lines.some((l) => l.startsWith(`"'=cmd|""/c calc""!A1";1;1;`))).toBe(true);
    expect(lines.some((l) => l.startsWith('=') || l.includes(';='))).toBe(false);
    // 1 h against 4 h: −75 %, a number the spreadsheet reads as one.
    expect(lines.find((l) => l.startsWith('Heures machine utilisées;'))).toMatch(
      /^Heures machine utilisées;1;4;-75;h;/,
    );
  });
});
