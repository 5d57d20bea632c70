import { describe, expect, it } from 'vitest';
import { escapeMeasurement, escapeName, linesOf, pointLine, quoteString } from './line-protocol.js';

describe('line protocol', () => {
  it('writes a telemetry point as the influx client did: sorted tags and fields, floats, ms', () => {
    expect(
      pointLine({
        measurement: 'machine_metrics',
        tags: { site: 'atelier', machine: 'prusa-1', kind: 'printer', profile: 'marlin' },
        fields: { power_w: 120.5, energy_wh: 3 },
        timestamp: 1_764_000_000_000,
      }),
    ).toBe(
      'machine_metrics,kind=printer,machine=prusa-1,profile=marlin,site=atelier energy_wh=3,power_w=120.5 1764000000000',
    );
  });

  it('escapes hostile names: commas, equals signs, spaces, newlines; quotes and backslashes in strings', () => {
    expect(escapeName('a,b=c d')).toBe('a\\,b\\=c\\ d');
    expect(escapeName('two\nlines\r')).toBe('two\\ lines\\ ');
    expect(escapeMeasurement('m x,y=z')).toBe('m\\ x\\,y=z');
    expect(quoteString('say "hi" \\ bye\n')).toBe('"say \\"hi\\" \\\\ bye\n"');
    const line = pointLine({
      measurement: 'machine_state',
      tags: { site: 'a', machine: 'm', profile: 'evil,site=other x\nmachine_state f=1 1' },
      fields: { state: 'error', reason: 'câble "débranché" \\ , = ', state_code: 5, ok: true },
      timestamp: 1_764_000_000_000,
    });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe(
      'machine_state,machine=m,profile=evil\\,site\\=other\\ x\\ machine_state\\ f\\=1\\ 1,site=a ok=true,reason="câble \\"débranché\\" \\\\ , = ",state="error",state_code=5 1764000000000',
    );
  });

  it('refuses a point without fields, and joins a batch one point a line', () => {
    expect(() =>
      pointLine({ measurement: 'machine_metrics', tags: {}, fields: {}, timestamp: 1 }),
    ).toThrow('no field');
    const p = { measurement: 'machine_metrics' as const, tags: {}, fields: { a: 1 }, timestamp: 2 };
    expect(linesOf([p, p])).toBe('machine_metrics a=1 2\nmachine_metrics a=1 2');
  });

  it('writes each point with its own measurement and fields when points share a tags object', () => {
    const tags = { site: 'a', machine: 'm' };
    expect(
      linesOf([
        {
          measurement: 'machine_metrics',
          tags,
          fields: { power_w: 1, energy_wh: 2 },
          timestamp: 1,
        },
        { measurement: 'machine_events', tags, fields: { b: 'x', a: true }, timestamp: 2 },
        { measurement: 'machine_metrics', tags, fields: { a_c: 3 }, timestamp: 3 },
      ]),
    ).toBe(
      [
        'machine_metrics,machine=m,site=a energy_wh=2,power_w=1 1',
        'machine_events,machine=m,site=a a=true,b="x" 2',
        'machine_metrics,machine=m,site=a a_c=3 3',
      ].join('\n'),
    );
  });
});
