import { describe, expect, it } from 'vitest';
import { parseTopic, topics } from './topics.js';

describe('topics', () => {
  it('builds and parses a machine topic', () => {
    const t = topics.machine('fablab-nord', 'prusa-1', 'state');
    expect(t).toBe('manufacto/v1/fablab-nord/machines/prusa-1/state');
    expect(parseTopic(t)).toEqual({
      kind: 'machine',
      site: 'fablab-nord',
      machine: 'prusa-1',
      channel: 'state',
    });
  });

  it('rejects topics that are not ours', () => {
    expect(parseTopic('manufacto/v2/a/machines/b/state')).toBeNull();
    expect(parseTopic('manufacto/v1/A/machines/b/state')).toBeNull();
    expect(parseTopic('manufacto/v1/a/machines/b/unknown')).toBeNull();
    expect(parseTopic('manufacto/v1/a/gateways/b/state')).toBeNull();
    expect(parseTopic('manufacto/v1/a/machines/b/state/extra')).toBeNull();
  });

  it('gives back the same frozen parts for a topic seen again', () => {
    const t = topics.machine('fablab-nord', 'laser-1', 'telemetry');
    const first = parseTopic(t);
    expect(parseTopic(`${t}`)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseTopic('manufacto/v1/a/machines/b/unknown')).toBeNull();
    expect(parseTopic('manufacto/v1/a/machines/b/unknown')).toBeNull();
  });
});
