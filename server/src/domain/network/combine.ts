/**
 * The network report: the funder views of member sites for one period, summed. It only ever
 * reads funder views (already suppressed, no person in them), so the network holds no personal
 * data. A network cell that includes a cell some site suppressed is suppressed too: publishing
 * the sum would give the hidden cell back by subtracting the figures the other sites publish.
 * What the network publishes can then only be subtracted down to each site's suppressed cells
 * taken together, which that site's own report already gives (its total minus its cells). Sums of
 * published people counts are 0 or at least the threshold, as each part is. Pure.
 * @module
 */
import type { Figure, Report, Row, Table, Text } from '../reports/types.js';

export interface NetworkMember {
  readonly id: string;
  readonly name: string;
}

interface Cell {
  readonly value: number | string | null;
  readonly suppressed: boolean;
}

/** A share is not summed: it is averaged, each site weighted by what it is a share of. */
const WEIGHT: Readonly<Record<string, string>> = {
  utilisation: 'openingHours',
  energyCoverage: 'wallHours',
};

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function summed(cells: readonly Cell[]): Cell {
  if (cells.some((c) => c.suppressed)) return { value: null, suppressed: true };
  const numbers = cells.map((c) => c.value).filter((v): v is number => typeof v === 'number');
  if (numbers.length > 0)
    return {
      value: round(
        numbers.reduce((s, n) => s + n, 0),
        2,
      ),
      suppressed: false,
    };
  const texts = [...new Set(cells.map((c) => c.value).filter((v) => typeof v === 'string'))];
  return { value: texts.length === 1 ? texts[0]! : null, suppressed: false };
}

function averaged(cells: readonly Cell[], weights: readonly (number | string | null)[]): Cell {
  if (cells.some((c) => c.suppressed)) return { value: null, suppressed: true };
  let part = 0;
  let whole = 0;
  cells.forEach((c, i) => {
    const w = weights[i];
    if (typeof c.value === 'number' && typeof w === 'number' && w > 0) {
      part += c.value * w;
      whole += w;
    }
  });
  return { value: whole > 0 ? round(part / whole, 1) : null, suppressed: false };
}

const cellOf = (r: Row, key: string): Cell => ({
  value: r.values[key] ?? null,
  suppressed: r.suppressed.includes(key),
});

/** Rows of the same thing from several sites, as one. */
function combineRows(key: string, label: Text, rows: readonly Row[], t: Table): Row {
  const values: Record<string, number | string | null> = {};
  const suppressed: string[] = [];
  for (const col of t.columns) {
    const cells = rows.map((r) => cellOf(r, col.key));
    const weight = col.unit === 'percent' ? WEIGHT[col.key] : undefined;
    const c =
      col.unit === 'percent'
        ? averaged(
            cells,
            rows.map((r) => (weight ? (r.values[weight] ?? null) : null)),
          )
        : summed(cells);
    values[col.key] = c.value;
    if (c.suppressed) suppressed.push(col.key);
  }
  return { key, label, values, suppressed };
}

function combineFigure(key: string, reports: readonly Report[]): Figure {
  const of = (r: Report, k: string) => r.figures.find((f) => f.key === k);
  const first = reports.map((r) => of(r, key)).find((f) => f !== undefined)!;
  const fs = reports.map((r) => of(r, key));
  const now = fs.map((f) => ({ value: f?.value ?? null, suppressed: f?.suppressed ?? false }));
  const before = fs.map((f) => ({
    value: f?.previous ?? null,
    suppressed: f?.previousSuppressed ?? false,
  }));
  const weight = WEIGHT[key];
  const [a, b] =
    first.unit === 'percent'
      ? [
          averaged(
            now,
            reports.map((r) => (weight ? (of(r, weight)?.value ?? null) : null)),
          ),
          averaged(
            before,
            reports.map((r) => (weight ? (of(r, weight)?.previous ?? null) : null)),
          ),
        ]
      : [summed(now), summed(before)];
  const value = typeof a.value === 'number' ? a.value : null;
  const previous = typeof b.value === 'number' ? b.value : null;
  return {
    key,
    label: first.label,
    unit: first.unit,
    value,
    previous,
    change:
      value !== null && previous !== null && previous !== 0
        ? round((value - previous) / previous, 3)
        : null,
    suppressed: a.suppressed,
    previousSuppressed: b.suppressed,
    definition: first.definition,
  };
}

