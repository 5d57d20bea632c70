/**
 * A machine's state changes as the segments of a timeline bar: each state from when it began to
 * when the next began, clipped to the range shown. Pure, for the machine page's history.
 * @module
 */
import type { MachineState } from '@manufacto/firmware-profiles/contract';

export interface StateSegment {
  readonly state: MachineState;
  readonly start: number;
  readonly end: number;
}

/**
 * `before` is the state in force at `from` (none known: the bar starts at the first change);
 * consecutive changes to the same state merge into one segment.
 *
 * @example stateSegments('idle', [{ at: '…T10:00Z', state: 'running' }], from, to)
 */
export function stateSegments(
  before: MachineState | null,
  changes: readonly { readonly at: string; readonly state: MachineState }[],
  from: number,
  to: number,
): StateSegment[] {
  const points = [
    ...(before ? [{ at: from, state: before }] : []),
    ...changes.map((c) => ({ at: Math.max(from, Date.parse(c.at)), state: c.state })),
  ]
    .filter((p) => Number.isFinite(p.at) && p.at < to)
    .sort((a, b) => a.at - b.at);
  const segments: StateSegment[] = [];
  points.forEach((point, i) => {
    const end = points[i + 1]?.at ?? to;
    const last = segments.at(-1);
    if (last && last.state === point.state) segments[segments.length - 1] = { ...last, end };
    else if (end > point.at) segments.push({ state: point.state, start: point.at, end });
  });
  return segments;
}

/** Seconds spent in each state over the segments (the timeline's legend says them in words). */
export function secondsByState(segments: readonly StateSegment[]): Map<MachineState, number> {
  const out = new Map<MachineState, number>();
  for (const s of segments) out.set(s.state, (out.get(s.state) ?? 0) + (s.end - s.start) / 1000);
  return out;
}
