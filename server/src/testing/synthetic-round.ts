/**
 * Seeded generator of contended booking rounds, for tests and the benchmark: machines of kinds
 * printer/laser/cnc open Mon–Fri 09:00–18:00 (UTC, epoch ms from a Monday 00:00Z), 40–80 members in
 * priority classes with quotas and a heavy-tailed appetite, requests of 30–240 min in 15-min steps
 * with 1–3 acceptable windows, for a specific machine or any machine of a kind, with total demand
 * around 1.5–2.5× the machine capacity. Same seed, same round: the PRNG is ours, not Math.random.
 *
 * @example
 * const { input, meta } = syntheticRound({ seed: 1, requests: 1000, machines: 20 });
 * @module
 */
import type {
  AllocationInput,
  AllocationMachine,
  AllocationMember,
  AllocationRequest,
  Interval,
  MachineKind,
} from '../domain/allocation/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 6 January 2025, 00:00 UTC. */
export const DEFAULT_WEEK_START = Date.UTC(2025, 0, 6);

export interface SyntheticOptions {
  seed: number;
  requests: number;
  machines: number;
  /** Default: drawn from 40–80. */
  members?: number;
  /** A Monday 00:00Z in epoch ms. */
  weekStart?: number;
  /** Opening days from Monday, 1–5 (a one-day round keeps exact-optimum instances small). Default 5. */
  days?: number;
  /** Requested minutes / bookable minutes. Default: drawn from 1.5–2.5. */
  demandFactor?: number;
  granularityMin?: number;
  /** Share of requests made deliberately invalid (zero duration, unknown machine, no target). Default 0. */
  invalidShare?: number;
}

export interface SyntheticRound {
  input: AllocationInput;
  meta: { capacityMin: number; requestedMin: number; demandFactor: number };
}

/** mulberry32: tiny, fast, good enough to shuffle a workshop; deterministic across platforms. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Machine kinds with their share of the fleet and their buffer (laser 10 min: off the 15-min grid on purpose). */
const FLEET: readonly { kind: MachineKind; share: number; bufferMin: number }[] = [
  { kind: 'printer', share: 0.5, bufferMin: 15 },
  { kind: 'laser', share: 0.3, bufferMin: 10 },
  { kind: 'cnc', share: 0.2, bufferMin: 30 },
];

/** Priority classes: weight for the fair share, quota as a multiple of an equal split of capacity. */
const CLASSES: readonly {
  name: string;
  share: number;
  weight: number;
  quotaOfEqualSplit?: number;
}[] = [
  { name: 'resident', share: 0.2, weight: 2 },
  { name: 'adherent', share: 0.5, weight: 1.5, quotaOfEqualSplit: 2 },
  { name: 'occasional', share: 0.3, weight: 1, quotaOfEqualSplit: 1 },
];

