import { describe, expect, it } from 'vitest';
import { AS, testApp as app } from '../../testing/test-app.js';

const booking = (over: Record<string, unknown> = {}) => ({
  member: 'camille-roux',
  machine: 'laser-co2',
  start: '2026-12-02T10:00:00+01:00',
  end: '2026-12-02T12:00:00+01:00',
  ...over,
});

describe('reservations API', () => {
  it('books with 201 and refuses the same slot with 409 and a reason in French', async () => {
    const { call } = await app();
    const ok = await call('POST', '/api/reservations', booking());
    expect(ok.status).toBe(201);
    const { reservation } = (await ok.json()) as { reservation: Record<string, unknown> };
    expect(reservation).toMatchObject({
      machine: 'laser-co2',
      member: 'camille-roux',
      status: 'confirmed',
      start: '2026-12-02T09:00:00.000Z',
      blocksUntil: '2026-12-02T11:15:00.000Z',
    });

    const taken = await call('POST', '/api/reservations', booking({ member: 'nadia-benali' }));
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({
      code: 'booking_refused',
      message: 'Ce créneau est déjà réservé.',
      reasons: [
        {
          code: 'slot_taken',
          message: { fr: 'Ce créneau est déjà réservé.', en: 'This slot is already booked.' },
        },
      ],
    });
  });

  it('refuses a rule with 422, in English when asked, listing every reason', async () => {
    const { call } = await app();
    const res = await call(
      'POST',
      '/api/reservations',
      booking({
        member: 'lucas-petit',
        start: '2026-12-02T18:30:00+01:00',
        end: '2026-12-02T19:30:00+01:00',
      }),
      { 'accept-language': 'en-GB,en;q=0.9' },
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { message: string; reasons: Array<{ code: string }> };
    expect(body.reasons.map((r) => r.code)).toEqual(['no_qualification', 'outside_opening_hours']);
    expect(body.message).toBe(
      'You need the "Découpe laser" training to book this machine. The slot is outside opening hours.',
    );
  });

  it('answers 400 naming each wrong field of a malformed body, and books nothing', async () => {
    const { call } = await app();
    const res = await call('POST', '/api/reservations', {
      member: 'camille-roux',
      machine: 'laser-co2',
      kind: 'laser',
      start: 'tomorrow',
      end: '2026-12-02T12:00:00+01:00',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('bad_request');
    expect(body.message).toContain('start:');
    const broken = await call('POST', '/api/reservations', undefined, {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    const list = await call('GET', '/api/reservations');
    expect(((await list.json()) as { reservations: unknown[] }).reservations).toEqual([]);
  });

  it('answers a dry run with 200 and writes nothing', async () => {
    const { call } = await app();
    const res = await call('POST', '/api/reservations?dryRun=true', booking());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dryRun: true, reservation: { machine: 'laser-co2' } });
    expect(
      ((await (await call('GET', '/api/reservations')).json()) as { reservations: unknown[] })
        .reservations,
    ).toEqual([]);
  });

  it('pages through reservations with a cursor', async () => {
    const { call } = await app();
    for (const h of ['09', '10', '11', '12', '13']) {
      const r = await call(
        'POST',
        '/api/reservations',
        booking({
          machine: 'prusa-mk4-1',
          start: `2026-12-03T${h}:00:00+01:00`,
          end: `2026-12-03T${h}:45:00+01:00`,
        }),
      );
      expect(r.status).toBe(201);
    }
    const first = (await (
      await call('GET', '/api/reservations?machine=prusa-mk4-1&limit=2')
    ).json()) as { reservations: Array<{ start: string }>; nextCursor: string };
    expect(first.reservations.map((r) => r.start)).toEqual([
      '2026-12-03T08:00:00.000Z',
      '2026-12-03T09:00:00.000Z',
    ]);
    const second = (await (
      await call('GET', `/api/reservations?machine=prusa-mk4-1&limit=2&cursor=${first.nextCursor}`)
    ).json()) as { reservations: Array<{ start: string }>; nextCursor: string };
    expect(second.reservations.map((r) => r.start)).toEqual([
      '2026-12-03T10:00:00.000Z',
      '2026-12-03T11:00:00.000Z',
    ]);
    const third = (await (
      await call('GET', `/api/reservations?machine=prusa-mk4-1&limit=2&cursor=${second.nextCursor}`)
    ).json()) as { reservations: unknown[]; nextCursor: null };
    expect(third).toMatchObject({ nextCursor: null });
    expect(third.reservations).toHaveLength(1);
    expect((await call('GET', '/api/reservations?cursor=garbage')).status).toBe(400);
    expect((await call('GET', '/api/reservations?status=confirmed,bogus')).status).toBe(400);
  });

  it('lets the holder end a started slot early (the rest is released) and keeps others out', async () => {
    // 10:30 in Paris, in the middle of Camille's 10:00–12:00 slot.
    const { call, deps } = await app(Date.parse('2026-12-01T09:30:00Z'));
    await deps.services.reservations.insert({
      id: 'r-started',
      site: 'atelier-demo',
      machine: 'laser-co2',
      member: 'camille-roux',
      start: Date.parse('2026-12-01T09:00:00Z'),
      end: Date.parse('2026-12-01T11:00:00Z'),
      blocksUntil: Date.parse('2026-12-01T11:15:00Z'),
      status: 'confirmed',
      createdAt: Date.parse('2026-11-30T09:00:00Z'),
    });
    const asNadia = AS.artisan('nadia-benali');
    expect((await call('POST', '/api/reservations/r-started/end', undefined, asNadia)).status).toBe(
      404,
    );
    const ended = await call(
      'POST',
      '/api/reservations/r-started/end',
      undefined,
      AS.artisan('camille-roux'),
    );
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ reservation: { status: 'completed' } });
    const again = await call('POST', '/api/reservations/r-started/end', undefined, AS.manager);
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ reasons: [{ code: 'not_cancellable' }] });
    // The rest of the slot is Nadia's to book.
    const rest = await call(
      'POST',
      '/api/reservations',
      booking({
        member: 'nadia-benali',
        start: '2026-12-01T10:45:00+01:00',
        end: '2026-12-01T11:45:00+01:00',
      }),
      asNadia,
    );
    expect(rest.status).toBe(201);
  });

  it('lets the member cancel, keeps a manager’s approval to managers, and hides others’ bookings', async () => {
    const { call } = await app();
    const asCamille = AS.artisan('camille-roux');
    const asNadia = AS.artisan('nadia-benali');
    const cnc = await call(
      'POST',
      '/api/reservations',
      booking({ machine: 'cnc-fraiseuse' }),
      asCamille,
    );
    const { reservation } = (await cnc.json()) as { reservation: { id: string; status: string } };
    expect(reservation.status).toBe('pending_approval');
    expect(
      (await call('POST', `/api/reservations/${reservation.id}/approve`, undefined, asCamille))
        .status,
    ).toBe(403);
    expect(
      (await call('GET', `/api/reservations/${reservation.id}`, undefined, asNadia)).status,
    ).toBe(404);
    expect(
      (await call('POST', '/api/reservations', booking({ member: 'camille-roux' }), asNadia))
        .status,
    ).toBe(403);
    // The manager of another site has no say here, nor a look.
    expect(
      await (
        await call('GET', `/api/reservations/${reservation.id}`, undefined, AS.managerNord)
      ).json(),
    ).toMatchObject({ code: 'forbidden' });
    const elsewhere = await call(
      'POST',
      `/api/reservations/${reservation.id}/approve`,
      undefined,
      AS.managerNord,
    );
    expect(await elsewhere.json()).toMatchObject({
      code: 'forbidden',
      message: 'vous gérez le site « fablab-nord », pas « atelier-demo »',
    });
    const approved = await call(
      'POST',
      `/api/reservations/${reservation.id}/approve`,
      undefined,
      AS.manager,
    );
    expect(await approved.json()).toMatchObject({ reservation: { status: 'confirmed' } });
    const cancelled = await call(
      'POST',
      `/api/reservations/${reservation.id}/cancel`,
      undefined,
      asCamille,
    );
    expect(await cancelled.json()).toMatchObject({ reservation: { status: 'cancelled' } });
    expect((await call('POST', '/api/reservations/nope/cancel', undefined, asCamille)).status).toBe(
      404,
    );
  });

  it('moves a booking and refuses a move onto a taken slot', async () => {
    const { call } = await app();
    const a = (await (await call('POST', '/api/reservations', booking())).json()) as {
      reservation: { id: string };
    };
    await call(
      'POST',
      '/api/reservations',
      booking({
        member: 'nadia-benali',
        start: '2026-12-02T14:00:00+01:00',
        end: '2026-12-02T15:00:00+01:00',
      }),
    );
    const moved = await call('PATCH', `/api/reservations/${a.reservation.id}`, {
      start: '2026-12-02T15:15:00+01:00',
      end: '2026-12-02T16:15:00+01:00',
    });
    expect(moved.status).toBe(200);
    const clash = await call('PATCH', `/api/reservations/${a.reservation.id}`, {
      start: '2026-12-02T13:30:00+01:00',
      end: '2026-12-02T14:30:00+01:00',
    });
    expect(clash.status).toBe(409);
  });

  it('serves the OpenAPI document with each route’s roles, and a readable reference', async () => {
    const { call } = await app();
    const doc = (await (await call('GET', '/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { 'x-roles'?: string[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/reservations']?.post?.['x-roles']).toEqual(['artisan', 'manager']);
    expect(doc.paths['/reservations/{id}/approve']?.post?.['x-roles']).toEqual(['manager']);
    const html = await (await call('GET', '/api/docs')).text();
    expect(html).toContain('<code>/api/reservations/{id}/cancel</code>');
  });
});
