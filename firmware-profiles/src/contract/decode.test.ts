import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';
import { topics } from './topics.js';

const ts = Date.parse('2026-11-23T10:00:00Z');
const state = {
  v: 1,
  gateway: 'gw-1',
  seq: 3,
  ts,
  state: 'running',
  since: ts,
  machine: { name: 'Prusa', kind: 'printer', profile: 'marlin' },
};
const stateTopic = topics.machine('atelier', 'prusa-1', 'state');

describe('decodeMessage', () => {
  it('decodes a job command for a gateway, and names a wrong URL or checksum', () => {
    const topic = topics.machine('atelier', 'laser-1', 'command');
    const start = {
      v: 1,
      ts,
      command: 'job_start',
      job: { name: 'plaque.nc', url: 'https://manufacto.local/api/jobs/j1/file', bytes: 4821 },
    };
    expect(decodeMessage(topic, JSON.stringify(start))).toMatchObject({
      ok: true,
      value: { kind: 'command', machine: 'laser-1', message: { command: 'job_start' } },
    });
    const bad = decodeMessage(
      topic,
      JSON.stringify({ ...start, job: { ...start.job, url: 'file:///etc/passwd', sha256: 'XYZ' } }),
    );
    expect(!bad.ok && bad.reason).toMatch(/job\.url.*http\(s\) URL/);
    expect(!bad.ok && bad.reason).toMatch(/job\.sha256.*SHA-256/);
    expect(decodeMessage(topic, JSON.stringify({ v: 1, ts, command: 'job_cancel' })).ok).toBe(true);
  });

  it('decodes a valid state message with its topic parts', () => {
    expect(decodeMessage(stateTopic, JSON.stringify(state))).toMatchObject({
      ok: true,
      value: {
        kind: 'state',
        site: 'atelier',
        machine: 'prusa-1',
        message: { seq: 3, state: 'running' },
      },
    });
  });

  it('names the field that is wrong', () => {
    const result = decodeMessage(
      stateTopic,
      JSON.stringify({ ...state, state: 'printing', seq: -1 }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^state: .*seq.*state/);
  });

  it('refuses maintenance from a device: it is set by people', () => {
    expect(decodeMessage(stateTopic, JSON.stringify({ ...state, state: 'maintenance' })).ok).toBe(
      false,
    );
  });

  it('catches a timestamp in seconds instead of milliseconds', () => {
    const result = decodeMessage(
      stateTopic,
      JSON.stringify({ ...state, ts: Math.floor(ts / 1000) }),
    );
    expect(!result.ok && result.reason).toContain('ts: epoch milliseconds');
  });

  it('says when the payload is not JSON, or too big, or the topic is not ours', () => {
    expect(decodeMessage(stateTopic, '{"v":1,')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not JSON'),
    });
    expect(decodeMessage(stateTopic, 'x'.repeat(20_000))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('exceeds'),
    });
    expect(decodeMessage('other/topic', '{}')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a Manufacto v1 topic'),
    });
  });

  it('refuses metric names that break the naming rule and values that are not finite numbers', () => {
    const topic = topics.machine('atelier', 'prusa-1', 'telemetry');
    const base = { v: 1, gateway: 'gw-1', seq: 4, ts };
    expect(
      decodeMessage(topic, JSON.stringify({ ...base, metrics: { hotend_temp_c: 210 } })).ok,
    ).toBe(true);
    expect(
      decodeMessage(topic, JSON.stringify({ ...base, metrics: { 'Hotend Temp': 210 } })).ok,
    ).toBe(false);
    expect(
      decodeMessage(topic, JSON.stringify({ ...base, metrics: { hotend_temp_c: '210' } })).ok,
    ).toBe(false);
    expect(decodeMessage(topic, JSON.stringify({ ...base, metrics: {} })).ok).toBe(false);
  });

  it('decodes job events by their type and refuses an unknown outcome', () => {
    const topic = topics.machine('atelier', 'laser-1', 'event');
    const job = {
      id: 'laser-1-1',
      startedAt: ts - 60_000,
      endedAt: ts,
      outcome: 'completed',
      wallSeconds: 60,
      activeSeconds: 50,
      beamSeconds: 40,
    };
    const base = { v: 1, gateway: 'gw-1', seq: 5, ts };
    expect(
      decodeMessage(topic, JSON.stringify({ ...base, type: 'job_finished', job })),
    ).toMatchObject({ ok: true, value: { kind: 'event' } });
    expect(
      decodeMessage(
        topic,
        JSON.stringify({ ...base, type: 'job_finished', job: { ...job, outcome: 'exploded' } }),
      ).ok,
    ).toBe(false);
    expect(decodeMessage(topic, JSON.stringify({ ...base, type: 'coffee' })).ok).toBe(false);
  });

  it('checks that a presence message comes from the gateway its topic names', () => {
    const topic = topics.presence('atelier', 'gw-1');
    expect(
      decodeMessage(topic, JSON.stringify({ v: 1, gateway: 'gw-1', ts, status: 'online' })).ok,
    ).toBe(true);
    expect(
      decodeMessage(topic, JSON.stringify({ v: 1, gateway: 'gw-2', ts, status: 'online' })).ok,
    ).toBe(false);
  });
});
