/**
 * The report: the measures of a period and of the one before, worded (every figure with its
 * definition) and, for funders, with counts of people suppressed so that no cell points at a
 * person, even by subtraction from a total published elsewhere in the report. Pure.
 * @module
 */
import { CHANGE, FIGURES, SUPPRESSED, type FigureKey } from './definitions.js';
import {
  PERSON_STATUSES,
  SECTOR_WORDS,
  SECTORS,
  STATUS_WORDS,
  TERRITORY_WORDS,
  type TerritoryClass,
} from './facts.js';
import {
  artisanTerritory,
  measurePeriod,
  type MachineMeasure,
  type PeriodMeasure,
} from './measure.js';
import { suppressCounts, suppressOne } from './suppression.js';
import type { Column, Figure, Report, ReportInput, Row, Table, Text } from './types.js';

const KIND_WORDS: Record<string, Text> = {
  printer: { fr: 'Imprimantes 3D', en: '3D printers' },
  laser: { fr: 'Découpe laser', en: 'Laser cutters' },
  cnc: { fr: 'Fraiseuses CNC', en: 'CNC mills' },
  other: { fr: 'Autres machines', en: 'Other machines' },
};

const hours = (s: number) => Math.round((s / 3600) * 100) / 100;
const pct = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
const kwh = (wh: number, measuredS: number) => (measuredS > 0 ? Math.round(wh / 10) / 100 : null);

function sum(ms: Iterable<MachineMeasure>): MachineMeasure {
  const t: MachineMeasure = {
    sessions: 0,
    wallS: 0,
    activeS: 0,
    openMs: 0,
    usedOpenMs: 0,
    bookedMs: 0,
    usedOfBookedS: 0,
    walkInS: 0,
    unattributedS: 0,
    noShows: 0,
    earlyReleases: 0,
    cancellations: 0,
    energyWh: 0,
    energyWallS: 0,
  };
  for (const m of ms) for (const k of Object.keys(t) as (keyof MachineMeasure)[]) t[k] += m[k];
  return t;
}

/** The headline values of one period, by figure key. */
function headline(p: PeriodMeasure): Record<FigureKey, number | null> {
  const t = sum(p.machines.values());
  return {
    wallHours: hours(t.wallS),
    activeHours: hours(t.activeS),
    sessions: t.sessions,
    openingHours: hours(t.openMs / 1000),
    utilisation: pct(t.usedOpenMs, t.openMs),
    bookedHours: hours(t.bookedMs / 1000),
    usedOfBookedHours: hours(t.usedOfBookedS),
    walkInHours: hours(t.walkInS),
    noShows: t.noShows,
    earlyReleases: t.earlyReleases,
    cancellations: t.cancellations,
    artisans: p.artisans.size,
    organisations: p.organisations.size,
    newArtisans: p.newArtisans.size,
    trainings: [...p.trainings.values()].reduce((s, n) => s + n, 0),
    unattributedHours: hours(t.unattributedS),
    energyKwh: kwh(t.energyWh, t.energyWallS),
    energyCoverage: t.energyWallS > 0 ? pct(t.energyWallS, t.wallS) : null,
  };
}

const MACHINE_COLUMNS: Column[] = (
  [
    ['sessions', FIGURES.sessions],
    ['wallHours', FIGURES.wallHours],
    ['activeHours', FIGURES.activeHours],
    ['openingHours', FIGURES.openingHours],
    ['utilisation', FIGURES.utilisation],
    ['bookedHours', FIGURES.bookedHours],
    ['noShows', FIGURES.noShows],
    ['earlyReleases', FIGURES.earlyReleases],
    ['energyKwh', FIGURES.energyKwh],
  ] as const
).map(([key, f]) => ({ key, label: f.label, unit: f.unit }));

function machineValues(m: MachineMeasure) {
  return {
    sessions: m.sessions,
    wallHours: hours(m.wallS),
    activeHours: hours(m.activeS),
    openingHours: hours(m.openMs / 1000),
    utilisation: pct(m.usedOpenMs, m.openMs),
    bookedHours: hours(m.bookedMs / 1000),
    noShows: m.noShows,
    earlyReleases: m.earlyReleases,
    energyKwh: kwh(m.energyWh, m.energyWallS),
  };
}

const row = (key: string, label: Text, values: Row['values'], drill?: Row['drill']): Row => ({
  key,
  label,
  values,
  suppressed: [],
  ...(drill ? { drill } : {}),
});

/** A table of people counts: one row per category, a total row. */
function peopleTable(
  key: string,
  title: Text,
  definition: Text,
  columns: readonly { key: string; label: Text; of: (category: string) => number }[],
  categories: readonly { key: string; label: Text }[],
): Table {
  const rows = categories.map((c) =>
    row(c.key, c.label, Object.fromEntries(columns.map((col) => [col.key, col.of(c.key)]))),
  );
  const total = row(
    'total',
    { fr: 'Total', en: 'Total' },
    Object.fromEntries(
      columns.map((col) => [col.key, rows.reduce((s, r) => s + (r.values[col.key] as number), 0)]),
    ),
  );
  return {
    key,
    title,
    definition,
    columns: columns.map((c) => ({ key: c.key, label: c.label, unit: 'people' })),
    rows: rows.filter((r) => Object.values(r.values).some((v) => v !== 0)),
    total,
  };
}

