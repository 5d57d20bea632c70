import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEMO_MACHINES, DEMO_MEMBERS, DEMO_TRAININGS, DEMO_SITE } from '../../demo/workshop.js';
import { buildReport } from './engine.js';
import {
  GOLDEN_GRANTS,
  GOLDEN_MEMBER_FACTS,
  GOLDEN_ORGANISATION_FACTS,
  GOLDEN_RESERVATIONS,
  GOLDEN_SESSIONS,
} from '../../testing/report-fixtures.js';
import { measurePeriod } from './measure.js';
import { parsePeriod, previousPeriod } from './period.js';
import type { Audience, ReportInput, ReportSession } from './types.js';

const TZ = 'Europe/Paris';

function goldenInput(audience: Audience, over: Partial<ReportInput> = {}): ReportInput {
  const period = parsePeriod('2026-11', TZ);
  const sessions = over.sessions ?? GOLDEN_SESSIONS;
  const firstUse = new Map<string, number>();
  for (const s of sessions)
    if (s.member) firstUse.set(s.member, Math.min(firstUse.get(s.member) ?? Infinity, s.start));
  return {
    audience,
    threshold: 5,
    period,
    previous: previousPeriod(period, TZ),
    sites: [DEMO_SITE],
    machines: DEMO_MACHINES.map((m) => ({
      id: m.id,
      site: m.site,
      name: m.name,
      kind: m.kind,
      training: m.qualification,
    })),
    sessions,
    reservations: GOLDEN_RESERVATIONS,
    members: new Map(
      DEMO_MEMBERS.map((m) => [
        m.id,
        {
          id: m.id,
          organisation: m.organisation,
          facts: GOLDEN_MEMBER_FACTS.find((f) => f.member === m.id) ?? null,
        },
      ]),
    ),
    organisations: new Map(GOLDEN_ORGANISATION_FACTS.map((o) => [o.organisation, o])),
    firstUse,
    grants: GOLDEN_GRANTS,
    trainingNames: new Map(DEMO_TRAININGS.map((q) => [q.id, q.name])),
    ...over,
  };
}

const figure = (r: ReturnType<typeof buildReport>, key: string) =>
  r.figures.find((f) => f.key === key)!;
const table = (r: ReturnType<typeof buildReport>, key: string) =>
  r.tables.find((t) => t.key === key)!;

describe('buildReport over the golden workshop (November 2026)', () => {
  const report = buildReport(goldenInput('manager'));

  it('counts each measured hour once, split at the month’s edges', () => {
    // s1 2 h + s2 2 of 4 h + s3 1 h + s4 1 h + s5 1 of 2 h.
    expect(figure(report, 'wallHours').value).toBe(7);
    // 1.5 + 2 + 0.833… + 0.5 + 1.
    expect(figure(report, 'activeHours').value).toBe(5.83);
    expect(figure(report, 'sessions').value).toBe(5);
    expect(figure(report, 'unattributedHours').value).toBe(1);
    expect(figure(report, 'walkInHours').value).toBe(4);
    expect(figure(report, 'usedOfBookedHours').value).toBe(3);
  });

  it('compares with October: the other half of the session crossing the edge', () => {
    const wall = figure(report, 'wallHours');
    expect(wall.previous).toBe(2);
    expect(wall.change).toBe(2.5);
  });

  it('measures utilisation over the opening hours of the site’s calendar', () => {
    // 20 weekdays (11 November is a holiday) × 10 h + 4 Saturdays × 7 h.
    const laser = table(report, 'machines').rows.find((r) => r.key === 'laser-co2')!;
    expect(laser.values.openingHours).toBe(228);
    expect(laser.values.utilisation).toBe(1.3); // 3 h of 228
    expect(figure(report, 'openingHours').value).toBe(684);
    expect(figure(report, 'utilisation').value).toBe(0.6); // 4 h in opening hours of 684
  });

  it('counts booked hours cut at the edge, no-shows, early releases and cancellations', () => {
    expect(figure(report, 'bookedHours').value).toBe(6); // 3 + 1 + 1 + 1 of r7's 2
    expect(figure(report, 'noShows').value).toBe(1);
    expect(figure(report, 'earlyReleases').value).toBe(1);
    expect(figure(report, 'cancellations').value).toBe(1);
  });

  it('counts a slot the schedule keeper released early, whatever the measured use says', () => {
    const reservations = GOLDEN_RESERVATIONS.map((r) =>
      r.id === 'r3' ? { ...r, releasedAt: r.end - 10 * 60_000 } : r,
    );
    expect(
      figure(buildReport(goldenInput('manager', { reservations })), 'earlyReleases').value,
    ).toBe(2);
  });

  it('counts distinct people, organisations, newcomers and trainings', () => {
    expect(figure(report, 'artisans').value).toBe(3);
    expect(figure(report, 'organisations').value).toBe(2);
    expect(figure(report, 'newArtisans').value).toBe(2); // Nadia first came in October
    expect(figure(report, 'trainings').value).toBe(3);
    const territory = table(report, 'territory');
    expect(Object.fromEntries(territory.rows.map((r) => [r.key, r.values]))).toEqual({
      qpv: { artisans: 1, organisations: 0 },
      rural: { artisans: 1, organisations: 1 },
      urban: { artisans: 1, organisations: 1 },
    });
    const sector = table(report, 'sector');
    expect(Object.fromEntries(sector.rows.map((r) => [r.key, r.values]))).toEqual({
      wood: { organisations: 1, artisans: 1 },
      unknown: { organisations: 1, artisans: 1 },
      none: { organisations: 0, artisans: 1 },
    });
  });

  it('gives energy only where measured, with the share of hours it covers', () => {
    expect(figure(report, 'energyKwh').value).toBe(1);
    expect(figure(report, 'energyCoverage').value).toBe(28.6);
  });

  it('ranks the busiest machines and lets a manager drill down to a machine’s sessions', () => {
    expect(table(report, 'busiest').rows.map((r) => r.key)).toEqual([
      'laser-co2',
      'prusa-mk4-1',
      'cnc-fraiseuse',
    ]);
    expect(table(report, 'machines').rows[0]!.drill).toEqual({ machine: expect.any(String) });
  });

  it('gives every figure a definition in French and English', () => {
    for (const f of report.figures) {
      expect(f.definition.fr.length).toBeGreaterThan(20);
      expect(f.definition.en.length).toBeGreaterThan(20);
    }
  });
});

