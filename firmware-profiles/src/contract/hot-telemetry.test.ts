import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';
import { isHotTelemetry } from './hot-telemetry.js';
import { telemetryMessageSchema } from './messages.js';
import { topics } from './topics.js';

const good = {
  v: 1,
  gateway: 'gw-1',
  seq: 42,
  ts: 1_764_000_000_000,
  epoch: 'Ab3_-x',
  metrics: { power_w: 120.5, energy_wh: 3 },
};

/** Each a telemetry payload differing from `good` in one way: the hot check and zod must agree. */
const variants: Array<[string, unknown]> = [
  ['the plain shape', good],
  ['no epoch', { ...good, epoch: undefined }],
  ['a key zod strips', { ...good, extra: 1 }],
  ['a second version', { ...good, v: 2 }],
  ['v as a string', { ...good, v: '1' }],
  ['an upper-case gateway', { ...good, gateway: 'GW' }],
  ['a gateway ending in a dash', { ...good, gateway: 'gw-' }],
  ['a 65-character gateway', { ...good, gateway: 'g'.repeat(65) }],
  ['a negative seq', { ...good, seq: -1 }],
  ['a fractional seq', { ...good, seq: 1.5 }],
  ['an unsafe seq', { ...good, seq: 2 ** 53 }],
  ['seq as a string', { ...good, seq: '1' }],
  ['ts in seconds', { ...good, ts: 1_764_000_000 }],
  ['ts past the year 3000', { ...good, ts: 32_503_680_000_001 }],
  ['ts on its lower bound', { ...good, ts: 946_684_800_000 }],
  ['a fractional ts', { ...good, ts: 1_764_000_000_000.5 }],
  ['a null epoch', { ...good, epoch: null }],
  ['an empty epoch', { ...good, epoch: '' }],
  ['an epoch with a dot', { ...good, epoch: 'a.b' }],
  ['no metrics', { ...good, metrics: {} }],
  ['metrics as an array', { ...good, metrics: [1] }],
  ['metrics null', { ...good, metrics: null }],
  ['a camelCase metric', { ...good, metrics: { powerW: 1 } }],
  ['a metric starting with a digit', { ...good, metrics: { '1w': 1 } }],
  [
    'a __proto__ metric',
    JSON.parse('{"v":1,"gateway":"g","seq":1,"ts":1764000000000,"metrics":{"__proto__":1}}'),
  ],
  ['a string value', { ...good, metrics: { power_w: '1' } }],
  ['a null value', { ...good, metrics: { power_w: null } }],
  [
    '64 metrics',
    { ...good, metrics: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`m${i}`, i])) },
  ],
  [
    '65 metrics',
    { ...good, metrics: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])) },
  ],
  ['an array', [good]],
  ['null', null],
];

describe('isHotTelemetry', () => {
  it.each(variants)('agrees with the telemetry schema on %s', (_, json) => {
    const plain = json === null ? null : JSON.parse(JSON.stringify(json));
    const zod = telemetryMessageSchema.safeParse(plain);
    if (isHotTelemetry(plain)) {
      // Only yes to what zod accepts and gives back unchanged.
      expect(zod.success).toBe(true);
      expect(plain).toEqual(zod.data);
    } else if (zod.success) {
      // A no on what zod accepts is allowed only where zod changes it (it strips unknown keys).
      expect(zod.data).not.toEqual(plain);
    }
  });

  it('takes the plain shape, with and without an epoch', () => {
    expect(isHotTelemetry(JSON.parse(JSON.stringify(good)))).toBe(true);
    expect(isHotTelemetry({ ...good, epoch: undefined })).toBe(true);
  });

  it('leaves a payload with an unknown key to zod, which decodes it without the key', () => {
    const payload = JSON.stringify({ ...good, extra: 1 });
    expect(isHotTelemetry(JSON.parse(payload))).toBe(false);
    const r = decodeMessage(topics.machine('atelier', 'prusa-1', 'telemetry'), payload);
    expect(r.ok && r.value.message).toEqual(good);
  });

  it('leaves rejections to zod: the reason names the field as before', () => {
    const r = decodeMessage(
      topics.machine('atelier', 'prusa-1', 'telemetry'),
      JSON.stringify({ ...good, metrics: { powerW: 1 } }),
    );
    expect(r).toMatchObject({ ok: false, category: 'schema' });
    expect(!r.ok && r.reason).toMatch(/^telemetry: metrics\.powerW: /);
  });
});