/** Suppresses a funder's people columns; answers the column keys whose total must be hidden. */
function suppressTable(t: Table, threshold: number): { table: Table; hiddenTotals: string[] } {
  const hidden = new Map<Row, string[]>();
  const hiddenTotals: string[] = [];
  for (const col of t.columns) {
    if (col.unit !== 'people') continue;
    const s = suppressCounts(
      t.rows.map((r) => r.values[col.key] as number),
      threshold,
    );
    t.rows.forEach((r, i) => {
      if (s.cells[i]) hidden.set(r, [...(hidden.get(r) ?? []), col.key]);
    });
    if (s.total) hiddenTotals.push(col.key);
  }
  const blank = (r: Row, keys: readonly string[]): Row =>
    keys.length === 0
      ? r
      : {
          ...r,
          values: Object.fromEntries(
            Object.entries(r.values).map(([k, v]) => [k, keys.includes(k) ? null : v]),
          ),
          suppressed: keys,
        };
  return {
    table: {
      ...t,
      rows: t.rows.map((r) => blank(r, hidden.get(r) ?? [])),
      ...(t.total ? { total: blank(t.total, hiddenTotals) } : {}),
    },
    hiddenTotals,
  };
}

export function buildReport(input: ReportInput): Report {
  const now = measurePeriod(input, input.period);
  const before = measurePeriod(input, input.previous);
  const funder = input.audience === 'funder';
  const multiSite = input.sites.length > 1;
  const siteName = new Map(input.sites.map((s) => [s.id, s.name]));

  const machines = [...input.machines].sort(
    (a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name, 'fr'),
  );
  const machineTable: Table = {
    key: 'machines',
    title: { fr: 'Par machine', en: 'By machine' },
    definition: FIGURES.utilisation.definition,
    columns: MACHINE_COLUMNS,
    rows: machines.map((m) => {
      const name = multiSite ? `${m.name} (${siteName.get(m.site) ?? m.site})` : m.name;
      return row(
        m.id,
        { fr: name, en: name },
        machineValues(now.machines.get(m.id)!),
        funder ? undefined : { machine: m.id },
      );
    }),
    total: row('total', { fr: 'Total', en: 'Total' }, machineValues(sum(now.machines.values()))),
  };
  const kinds = [...new Set(machines.map((m) => m.kind))].sort();
  const kindTable: Table = {
    key: 'kinds',
    title: { fr: 'Par type de machine', en: 'By kind of machine' },
    definition: FIGURES.utilisation.definition,
    columns: MACHINE_COLUMNS,
    rows: kinds.map((k) =>
      row(
        k,
        KIND_WORDS[k] ?? { fr: k, en: k },
        machineValues(
          sum(machines.filter((m) => m.kind === k).map((m) => now.machines.get(m.id)!)),
        ),
        funder ? undefined : { kind: k },
      ),
    ),
  };
  const busiest: Table = {
    key: 'busiest',
    title: { fr: 'Machines les plus utilisées', en: 'Busiest machines' },
    definition: FIGURES.wallHours.definition,
    columns: MACHINE_COLUMNS.filter((c) =>
      ['wallHours', 'utilisation', 'sessions'].includes(c.key),
    ),
    rows: machineTable.rows
      .filter((r) => (r.values.wallHours as number) > 0)
      .sort((a, b) => (b.values.wallHours as number) - (a.values.wallHours as number))
      .slice(0, 5),
  };

  const members = [...now.artisans].map((id) => ({ id, m: input.members.get(id) }));
  const orgs = [...now.organisations].map((id) => input.organisations.get(id));
  const count = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length;
  const statusOf = (id: string) => input.members.get(id)?.facts?.status ?? 'unknown';
  const sectorOf = (org: string | null | undefined) =>
    org ? (input.organisations.get(org)?.sector ?? 'unknown') : 'none';
  const people: Table[] = [
    peopleTable(
      'status',
      { fr: 'Usagers par statut', en: 'Users by status' },
      FIGURES.artisans.definition,
      [
        {
          key: 'artisans',
          label: FIGURES.artisans.label,
          of: (c) => count(members, (x) => statusOf(x.id) === c),
        },
      ],
      [...PERSON_STATUSES, 'unknown' as const].map((k) => ({ key: k, label: STATUS_WORDS[k] })),
    ),
    peopleTable(
      'sector',
      { fr: 'Par filière', en: 'By sector' },
      FIGURES.organisations.definition,
      [
        {
          key: 'organisations',
          label: FIGURES.organisations.label,
          of: (c) => count(orgs, (o) => (o?.sector ?? 'unknown') === c),
        },
        {
          key: 'artisans',
          label: FIGURES.artisans.label,
          of: (c) => count(members, (x) => sectorOf(x.m?.organisation) === c),
        },
      ],
      [...SECTORS, 'unknown' as const, 'none' as const].map((k) => ({
        key: k,
        label: SECTOR_WORDS[k],
      })),
    ),
    peopleTable(
      'territory',
      { fr: 'Par territoire', en: 'By territory' },
      {
        fr: 'Le territoire d’un usager est le sien s’il l’a renseigné, sinon celui de son organisation.',
        en: 'A user’s territory is their own when given, else their organisation’s.',
      },
      [
        {
          key: 'artisans',
          label: FIGURES.artisans.label,
          of: (c) => count(members, (x) => artisanTerritory(input, x.id) === c),
        },
        {
          key: 'organisations',
          label: FIGURES.organisations.label,
          of: (c) => count([...now.organisations], (o) => territoryOf(input, o) === c),
        },
      ],
      (['qpv', 'rural', 'urban', 'unknown'] as const).map((k) => ({
        key: k,
        label: TERRITORY_WORDS[k],
      })),
    ),
    peopleTable(
      'trainings',
      { fr: 'Formations délivrées', en: 'Trainings granted' },
      FIGURES.trainings.definition,
      [{ key: 'granted', label: FIGURES.trainings.label, of: (q) => now.trainings.get(q) ?? 0 }],
      [...input.trainingNames]
        .filter(([id]) => now.trainings.has(id))
        .map(([id, name]) => ({ key: id, label: { fr: name, en: name } })),
    ),
  ];

  // Totals some table cannot publish are hidden everywhere they appear (the headline too).
  const hiddenFigures = new Set<string>();
  let tables = people;
  if (funder) {
    const done = people.map((t) => suppressTable(t, input.threshold));
    for (const [i, d] of done.entries()) {
      for (const col of d.hiddenTotals)
        hiddenFigures.add(people[i]!.key === 'trainings' ? 'trainings' : col);
    }
    tables = done.map((d) => d.table);
    tables = tables.map((t) => {
      if (!t.total) return t;
      const keys = t.columns
        .map((c) => c.key)
        .filter(
          (k) =>
            hiddenFigures.has(t.key === 'trainings' ? 'trainings' : k) &&
            !t.total!.suppressed.includes(k),
        );
      return keys.length === 0
        ? t
        : {
            ...t,
            total: {
              ...t.total,
              values: Object.fromEntries(
                Object.entries(t.total.values).map(([k, v]) => [k, keys.includes(k) ? null : v]),
              ),
              suppressed: [...t.total.suppressed, ...keys],
            },
          };
    });
  }

  const a = headline(now);
  const b = headline(before);
  const figures: Figure[] = (Object.keys(FIGURES) as FigureKey[]).map((key) => {
    const f = FIGURES[key];
    const hide = (v: number | null, own: boolean) =>
      funder && f.unit === 'people' && v !== null && (suppressOne(v, input.threshold) || own);
    const value = hide(a[key], hiddenFigures.has(key)) ? null : a[key];
    const previous = hide(b[key], false) ? null : b[key];
    const suppressed = value === null && a[key] !== null;
    return {
      key,
      label: f.label,
      unit: f.unit,
      value,
      previous,
      change:
        value !== null && previous !== null && previous !== 0
          ? Math.round(((value - previous) / previous) * 1000) / 1000
          : null,
      suppressed,
      previousSuppressed: previous === null && b[key] !== null,
      definition: f.definition,
      ...(!funder && f.unit === 'hours' ? { drill: {} } : {}),
    };
  });

  return {
    audience: input.audience,
    threshold: input.threshold,
    sites: input.sites.map((s) => ({ id: s.id, name: s.name })),
    timezone: input.sites[0]?.timezone ?? 'Europe/Paris',
    period: input.period,
    previous: input.previous,
    figures,
    tables: [machineTable, kindTable, busiest, ...tables],
    notes: [
      CHANGE,
      ...(funder
        ? [
            {
              fr: SUPPRESSED.fr.replaceAll('{n}', String(input.threshold)),
              en: SUPPRESSED.en.replaceAll('{n}', String(input.threshold)),
            },
          ]
        : []),
      {
        fr: 'Chaque heure mesurée compte une fois : une session à cheval sur deux périodes est coupée à la limite, sa part de chaque côté va à sa période.',
        en: 'Every measured hour counts once: a session crossing two periods is cut at the edge, each part going to its period.',
      },
    ],
  };
}

function territoryOf(input: ReportInput, org: string): TerritoryClass {
  const t = input.organisations.get(org)?.territory;
  if (!t) return 'unknown';
  return t.qpv ? 'qpv' : t.rural ? 'rural' : 'urban';
}
