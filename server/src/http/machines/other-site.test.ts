/**
 * Another site's machine, reached through what only its own site may do with it, is answered
 * exactly as a machine that does not exist: the same 404, code and message (the id aside), in
 * French and in English. Its existence, its site and its state stay with its site; the wall shows
 * every machine on purpose, through its own public routes.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const PERIOD = 'from=2026-11-24T00:00:00Z&to=2026-12-01T00:00:00Z';

/** The machine of atelier-demo, and an id no site has. */
const THEIRS = 'prusa-mk4-1';
const NONE = 'machine-de-personne';

interface Call {
  readonly route: string;
  readonly method: 'GET' | 'POST';
  readonly path: (machine: string) => string;
  readonly body?: unknown;
  /** A G-code upload, not JSON. */
  readonly file?: true;
  /** Whether fablab-nord's artisan passes the role gate (else only its manager is tried). */
  readonly artisan: boolean;
}

const CALLS: readonly Call[] = [
  {
    route: 'GET after-use-check',
    method: 'GET',
    path: (m) => `/api/machines/${m}/after-use-check`,
    artisan: true,
  },
  {
    route: 'POST after-use-check',
    method: 'POST',
    path: (m) => `/api/machines/${m}/after-use-check`,
    body: {},
    artisan: true,
  },
  {
    route: 'GET maintenance-notes',
    method: 'GET',
    path: (m) => `/api/machines/${m}/maintenance-notes`,
    artisan: true,
  },
  {
    route: 'POST maintenance-notes',
    method: 'POST',
    path: (m) => `/api/machines/${m}/maintenance-notes`,
    body: { text: 'Buse changée' },
    artisan: false,
  },
  {
    route: 'GET outage-preview',
    method: 'GET',
    path: (m) => `/api/machines/${m}/outage-preview?status=maintenance`,
    artisan: false,
  },
  {
    route: 'POST access',
    method: 'POST',
    path: (m) => `/api/machines/${m}/access`,
    body: {},
    artisan: true,
  },
  {
    route: 'POST access/release',
    method: 'POST',
    path: (m) => `/api/machines/${m}/access/release`,
    artisan: true,
  },
  {
    route: 'GET history',
    method: 'GET',
    path: (m) => `/api/machines/${m}/history?${PERIOD}`,
    artisan: true,
  },
  {
    route: 'GET utilisation',
    method: 'GET',
    path: (m) => `/api/machines/${m}/utilisation?${PERIOD}`,
    artisan: false,
  },
  {
    route: 'POST jobs',
    method: 'POST',
    path: (m) => `/api/machines/${m}/jobs?name=boite.gcode`,
    file: true,
    artisan: true,
  },
  {
    route: 'POST jobs/current/pause',
    method: 'POST',
    path: (m) => `/api/machines/${m}/jobs/current/pause`,
    artisan: true,
  },
];

describe('another site’s machine', async () => {
  const t = await testApp();
  const answer = async (call: Call, machine: string, who: Record<string, string>, lang: string) => {
    const headers = { ...who, 'accept-language': lang };
    const res = call.file
      ? await t.app.request(call.path(machine), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body: 'G28\n',
        })
      : await t.call(call.method, call.path(machine), call.body, headers);
    const body = (await res.json()) as { code?: string; message?: string };
    return { status: res.status, code: body.code, message: body.message?.replaceAll(machine, '…') };
  };

  describe.each(CALLS)('$route', (call) => {
    const callers = call.artisan
      ? {
          'fablab-nord’s manager': AS.managerNord,
          'fablab-nord’s artisan': AS.artisan('hugo-lefebvre'),
        }
      : { 'fablab-nord’s manager': AS.managerNord };
    it.each(Object.entries(callers))('is a machine that does not exist to %s', async (_, who) => {
      for (const lang of ['fr', 'en']) {
        const missing = await answer(call, NONE, who, lang);
        expect(missing).toMatchObject({ status: 404, code: 'machine_not_found' });
        expect(await answer(call, THEIRS, who, lang), lang).toEqual(missing);
      }
    });
  });

  it('is still there for its own site’s manager', async () => {
    const res = await t.call('GET', `/api/machines/${THEIRS}/maintenance-notes`);
    expect(res.status).toBe(200);
  });
});