describe('buildReport for a funder', () => {
  it('suppresses every count of people under five, totals included, and offers no drill-down', () => {
    const r = buildReport(goldenInput('funder'));
    for (const key of ['artisans', 'organisations', 'newArtisans', 'trainings']) {
      expect(figure(r, key)).toMatchObject({ value: null, suppressed: true });
    }
    expect(figure(r, 'wallHours').value).toBe(7);
    const status = table(r, 'status');
    expect(status.rows.every((row) => row.values.artisans === null)).toBe(true);
    expect(status.total!.values.artisans).toBeNull();
    expect(r.tables.flatMap((t) => t.rows).some((row) => row.drill)).toBe(false);
  });

  it('hides a second status so the published total cannot give back the small one', () => {
    // Ten professionals and two students, each with one job on 2 November.
    const people = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const sessions: ReportSession[] = people.map((p, i) => ({
      id: `x${i}`,
      machine: 'laser-co2',
      member: p,
      reservation: null,
      start: Date.parse('2026-11-02T09:00:00Z') + i * 3_600_000,
      end: Date.parse('2026-11-02T09:30:00Z') + i * 3_600_000,
      wallSeconds: 1800,
      activeSeconds: 1800,
      energyWh: null,
    }));
    const members = new Map(
      people.map((p, i) => [
        p,
        {
          id: p,
          organisation: null,
          facts: {
            member: p,
            status: i < 10 ? ('professional' as const) : ('student' as const),
            territory: null,
          },
        },
      ]),
    );
    const r = buildReport(goldenInput('funder', { sessions, members }));
    expect(figure(r, 'artisans').value).toBe(12);
    const status = table(r, 'status');
    const byKey = Object.fromEntries(status.rows.map((row) => [row.key, row.values.artisans]));
    expect(byKey).toEqual({ professional: null, student: null });
    const published = status.rows.reduce(
      (s, row) => s + ((row.values.artisans as number | null) ?? 0),
      0,
    );
    // What subtraction gives is the two hidden cells together, not the students alone.
    expect((status.total!.values.artisans as number) - published).toBe(12);
    // The manager sees the cells.
    const m = buildReport(goldenInput('manager', { sessions, members }));
    expect(
      Object.fromEntries(table(m, 'status').rows.map((row) => [row.key, row.values.artisans])),
    ).toEqual({ professional: 10, student: 2 });
  });
});

describe('measurePeriod', () => {
  it('splits any sessions so that consecutive days add up to the week (nothing lost, nothing twice)', () => {
    const week = parsePeriod('2026-11-02..2026-11-08', TZ);
    const start = week.start;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -86_400, max: 8 * 86_400 }),
            fc.integer({ min: 0, max: 30 * 3600 }),
          ),
          { maxLength: 40 },
        ),
        (spans) => {
          const sessions: ReportSession[] = spans.map(([at, len], i) => ({
            id: `q${i}`,
            machine: 'prusa-mk4-1',
            member: null,
            reservation: null,
            start: start + at * 1000,
            end: start + (at + len) * 1000,
            wallSeconds: len,
            activeSeconds: len / 2,
            energyWh: len / 10,
          }));
          const input = goldenInput('manager', { sessions });
          const whole = measurePeriod(input, week).machines.get('prusa-mk4-1')!;
          let wall = 0;
          let active = 0;
          for (let d = 2; d <= 8; d++) {
            const day = parsePeriod(`2026-11-0${d}..2026-11-0${d}`, TZ);
            const m = measurePeriod(input, day).machines.get('prusa-mk4-1')!;
            wall += m.wallS;
            active += m.activeS;
          }
          expect(wall).toBeCloseTo(whole.wallS, 6);
          expect(active).toBeCloseTo(whole.activeS, 6);
          // And the week holds exactly the parts of the sessions inside it.
          const inside = sessions.reduce((s, x) => {
            const a = Math.max(x.start, week.start);
            const b = Math.min(x.end, week.end);
            return (
              s + (x.end > x.start && b > a ? ((b - a) / (x.end - x.start)) * x.wallSeconds : 0)
            );
          }, 0);
          expect(whole.wallS).toBeCloseTo(inside, 6);
        },
      ),
      { numRuns: 100 },
    );
  });
});
