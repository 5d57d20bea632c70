import { describe, expect, it } from 'vitest';
import { createServerApi } from '../api/server.js';
import { formatBytes } from '../lib/format.js';
import { createJobLaunchModel, jobProgress, mayLaunch } from './job-launch.js';
import { machineView } from './machine-view.fixture.js';

describe('mayLaunch', () => {
  it('offers the panel to a manager of the machine’s site, an admin, and the slot holder only', () => {
    expect(mayLaunch({ role: 'manager', sites: ['atelier'] }, 'atelier', false)).toBe(true);
    expect(mayLaunch({ role: 'manager', sites: ['nord'] }, 'atelier', false)).toBe(false);
    expect(mayLaunch({ role: 'admin', sites: [] }, 'atelier', false)).toBe(true);
    expect(mayLaunch({ role: 'artisan', sites: ['atelier'] }, 'atelier', true)).toBe(true);
    expect(mayLaunch({ role: 'artisan', sites: ['atelier'] }, 'atelier', false)).toBe(false);
    expect(mayLaunch({ role: 'funder', sites: ['atelier'] }, 'atelier', true)).toBe(false);
    expect(mayLaunch(null, 'atelier', true)).toBe(false);
  });
});

describe('jobProgress', () => {
  it('reads the job, its progress and time left from the live view, paused when the machine is', () => {
    expect(jobProgress(machineView({ id: 'p1' }))).toBeNull();
    const job = { id: 'j1', name: 'boite.gcode', startedAt: '2026-11-22T14:00:00.000Z' };
    expect(
      jobProgress(
        machineView({
          id: 'p1',
          state: 'paused',
          job,
          metrics: { progress_pct: 42.5, time_left_s: 600 },
        }),
      ),
    ).toEqual({ name: 'boite.gcode', pct: 42.5, leftS: 600, paused: true });
    expect(jobProgress(machineView({ id: 'p1', state: 'running', job }))).toEqual({
      name: 'boite.gcode',
      pct: null,
      leftS: null,
      paused: false,
    });
  });
});

describe('formatBytes', () => {
  it('says a file’s size in octets in French and bytes in English', () => {
    expect(formatBytes(850, 'fr')).toBe('850\u202fo');
    expect(formatBytes(18_204, 'fr')).toBe('18,2\u202fKo');
    expect(formatBytes(3_400_000, 'en')).toBe('3.4\u202fMB');
  });
});

describe('the job launch model', () => {
  it('sends the chosen file as the raw body with its name, and says the server’s error', async () => {
    const asked: Array<{ url: string; body: string; type: string | null }> = [];
    let answer = new Response(JSON.stringify({ job: 'jf-1' }), { status: 202 });
    const fetcher = (async (url: string, init: RequestInit) => {
      asked.push({
        url,
        body: await new Response(init.body).text(),
        type: new Headers(init.headers).get('content-type'),
      });
      return answer;
    }) as typeof fetch;
    const model = createJobLaunchModel(
      createServerApi(() => 'fr'),
      () => 'fr',
      fetcher,
    );
    model.choose(new File(['G28\n'], 'boîte 1.gcode'));
    await model.send('laser-co2');
    expect(model.status.value).toBe('sent');
    expect(asked).toEqual([
      {
        url: '/api/machines/laser-co2/jobs?name=bo%C3%AEte%201.gcode',
        body: 'G28\n',
        type: 'application/octet-stream',
      },
    ]);
    answer = new Response(
      JSON.stringify({
        code: 'forbidden',
        message: 'vous n’êtes pas titulaire du créneau en cours',
      }),
      { status: 403 },
    );
    await model.send('laser-co2');
    expect([model.status.value, model.error.value]).toEqual([
      'error',
      'vous n’êtes pas titulaire du créneau en cours',
    ]);
  });
});
