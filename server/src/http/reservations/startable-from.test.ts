/**
 * A listed reservation says from when its holder may start it: its start less the no-show grace
 * of its machine's rules (the site's, or the machine's own), what "Démarrer mon créneau" uses.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const M = 60_000;
const NOW = Date.parse('2026-12-01T09:00:00Z');

describe('startableFrom', () => {
  it('is the start less the no-show grace of the machine’s rules', async () => {
    const t = await testApp(NOW);
    await t.db
      .updateTable('machines')
      .set({ booking_rules: JSON.stringify({ noShowGraceMin: 40 }) })
      .where('id', '=', 'prusa-mk4-1')
      .execute();
    for (const [id, machine] of [
      ['r-prusa', 'prusa-mk4-1'],
      ['r-laser', 'laser-co2'],
    ] as const)
      await t.deps.services.reservations.insert({
        id,
        site: 'atelier-demo',
        machine,
        member: 'nadia-benali',
        start: NOW + 60 * M,
        end: NOW + 120 * M,
        blocksUntil: NOW + 120 * M,
        status: 'confirmed',
        createdAt: NOW - 86_400_000,
      });
    const res = await t.call(
      'GET',
      '/api/reservations?member=nadia-benali',
      undefined,
      AS.artisan('nadia-benali'),
    );
    const { reservations } = (await res.json()) as {
      reservations: Array<{ id: string; startableFrom?: string }>;
    };
    const from = Object.fromEntries(reservations.map((r) => [r.id, r.startableFrom]));
    expect(from['r-prusa']).toBe(new Date(NOW + 20 * M).toISOString());
    // The laser keeps the site's grace, 15 minutes in the demo.
    expect(from['r-laser']).toBe(new Date(NOW + 45 * M).toISOString());
  });
});
