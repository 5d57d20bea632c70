import { decodeMessage } from '@manufacto/firmware-profiles/contract';
import { describe, expect, it } from 'vitest';
import { buildMessage } from './messages.js';

const machine = {
  site: 'atelier',
  gateway: 'gw-1',
  id: 'cnc-1',
  name: 'Fraiseuse',
  kind: 'cnc' as const,
};
const context = { ts: Date.parse('2026-11-23T10:00:00Z'), profile: 'grbl', firmware: 'Grbl 1.1h' };

describe('buildMessage', () => {
  it('builds retained state messages that the contract accepts', () => {
    const built = buildMessage(
      machine,
      { channel: 'state', state: 'error', detail: 'alarm', reason: 'Alarme 1', since: context.ts },
      context,
    ).build(7, 'e1');
    expect(built.retain).toBe(true);
    const decoded = decodeMessage(built.topic, built.payload);
    expect(decoded).toMatchObject({
      ok: true,
      value: {
        kind: 'state',
        machine: 'cnc-1',
        message: {
          seq: 7,
          epoch: 'e1',
          state: 'error',
          machine: { firmware: 'Grbl 1.1h', kind: 'cnc' },
        },
      },
    });
  });

  it('builds telemetry and job events that the contract accepts', () => {
    const telemetry = buildMessage(
      machine,
      { channel: 'telemetry', metrics: { spindle_rpm: 12000 } },
      context,
    ).build(8, 'e1');
    expect(decodeMessage(telemetry.topic, telemetry.payload).ok).toBe(true);
    const finished = buildMessage(
      machine,
      {
        channel: 'event',
        type: 'job_finished',
        job: {
          id: 'cnc-1-1',
          startedAt: context.ts - 60_000,
          endedAt: context.ts,
          outcome: 'completed',
          wallSeconds: 60,
          activeSeconds: 55,
          spindleSeconds: 50,
        },
      },
      context,
    ).build(9, 'e1');
    const decoded = decodeMessage(finished.topic, finished.payload);
    expect(decoded).toMatchObject({
      ok: true,
      value: { kind: 'event', message: { type: 'job_finished', seq: 9 } },
    });
    expect(finished.retain).toBe(false);
  });
});
