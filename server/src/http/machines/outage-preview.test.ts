import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

type Preview = {
  status: string;
  moved: { reservation: string; memberName: string; to: string; toName: string }[];
  cancelled: { reservation: string; member: string; memberName: string; start: string }[];
};

/** The demo printer and its twin, a booking on each that the outage would move or cancel. */
async function twoPrinters() {
  const t = await testApp();
  const { machine } = (await (await t.call('GET', '/api/machines/prusa-mk4-1/sharing')).json()) as {
    machine: Record<string, unknown>;
  };
  const { id: _id, ...settings } = machine;
  expect(
    (
      await t.call('PUT', '/api/machines/prusa-mk4-2/sharing', {
        ...settings,
        name: 'Prusa MK4 n°2',
      })
    ).status,
  ).toBe(200);
  const book = async (member: string, machineId: string, start: string, end: string) => {
    const res = await t.call(
      'POST',
      '/api/reservations',
      { member, machine: machineId, start, end },
      AS.artisan(member),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { reservation: { id: string } }).reservation.id;
  };
  const moves = await book(
    'camille-roux',
    'prusa-mk4-1',
    '2026-12-02T10:00:00+01:00',
    '2026-12-02T12:00:00+01:00',
  );
  await book(
    'nadia-benali',
    'prusa-mk4-2',
    '2026-12-02T14:00:00+01:00',
    '2026-12-02T16:00:00+01:00',
  );
  const cancels = await book(
    'lucas-petit',
    'prusa-mk4-1',
    '2026-12-02T14:00:00+01:00',
    '2026-12-02T15:00:00+01:00',
  );
  return { ...t, settings, moves, cancels };
}

describe('GET /api/machines/{id}/outage-preview', () => {
  it('says which reservations an outage would move to the twin and which it would cancel, whose, and changes nothing', async () => {
    const { call, moves, cancels } = await twoPrinters();
    const res = await call('GET', '/api/machines/prusa-mk4-1/outage-preview?status=maintenance');
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Preview;
    expect(preview).toMatchObject({
      status: 'maintenance',
      moved: [
        {
          reservation: moves,
          memberName: 'Camille Roux',
          to: 'prusa-mk4-2',
          toName: 'Prusa MK4 n°2',
        },
      ],
      cancelled: [{ reservation: cancels, member: 'lucas-petit', memberName: 'Lucas Petit' }],
    });
    const still = (await (await call('GET', `/api/reservations/${cancels}`)).json()) as {
      reservation: { status: string; machine: string };
    };
    expect(still.reservation).toMatchObject({ status: 'confirmed', machine: 'prusa-mk4-1' });
  });

  it('is what taking the machine out of service then does', async () => {
    const { call, settings, moves, cancels } = await twoPrinters();
    const preview = (await (
      await call('GET', '/api/machines/prusa-mk4-1/outage-preview?status=out_of_order')
    ).json()) as Preview;
    const put = await call('PUT', '/api/machines/prusa-mk4-1/sharing', {
      ...settings,
      status: 'out_of_order',
    });
    expect(put.status).toBe(200);
    const read = async (id: string) =>
      (
        (await (await call('GET', `/api/reservations/${id}`)).json()) as {
          reservation: { status: string; machine: string };
        }
      ).reservation;
    expect(preview.moved.map((m) => m.reservation)).toEqual([moves]);
    expect(await read(moves)).toMatchObject({ status: 'confirmed', machine: 'prusa-mk4-2' });
    expect(preview.cancelled.map((m) => m.reservation)).toEqual([cancels]);
    expect((await read(cancels)).status).toBe('cancelled');
    // Once out of order, nothing is left to move.
    const after = (await (
      await call('GET', '/api/machines/prusa-mk4-1/outage-preview?status=maintenance')
    ).json()) as Preview;
    expect(after).toMatchObject({ moved: [], cancelled: [] });
  });

  it('is for the manager of the machine’s site only, and names a wrong status', async () => {
    const { call } = await twoPrinters();
    const path = '/api/machines/prusa-mk4-1/outage-preview?status=maintenance';
    expect((await call('GET', path, undefined, AS.artisan('camille-roux'))).status).toBe(403);
    expect((await call('GET', path, undefined, AS.managerNord)).status).toBe(404);
    const bad = await call('GET', '/api/machines/prusa-mk4-1/outage-preview?status=broken');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/status/);
    expect((await call('GET', '/api/machines/nope/outage-preview?status=maintenance')).status).toBe(
      404,
    );
  });
});