export const NETWORK_NOTES: readonly Text[] = [
  {
    fr: 'Réseau : chaque chiffre est la somme des bilans « financeur » des sites membres, déjà soumis au secret statistique. Une somme qui comprend une case masquée par un site est masquée à son tour, pour qu’on ne retrouve pas cette case en retranchant ce que publient les autres sites.',
    en: 'Network: each figure sums the member sites’ funder reports, already under statistical secrecy. A sum that includes a cell some site suppressed is suppressed in turn, so that the cell cannot be recovered by subtracting what the other sites publish.',
  },
  {
    fr: 'Une personne venue dans deux sites compte dans chacun : le réseau ne détient aucune donnée personnelle qui permettrait de la compter une seule fois. Les taux sont les moyennes des sites pondérées par ce dont ils sont la part (heures d’ouverture, heures mesurées).',
    en: 'A person who came to two sites counts at each: the network holds no personal data that would let it count them once. Shares are the sites’ averaged, weighted by what they are a share of (opening hours, measured hours).',
  },
];

/**
 * One report from member sites' funder reports of the same period (`parts`, each with its
 * member), for the network's funders. `notes` are added after the network's own.
 */
export function combineReports(
  parts: readonly { readonly member: NetworkMember; readonly report: Report }[],
  notes: readonly Text[] = [],
): Report {
  if (parts.length === 0) throw new RangeError('a network report needs one site’s report at least');
  const reports = parts.map((p) => p.report);
  const first = reports[0]!;
  const several = parts.length > 1;
  const figureKeys = [...new Set(reports.flatMap((r) => r.figures.map((f) => f.key)))];
  const tableKeys = [...new Set(reports.flatMap((r) => r.tables.map((t) => t.key)))];
  const tableOf = (r: Report, key: string) => r.tables.find((t) => t.key === key);

  const machineRows = parts.flatMap(({ member, report }) =>
    (tableOf(report, 'machines')?.rows ?? []).map((r) => ({
      ...r,
      key: `${member.id}:${r.key}`,
      label: several
        ? { fr: `${r.label.fr} (${member.name})`, en: `${r.label.en} (${member.name})` }
        : r.label,
    })),
  );

  const tables = tableKeys.map((key): Table => {
    const ts = reports.map((r) => tableOf(r, key)).filter((t): t is Table => t !== undefined);
    const t = ts[0]!;
    const totals = ts.flatMap((x) => (x.total ? [x.total] : []));
    const total = totals.length > 0 ? combineRows('total', totals[0]!.label, totals, t) : undefined;
    let rows: Row[];
    if (key === 'machines') rows = machineRows;
    else if (key === 'busiest')
      rows = machineRows
        .filter((r) => typeof r.values.wallHours === 'number' && r.values.wallHours > 0)
        .sort((x, y) => (y.values.wallHours as number) - (x.values.wallHours as number))
        .slice(0, 5);
    else {
      const byKey = new Map<string, Row[]>();
      for (const r of ts.flatMap((x) => x.rows)) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
      rows = [...byKey].map(([k, rs]) => combineRows(k, rs[0]!.label, rs, t));
    }
    return { ...t, rows, ...(total && key !== 'busiest' ? { total } : {}) };
  });

  return {
    audience: 'funder',
    threshold: Math.max(...reports.map((r) => r.threshold)),
    sites: parts.map((p) => ({ id: p.member.id, name: p.member.name })),
    timezone: first.timezone,
    period: first.period,
    previous: first.previous,
    figures: figureKeys.map((k) => combineFigure(k, reports)),
    tables,
    notes: [...NETWORK_NOTES, ...first.notes, ...notes],
  };
}
