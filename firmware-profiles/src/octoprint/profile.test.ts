import { describe, expect, it } from 'vitest';
import type { ProfileNotice } from '../profile.js';
import { type OctoPrintModel, octoprintProfile } from './profile.js';

const printer = (flags: Record<string, boolean>, error?: string) => ({
  source: '/api/printer',
  status: 200,
  payload: {
    state: { text: 'x', flags: { operational: true, ...flags }, ...(error ? { error } : {}) },
  },
});
const job = (completion: number) => ({
  source: '/api/job',
  status: 200,
  payload: {
    job: { file: { name: 'whistle_v2.gcode' } },
    progress: { completion, printTime: 276, printTimeLeft: 912 },
  },
});

function feed(messages: { source: string; payload: unknown; status?: number }[]) {
  let model: OctoPrintModel = octoprintProfile.initialModel({});
  const notices: ProfileNotice[] = [];
  for (const m of messages) {
    const r = octoprintProfile.reduce(model, octoprintProfile.parse(m), 0);
    model = r.model;
    notices.push(...r.notices);
  }
  return { notices, snapshot: octoprintProfile.snapshot(model) };
}

describe('OctoPrint profile over HTTP', () => {
  it('reads the end of a job from the flags: 100 % completed, less cancelled, an error failed', () => {
    const started = [job(10), printer({ printing: true })];
    expect(feed([...started, job(100), printer({})]).notices).toEqual([
      { type: 'job_name', name: 'whistle_v2.gcode' },
      { type: 'job_outcome', outcome: 'completed' },
    ]);
    expect(feed([...started, printer({ cancelling: true }), printer({})]).notices.at(-1)).toEqual({
      type: 'job_outcome',
      outcome: 'cancelled',
    });
    const failed = feed([
      ...started,
      printer({ error: true, operational: false, closedOrError: true }, 'Thermal Runaway'),
    ]);
    expect(failed.notices.at(-1)).toEqual({
      type: 'job_outcome',
      outcome: 'failed',
      reason: 'Thermal Runaway',
    });
    expect(failed.snapshot).toMatchObject({ state: 'error', reason: 'Thermal Runaway' });
  });

  it('names a second job after its own file, not the last one /api/job still showed', () => {
    const jobOf = (name: string, completion: number) => ({
      ...job(completion),
      payload: { ...job(completion).payload, job: { file: { name } } },
    });
    const r = feed([
      jobOf('whistle_v2.gcode', 10),
      printer({ printing: true }),
      jobOf('whistle_v2.gcode', 100),
      printer({}),
      // The next poll round: /api/printer sees the new print before /api/job names it.
      printer({ printing: true }),
      jobOf('cube.gcode', 2),
    ]);
    expect(r.notices.filter((n) => n.type === 'job_name')).toEqual([
      { type: 'job_name', name: 'whistle_v2.gcode' },
      { type: 'job_name', name: 'cube.gcode' },
    ]);
  });

  it('a printer OctoPrint closed the port of is offline, with why', () => {
    expect(feed([printer({ operational: false, closedOrError: true })]).snapshot.offline).toBe(
      'OctoPrint n’est pas connecté à l’imprimante',
    );
  });
});

describe('OctoPrint profile over the MQTT plugin', () => {
  it('PrintFailed with reason cancelled is a cancel; the last will is offline', () => {
    const r = feed([
      { source: 'event/PrintStarted', payload: { name: 'cube.gcode' } },
      { source: 'event/PrintFailed', payload: { name: 'cube.gcode', reason: 'cancelled' } },
      { source: 'mqtt', payload: 'disconnected' },
    ]);
    expect(r.notices).toEqual([
      { type: 'job_name', name: 'cube.gcode' },
      { type: 'job_outcome', outcome: 'cancelled' },
    ]);
    expect(r.snapshot.offline).toBe('OctoPrint a quitté le broker MQTT');
  });
});
