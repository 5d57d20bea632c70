import { describe, expect, it } from 'vitest';
import { usageSessionsRepository } from '../../store/usage-sessions.js';
import { AS, testApp } from '../../testing/test-app.js';

const manager = AS.manager;
const at = (local: string) => Date.parse(`${local}:00+01:00`);

async function withUsage() {
  const t = await testApp();
  const booked = (await (
    await t.call(
      'POST',
      '/api/reservations',
      {
        member: 'camille-roux',
        machine: 'cnc-fraiseuse',
        start: '2026-12-02T10:00:00+01:00',
        end: '2026-12-02T12:00:00+01:00',
      },
      manager,
    )
  ).json()) as { reservation: { id: string } };
  const usage = usageSessionsRepository(t.db);
  // The CNC ran 10:05–12:20 (active 1 h 40): billed reservation + overrun, 35 €/h.
  await usage.record({
    id: 'job-1',
    site: 'atelier-demo',
    machine: 'cnc-fraiseuse',
    gateway: 'gw',
    name: 'plateau.nc',
    startedAt: at('2026-12-02T10:05'),
    endedAt: at('2026-12-02T12:20'),
    outcome: 'completed',
    reason: null,
    wallSeconds: 8100,
    activeSeconds: 6000,
    beamSeconds: null,
    spindleSeconds: 5800,
    energyWh: 1200,
  });
  await usage.attach('job-1', 'camille-roux', booked.reservation.id);
  return t;
}

describe('accounting API', () => {
  it('prices a reservation with its overrun, and totals by organisation', async () => {
    const { call } = await withUsage();
    const res = await call(
      'GET',
      '/api/accounting/lines?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z',
      undefined,
      manager,
    );
    const { lines } = (await res.json()) as { lines: Array<Record<string, unknown>> };
    expect(lines).toEqual([
      expect.objectContaining({
        member: 'camille-roux',
        organisation: 'atelier-bois-roux',
        machine: 'cnc-fraiseuse',
        status: 'booked_and_used',
        mode: 'reserved_plus_overrun',
        bookedMin: 120,
        usedWallMin: 135,
        usedActiveMin: 100,
        overrunMin: 20,
        billableMin: 140,
        amountCents: 8167,
        energyWh: 1200,
      }),
    ]);
    const totals = (await (
      await call(
        'GET',
        '/api/accounting/totals?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z&by=organisation',
        undefined,
        manager,
      )
    ).json()) as { totals: unknown[] };
    expect(totals.totals).toEqual([
      {
        key: 'atelier-bois-roux',
        lines: 1,
        bookedHours: 2,
        usedWallHours: 2.25,
        usedActiveHours: 1.67,
        billableHours: 2.33,
        amountCents: 8167,
        materialGrams: 0,
        materialCents: 0,
        noShows: 0,
        walkIns: 0,
        unattributedHours: 0,
      },
    ]);
  });

  it('exports a French CSV a spreadsheet opens: BOM, semicolons, decimal commas, SIRET', async () => {
    const { call } = await withUsage();
    const res = await call(
      'GET',
      '/api/accounting/lines?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z&format=csv',
      undefined,
      manager,
    );
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    // The byte-order mark tells Excel the file is UTF-8 (fetch's text() would hide it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, row] = text.split('\r\n');
    expect(text.startsWith('date;membre;nom;organisation;siret;machine;')).toBe(true);
    expect(header?.split(';')).toHaveLength(21);
    expect(header?.split(';').slice(16, 19)).toEqual([
      'énergie (Wh)',
      'matière (g)',
      'matière (€)',
    ]);
    expect(row).toBe(
      '02/12/2026 10:00;camille-roux;Camille Roux;Atelier Bois Roux;85234567800019;cnc-fraiseuse;reserved_plus_overrun;booked_and_used;2,00;0,00;2,25;1,67;0,33;2,33;35,00;81,67;1200,00;;0,00;' +
        row?.split(';')[19] +
        ';job-1',
    );
  });

  it('writes the CSV in the language lang= asks, over Accept-Language (a download link’s)', async () => {
    const { call } = await withUsage();
    const csv = async (query: string) => {
      const res = await call(
        'GET',
        `/api/accounting/lines?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z&format=csv${query}`,
        undefined,
        manager,
      );
      return Buffer.from(await res.arrayBuffer())
        .subarray(3)
        .toString('utf8');
    };
    expect(await csv('&lang=en')).toMatch(/^date,member,/);
    expect(await csv('&lang=fr')).toMatch(/^date;membre;/);
    expect(await csv('')).toMatch(/^date;membre;/);
  });

  it('draws prepaid hours down and keeps an artisan to their own figures', async () => {
    const { call } = await withUsage();
    expect(
      (
        await call(
          'POST',
          '/api/credits',
          { member: 'camille-roux', hours: 10, note: 'carte 10 h' },
          manager,
        )
      ).status,
    ).toBe(201);
    // The credit was granted "now" (1 December): the 2 December job counts against it once it is past; here it is still to come.
    const balance = await (
      await call('GET', '/api/credits/balance?member=camille-roux', undefined, manager)
    ).json();
    expect(balance).toEqual({
      creditedHours: 10,
      usedHours: 0,
      balanceHours: 10,
      overdraftHours: 0,
    });
    const nadia = AS.artisan('nadia-benali');
    expect(
      (
        await call(
          'GET',
          '/api/accounting/lines?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z&member=camille-roux',
          undefined,
          nadia,
        )
      ).status,
    ).toBe(403);
    const own = (await (
      await call(
        'GET',
        '/api/accounting/lines?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z',
        undefined,
        nadia,
      )
    ).json()) as { lines: unknown[] };
    expect(own.lines).toEqual([]);
    expect(
      (
        await call(
          'POST',
          '/api/credits',
          { member: 'camille-roux', organisation: 'atelier-bois-roux', hours: 1 },
          manager,
        )
      ).status,
    ).toBe(400);
  });

  it('serves a member’s reservations as an iCal feed at a secret URL, and refuses a wrong token', async () => {
    const { call } = await withUsage();
    const { url } = (await (
      await call('GET', '/api/calendar/members/camille-roux/url', undefined, manager)
    ).json()) as { url: string };
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const feed = await call('GET', path);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await feed.text();
    expect(text).toContain('SUMMARY:Fraiseuse CNC — réservation');
    expect(text).toContain('DTSTART:20261202T090000Z');
    expect((await call('GET', path.replace(/token=.*/, 'token=forged'))).status).toBe(404);
    const machine = (await (
      await call('GET', '/api/calendar/machines/cnc-fraiseuse/url')
    ).json()) as { url: string };
    const busy = await (await call('GET', machine.url.replace(/^https?:\/\/[^/]+/, ''))).text();
    expect(busy).toContain('SUMMARY:Réservé');
    expect(busy).not.toContain('camille');
  });
});