export function syntheticRound(options: SyntheticOptions): SyntheticRound {
  const rnd = seededRandom(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const q15 = (min: number) => Math.round(min / 15) * 15;

  const weekStart = options.weekStart ?? DEFAULT_WEEK_START;
  const days = Math.min(5, Math.max(1, Math.round(options.days ?? 5)));
  const granularityMin = options.granularityMin ?? 15;
  const demandFactor = options.demandFactor ?? 1.5 + rnd();
  const memberCount = options.members ?? int(40, 80);
  const open = (day: number): Interval => ({
    start: weekStart + day * DAY + 9 * HOUR,
    end: weekStart + day * DAY + 18 * HOUR,
  });

  // Machines: kinds dealt in proportion to the fleet shares (each next machine goes to the kind
  // furthest below its share), so every fleet of three or more has each kind.
  const machines: AllocationMachine[] = [];
  const counters = new Map<MachineKind, number>();
  for (let i = 0; i < options.machines; i += 1) {
    const spec = FLEET.reduce((a, b) =>
      (counters.get(b.kind) ?? 0) / b.share < (counters.get(a.kind) ?? 0) / a.share ? b : a,
    );
    const { kind, bufferMin } = spec;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    let available = Array.from({ length: days }, (_, d) => open(d));
    // One machine in ten loses a morning to maintenance.
    if (rnd() < 0.1) {
      const d = int(0, days - 1);
      available = available.flatMap((iv, k) =>
        k === d ? [{ start: iv.start + 4 * HOUR, end: iv.end }] : [iv],
      );
    }
    machines.push({ id: `${kind}-${String(n).padStart(2, '0')}`, kind, available, bufferMin });
  }
  const capacityMin = machines.reduce(
    (s, m) => s + m.available.reduce((t, i) => t + (i.end - i.start) / MIN, 0),
    0,
  );

  // Members: class by share, heavy-tailed appetite (log-normal), recent use following appetite.
  const equalSplit = capacityMin / Math.max(1, memberCount);
  const members: AllocationMember[] = [];
  const appetite: number[] = [];
  for (let i = 0; i < memberCount; i += 1) {
    let u = rnd();
    let cls = CLASSES[0] as (typeof CLASSES)[number];
    for (const c of CLASSES) {
      cls = c;
      u -= c.share;
      if (u < 0) break;
    }
    const a = Math.exp(0.9 * normal());
    appetite.push(a);
    const member: AllocationMember = {
      id: `m${String(i + 1).padStart(3, '0')}`,
      weight: cls.weight,
      recentUseMin: q15(Math.min(2400, a * 300 * (0.5 + rnd()))),
    };
    if (cls.quotaOfEqualSplit !== undefined)
      member.quotaMin = Math.max(60, q15(cls.quotaOfEqualSplit * equalSplit * (0.8 + 0.4 * rnd())));
    members.push(member);
  }
  const cumulative: number[] = [];
  appetite.reduce((s, a) => {
    cumulative.push(s + a);
    return s + a;
  }, 0);
  const pickMember = (): AllocationMember => {
    const x = rnd() * (cumulative[cumulative.length - 1] ?? 0);
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return members[lo] as AllocationMember;
  };

  // Requests: durations log-normal, clamped to 30–240 min in 15-min steps, scaled so that they add
  // up to the wanted demand (bisection on the scale: clamping would otherwise skew the mean).
  const shapes = Array.from({ length: options.requests }, () => Math.exp(0.6 * normal()));
  const duration = (scale: number, shape: number) =>
    Math.min(240, Math.max(30, q15(scale * shape)));
  const wanted = demandFactor * capacityMin;
  let [lo, hi] = [1, 1000];
  for (let k = 0; k < 40; k += 1) {
    const mid = (lo + hi) / 2;
    if (shapes.reduce((sum, shape) => sum + duration(mid, shape), 0) < wanted) lo = mid;
    else hi = mid;
  }
  const requests: AllocationRequest[] = [];
  for (let i = 0; i < options.requests; i += 1) {
    const durationMin = duration(hi, shapes[i] as number);
    const target = pick(machines);
    const windows: Interval[] = [];
    const count = rnd() < 0.5 ? 1 : rnd() < 0.6 ? 2 : 3;
    for (let w = 0; w < count; w += 1) {
      const day = open(int(0, days - 1));
      if (rnd() < 0.15) {
        windows.push(day); // "any time that day"
        continue;
      }
      // Afternoons are wanted more (u^0.7 leans late); slack of 0–4 h beyond the duration.
      const latestStart = 9 * 60 - durationMin;
      const start = day.start + q15(latestStart * rnd() ** 0.7) * MIN;
      const end = Math.min(day.end, start + (durationMin + q15(240 * rnd() ** 2)) * MIN);
      windows.push({ start, end });
    }
    const request: AllocationRequest = {
      id: `r${String(i + 1).padStart(5, '0')}`,
      member: pickMember().id,
      durationMin,
      windows,
      submittedAt: weekStart - 7 * DAY + Math.floor((rnd() * 7 * DAY) / 1000) * 1000,
    };
    if (rnd() < 0.35) request.machine = target.id;
    else request.kind = target.kind;
    requests.push(request);
  }

  // Each member ranks their own requests; one in five is left unranked.
  const byMember = new Map<string, AllocationRequest[]>();
  for (const r of requests) {
    const list = byMember.get(r.member);
    if (list === undefined) byMember.set(r.member, [r]);
    else list.push(r);
  }
  for (const list of byMember.values()) {
    for (let i = list.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j] as AllocationRequest, list[i] as AllocationRequest];
    }
    list.forEach((r, rank) => {
      if (rnd() >= 0.2) r.priority = rank + 1;
    });
  }

  const invalidShare = options.invalidShare ?? 0;
  for (const r of requests) {
    if (rnd() >= invalidShare) continue;
    const flaw = int(0, 2);
    if (flaw === 0) r.durationMin = 0;
    else if (flaw === 1) {
      delete r.kind;
      r.machine = 'ghost-99';
    } else {
      delete r.kind;
      delete r.machine;
    }
  }

  const requestedMin = requests.reduce((s, r) => s + r.durationMin, 0);
  return {
    input: { machines, members, requests, granularityMin },
    meta: {
      capacityMin,
      requestedMin,
      demandFactor: capacityMin > 0 ? requestedMin / capacityMin : 0,
    },
  };
}
