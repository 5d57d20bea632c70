/**
 * The one error handler: what each kind of error becomes on the wire.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../services/booking/request.js';
import { ApiError, handleError } from './errors.js';

function appThrowing(error: Error, logged: string[] = []) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    c.set('requestId' as never, 'req-1' as never);
    await next();
  });
  app.onError(handleError((line) => logged.push(line)));
  app.get('/x', () => {
    throw error;
  });
  return app;
}

describe('handleError', () => {
  it("answers a service's NotFoundError for a machine as the routes' 404 machine_not_found", async () => {
    const logged: string[] = [];
    const app = appThrowing(new NotFoundError('machine', 'laser-2'), logged);
    const fr = await app.request('/x');
    expect(fr.status).toBe(404);
    expect(await fr.json()).toEqual({
      code: 'machine_not_found',
      message: 'aucune machine « laser-2 »',
      requestId: 'req-1',
    });
    const en = await app.request('/x', { headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(404);
    expect(await en.json()).toEqual({
      code: 'machine_not_found',
      message: 'no machine "laser-2"',
      requestId: 'req-1',
    });
    // Not an internal error: nothing goes to the server log.
    expect(logged).toEqual([]);
  });

  it('answers a missing site or reservation as 404 not_found, in French and English', async () => {
    const site = appThrowing(new NotFoundError('site', 'paris'));
    expect(await (await site.request('/x')).json()).toEqual({
      code: 'not_found',
      message: 'aucun site « paris »',
      requestId: 'req-1',
    });
    const reservation = appThrowing(new NotFoundError('reservation', 'r-9'));
    const en = await reservation.request('/x', { headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(404);
    expect(await en.json()).toEqual({
      code: 'not_found',
      message: 'no reservation "r-9"',
      requestId: 'req-1',
    });
  });

  it('keeps an ApiError as given, and an unknown error a logged 500 without internals', async () => {
    const api = await appThrowing(new ApiError('conflict', 'no reservation "r-1"')).request('/x');
    expect(api.status).toBe(409);
    const logged: string[] = [];
    const res = await appThrowing(new Error('secret detail'), logged).request('/x');
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('secret detail');
    expect(logged.join('\n')).toContain('secret detail');
  });
});
