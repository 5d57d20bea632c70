import { describe, expect, it } from 'vitest';
import { usageSessionsRepository } from '../../store/usage-sessions.js';
import { AS, testApp } from '../../testing/test-app.js';

const at = (local: string) => Date.parse(`${local}:00+01:00`);

/** Camille's 10 h print on the Prusa MK4 n°1 (3 €/h of use, 25 €/kg of filament). */
async function withPrint() {
  const t = await testApp();
  const put = await t.call('PUT', '/api/machines/prusa-mk4-1/sharing', {
    site: 'atelier-demo',
    name: 'Prusa MK4 n°1',
    kind: 'printer',
    hourlyRateCents: 300,
    billingMode: 'used',
    rules: { maxMin: 720 },
    materialRateCentsPerKg: 2500,
  });
  expect(put.status).toBe(200);
  const usage = usageSessionsRepository(t.db);
  const print = {
    id: 'gw:print-1',
    site: 'atelier-demo',
    machine: 'prusa-mk4-1',
    gateway: 'gw',
    name: 'support.gcode',
    startedAt: at('2026-12-02T09:00'),
    endedAt: at('2026-12-02T19:00'),
    outcome: 'completed' as const,
    reason: null,
    wallSeconds: 36_000,
    activeSeconds: 35_000,
    beamSeconds: null,
    spindleSeconds: null,
    energyWh: null,
  };
  await usage.record(print);
  await usage.attach(print.id, 'camille-roux', null);
  return { ...t, usage, print };
}

const lines = async (call: Awaited<ReturnType<typeof testApp>>['call']) =>
  (
    (await (
      await call('GET', '/api/accounting/lines?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z')
    ).json()) as { lines: Array<Record<string, unknown>> }
  ).lines;

describe('material of a usage session', () => {
  it('takes the grams the slicer said from the member, and bills them beside the hours', async () => {
    const { call } = await withPrint();
    const res = await call(
      'PUT',
      '/api/usage-sessions/gw:print-1/material',
      { grams: 320 },
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(200);
    // 10 h × 3 € + 320 g × 25 €/kg = 30 € + 8 €.
    expect(await lines(call)).toEqual([
      expect.objectContaining({
        status: 'walk_in',
        materialGrams: 320,
        materialCents: 800,
        amountCents: 3800,
      }),
    ]);
  });

  it('keeps the declared grams when the gateway replays the job without material', async () => {
    const { call, usage, print } = await withPrint();
    await call('PUT', '/api/usage-sessions/gw:print-1/material', { grams: 320 });
    await usage.record(print);
    expect((await usage.get(print.id))?.material_g).toBe(320);
    await usage.record({ ...print, materialGrams: 300 });
    expect((await usage.get(print.id))?.material_g).toBe(300);
  });

  it('answers 404 to another member and to another site’s manager, and 400 to negative grams', async () => {
    const { call } = await withPrint();
    const path = '/api/usage-sessions/gw:print-1/material';
    expect((await call('PUT', path, { grams: 10 }, AS.artisan('nadia-benali'))).status).toBe(404);
    expect((await call('PUT', path, { grams: 10 }, AS.managerNord)).status).toBe(404);
    expect((await call('PUT', path, { grams: -1 })).status).toBe(400);
    expect((await lines(call))[0]).toMatchObject({ materialGrams: null, materialCents: 0 });
  });
  it('lets the member declare grams only while none are recorded; a manager corrects them', async () => {
    const { call, usage, print } = await withPrint();
    const path = '/api/usage-sessions/gw:print-1/material';
    const camille = AS.artisan('camille-roux');
    expect((await call('PUT', path, { grams: 320 }, camille)).status).toBe(200);
    // Declared once (perhaps already exported): the member does not cut it afterwards.
    const cut = await call('PUT', path, { grams: 1 }, camille);
    expect(cut.status).toBe(409);
    expect(((await cut.json()) as { message: string }).message).toContain('320 g');
    const en = await call('PUT', path, { grams: 1 }, { ...camille, 'accept-language': 'en' });
    expect(((await en.json()) as { message: string }).message).toContain('a manager corrects it');
    expect((await usage.get(print.id))?.material_g).toBe(320);
    // What the gateway measured is not the member's to change either; a manager may.
    await usage.record({ ...print, materialGrams: 300 });
    expect((await call('PUT', path, { grams: 0 }, camille)).status).toBe(409);
    expect((await usage.get(print.id))?.material_g).toBe(300);
    expect((await call('PUT', path, { grams: 280 }, AS.manager)).status).toBe(200);
    expect((await usage.get(print.id))?.material_g).toBe(280);
  });
});
