/**
 * How long a G-code program will take, before it runs: the length of every move divided by its
 * feed rate, dwells added. It ignores acceleration (real jobs take longer: more so with many short
 * moves), so it is a floor the wall shows as "about", not a promise.
 *
 * Our own and small: the cncjs `gcode-toolpath`/`gcode-interpreter` packages walk the moves but
 * leave the feed rate (the `F` word) to the caller and bring a parser in CommonJS with one
 * maintainer; the part we need is the arithmetic below.
 * Words: https://linuxcnc.org/docs/html/gcode/g-code.html (G0–G3, G4, G17–G19, G20/G21, G90/G91).
 * @module
 */
import type { GcodeLine } from './gcode-file.js';

export interface EstimateOptions {
  /** Rapid (`G0`) speed, mm/min: the machine's maximum rate ($110 on GRBL, M203 on Marlin). */
  readonly rapidMmPerMin?: number;
  /** Feed rate to assume before the program sets one (mm/min). */
  readonly defaultFeedMmPerMin?: number;
}

export interface Estimate {
  readonly seconds: number;
  /** Length of all moves, mm (rapid and cutting). */
  readonly distanceMm: number;
  readonly moves: number;
}

const AXES = ['X', 'Y', 'Z'] as const;

/** The words of one line: `G1 X10 F300` → { G: [1], X: [10], F: [300] }. */
function words(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of text.toUpperCase().matchAll(/([A-Z])\s*([-+]?(?:\d+\.?\d*|\.\d+))/g)) {
    const letter = m[1] as string;
    const list = out.get(letter) ?? [];
    list.push(Number(m[2]));
    out.set(letter, list);
  }
  return out;
}

/** Length of an arc from `from` to `to` around the centre at offset (i, j), in the XY plane. */
function arcLength(
  from: readonly number[],
  to: readonly number[],
  centre: readonly [number, number],
  clockwise: boolean,
): number {
  const [cx, cy] = centre;
  const r = Math.hypot((from[0] ?? 0) - cx, (from[1] ?? 0) - cy);
  const a0 = Math.atan2((from[1] ?? 0) - cy, (from[0] ?? 0) - cx);
  const a1 = Math.atan2((to[1] ?? 0) - cy, (to[0] ?? 0) - cx);
  let sweep = clockwise ? a0 - a1 : a1 - a0;
  // A full circle has the same start and end: its sweep is 2π, not 0.
  if (sweep <= 1e-9) sweep += 2 * Math.PI;
  const planar = r * sweep;
  return Math.hypot(planar, (to[2] ?? 0) - (from[2] ?? 0));
}

/** The estimated duration of `lines` (as `gcodeLines` gives them). */
export function estimateDuration(
  lines: readonly GcodeLine[],
  options: EstimateOptions = {},
): Estimate {
  const rapid = options.rapidMmPerMin ?? 5000;
  let feed = options.defaultFeedMmPerMin ?? 1000;
  let motion = 0;
  let scale = 1; // G20: inches
  let relative = false;
  const pos = [0, 0, 0];
  let seconds = 0;
  let distanceMm = 0;
  let moves = 0;
  for (const { text } of lines) {
    const w = words(text);
    for (const g of w.get('G') ?? []) {
      if (g === 0 || g === 1 || g === 2 || g === 3) motion = g;
      else if (g === 20) scale = 25.4;
      else if (g === 21) scale = 1;
      else if (g === 90) relative = false;
      else if (g === 91) relative = true;
      else if (g === 4) {
        // Dwell: P in seconds on GRBL and LinuxCNC, milliseconds on Marlin (which also takes S).
        const p = w.get('P')?.[0];
        const s = w.get('S')?.[0];
        seconds += s ?? (p === undefined ? 0 : p > 100 ? p / 1000 : p);
      }
    }
    const f = w.get('F')?.[0];
    if (f !== undefined && f > 0) feed = f * scale;
    if (!AXES.some((a) => w.has(a))) continue;
    if (w.get('G')?.some((g) => g === 28 || g === 92 || g === 10 || g === 53)) continue;
    const to = AXES.map((a, i) => {
      const v = w.get(a)?.[0];
      if (v === undefined) return pos[i] as number;
      return relative ? (pos[i] as number) + v * scale : v * scale;
    });
    let length: number;
    if (motion === 2 || motion === 3) {
      const i = (w.get('I')?.[0] ?? 0) * scale;
      const j = (w.get('J')?.[0] ?? 0) * scale;
      length = arcLength(pos, to, [(pos[0] as number) + i, (pos[1] as number) + j], motion === 2);
    } else length = Math.hypot(...to.map((v, k) => v - (pos[k] as number)));
    seconds += (length / (motion === 0 ? rapid : feed)) * 60;
    distanceMm += length;
    moves += 1;
    pos.splice(0, 3, ...to);
  }
  return {
    seconds: Math.round(seconds * 10) / 10,
    distanceMm: Math.round(distanceMm * 10) / 10,
    moves,
  };
}
