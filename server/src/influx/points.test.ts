import { decodeMessage, topics } from '@manufacto/firmware-profiles/contract';
import { describe, expect, it } from 'vitest';
import { pointsFor } from './points.js';

const telemetry = (machine: string, seq: number) => {
  const result = decodeMessage(
    topics.machine('atelier', machine, 'telemetry'),
    JSON.stringify({
      v: 1,
      gateway: 'gw-1',
      seq,
      ts: 1_764_000_000_000 + seq,
      metrics: { a: seq },
    }),
  );
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

describe('pointsFor', () => {
  it("gives a machine's telemetry points one tags object while its kind and profile stay", () => {
    const printer = { kind: 'printer', profile: 'marlin' };
    const [first] = pointsFor(telemetry('prusa-1', 1), printer);
    const [second] = pointsFor(telemetry('prusa-1', 2), { ...printer });
    expect(second!.tags).toBe(first!.tags);
    expect(first!.tags).toEqual({
      site: 'atelier',
      machine: 'prusa-1',
      kind: 'printer',
      profile: 'marlin',
    });
    const [other] = pointsFor(telemetry('prusa-2', 3), printer);
    expect(other!.tags.machine).toBe('prusa-2');
    // A new profile (the machine was reconfigured): new tags, the old ones left as they were.
    const [changed] = pointsFor(telemetry('prusa-1', 4), { kind: 'printer', profile: 'klipper' });
    expect(changed!.tags.profile).toBe('klipper');
    expect(first!.tags.profile).toBe('marlin');
    expect(pointsFor(telemetry('prusa-1', 5), undefined)[0]!.tags).toEqual({
      site: 'atelier',
      machine: 'prusa-1',
    });
  });
});
