import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import type { AppType } from '@manufacto/server';
import type { ServerApi } from '../api/server.js';
import { createBookingModel } from './booking.js';

const printer = (id: string, group: string | null) => ({
  id,
  site: 'atelier',
  name: id,
  kind: 'printer',
  status: 'in_service',
  qualification: null,
  needsApproval: false,
  hourlyRateCents: 300,
  bufferMin: 0,
  group,
});
const reservation = (machine: string) => ({
  id: `r-${machine}`,
  site: 'atelier',
  machine,
  member: 'camille',
  start: '2026-12-08T09:00:00.000Z',
  end: '2026-12-08T11:00:00.000Z',
  blocksUntil: '2026-12-08T11:00:00.000Z',
  status: 'confirmed',
  createdAt: '2026-12-01T07:00:00.000Z',
  batch: 'b1',
});

/** The typed client over a fake server that records each booking request's body. */
function fakeServer() {
  const bodies: Array<Record<string, unknown>> = [];
  const reply = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const api = hc<AppType>('http://atelier.test', {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      if (url.pathname === '/api/sites/atelier/machines')
        return reply({
          machines: [
            printer('mk4-1', 'prusa-mk4'),
            printer('mk4-2', 'prusa-mk4'),
            printer('mk4-3', 'prusa-mk4'),
            printer('ender', null),
          ],
        });
      if (url.pathname.endsWith('/availability'))
        return reply({ free: [], busy: [], timezone: 'Europe/Paris' });
      if (url.pathname === '/api/reservations') {
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        bodies.push(body);
        const units =
          body.units === undefined
            ? [String(body.machine)]
            : ['mk4-1', 'mk4-2', 'mk4-3'].slice(0, Number(body.units));
        const made = units.map(reservation);
        return reply(
          { reservation: made[0], ...(units.length > 1 ? { reservations: made } : {}) },
          url.searchParams.get('dryRun') ? 200 : 201,
        );
      }
      return reply({ code: 'not_found', message: 'no' }, 404);
    },
  }).api as ServerApi;
  return { api, bodies };
}

const slot = { start: Date.parse('2026-12-08T09:00:00Z'), end: Date.parse('2026-12-08T11:00:00Z') };

describe('booking several machines of a group', () => {
  it('offers the group of the chosen machine, and asks for that many of the group', async () => {
    const { api, bodies } = fakeServer();
    const booking = createBookingModel(api, () => Date.parse('2026-12-01T07:00:00Z'));
    await booking.loadMachines('atelier');
    await booking.choose('mk4-2');
    expect(booking.group.value.map((m) => m.id)).toEqual(['mk4-1', 'mk4-2', 'mk4-3']);
    booking.setUnits(3);
    await booking.tryBooking('camille', slot);
    await booking.book('camille');
    expect(bodies.map(({ start: _s, end: _e, ...what }) => what)).toEqual([
      { member: 'camille', group: 'prusa-mk4', units: 3, site: 'atelier' },
      { member: 'camille', group: 'prusa-mk4', units: 3, site: 'atelier' },
    ]);
    expect(booking.lastUnits.value.map((r) => r.machine)).toEqual(['mk4-1', 'mk4-2', 'mk4-3']);
  });

  it('books the chosen machine itself with one unit, and offers no group for a lone machine', async () => {
    const { api, bodies } = fakeServer();
    const booking = createBookingModel(api, () => Date.parse('2026-12-01T07:00:00Z'));
    await booking.loadMachines('atelier');
    await booking.choose('ender');
    expect(booking.group.value).toEqual([]);
    await booking.tryBooking('camille', slot);
    await booking.book('camille');
    expect(bodies.map((b) => b.machine)).toEqual(['ender', 'ender']);
    expect(booking.lastUnits.value).toEqual([]);
  });
});
