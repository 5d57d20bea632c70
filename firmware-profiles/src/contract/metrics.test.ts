/** The contract's metrics and the README's table of them say the same. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_KEY_PATTERN, METRICS } from './metrics.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The keys named in the first column of the README's metrics table. */
const tabled = new Set(
  readme
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1])),
);

describe('the common metrics', () => {
  it('are each in the README’s table', () => {
    expect(Object.keys(METRICS).filter((key) => !tabled.has(key))).toEqual([]);
  });

  it('follow the key naming rule', () => {
    expect(Object.keys(METRICS).filter((key) => !METRIC_KEY_PATTERN.test(key))).toEqual([]);
  });
});
