import { describe, expect, it } from 'vitest';
import type { ProfileNotice } from '../profile.js';
import { type PrusaLinkModel, prusalinkProfile } from './profile.js';

const status = (state: string, job?: Record<string, number>) => ({
  source: '/api/v1/status',
  status: 200,
  payload: {
    ...(job ? { job } : {}),
    printer: { state, temp_nozzle: 215, target_nozzle: 215, temp_bed: 60, target_bed: 60 },
  },
});
// The job answer, shaped as in Prusa-Link-Web's openapi.yaml (Job, file.display_name).
const job = {
  source: '/api/v1/job',
  status: 200,
  payload: {
    id: 420,
    state: 'PRINTING',
    progress: 42,
    file: { name: 'SPICE_~1.GCO', display_name: 'Spice_Harvester_0.3mm_PLA_MK3S_12m.gcode' },
  },
};

function feed(messages: { source: string; payload: unknown; status?: number }[]) {
  let model: PrusaLinkModel = prusalinkProfile.initialModel({});
  const notices: ProfileNotice[] = [];
  for (const m of messages) {
    const r = prusalinkProfile.reduce(model, prusalinkProfile.parse(m), 0);
    model = r.model;
    notices.push(...r.notices);
  }
  return { notices, snapshot: prusalinkProfile.snapshot(model) };
}

describe('PrusaLink profile', () => {
  it('names the job from /api/v1/job and ends it by the printer’s word', () => {
    const printing = status('PRINTING', {
      id: 420,
      progress: 42,
      time_remaining: 520,
      time_printing: 526,
    });
    expect(feed([printing, job, status('FINISHED')]).notices).toEqual([
      { type: 'job_name', name: 'Spice_Harvester_0.3mm_PLA_MK3S_12m.gcode' },
      { type: 'job_outcome', outcome: 'completed' },
    ]);
    expect(feed([printing, status('STOPPED')]).notices).toEqual([
      { type: 'job_outcome', outcome: 'cancelled' },
    ]);
    expect(feed([printing, status('ERROR')]).snapshot).toMatchObject({
      state: 'error',
      jobActive: false,
    });
  });

  it('ATTENTION is a pause waiting for someone; BUSY without a job is not a job', () => {
    expect(feed([status('ATTENTION', { id: 3 })]).snapshot).toMatchObject({
      state: 'paused',
      jobActive: true,
    });
    expect(feed([status('BUSY')]).snapshot).toMatchObject({
      state: 'idle',
      detail: 'checking',
      jobActive: false,
    });
  });
});
