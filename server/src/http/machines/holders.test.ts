import { describe, expect, it } from 'vitest';
import { AS, TEST_NOW, testApp } from '../../testing/test-app.js';

const M = 60_000;

/** Camille on the laser now, Nadia next; Hugo on the other site's laser now. */
async function workshop() {
  const t = await testApp();
  const { reservations } = t.deps.services;
  const held = (
    id: string,
    machine: string,
    site: string,
    member: string,
    from: number,
    to: number,
  ) =>
    reservations.insert({
      id,
      site,
      machine,
      member,
      start: TEST_NOW + from * M,
      end: TEST_NOW + to * M,
      blocksUntil: TEST_NOW + to * M,
      status: 'confirmed',
      createdAt: TEST_NOW - 86_400_000,
    });
  await held('r-camille', 'laser-co2', 'atelier-demo', 'camille-roux', -30, 90);
  await held('r-nadia', 'laser-co2', 'atelier-demo', 'nadia-benali', 120, 180);
  await held('r-hugo', 'laser-nord', 'fablab-nord', 'hugo-lefebvre', -10, 50);
  const holders = async (headers: Record<string, string>, query = '') => {
    const res = await t.call('GET', `/api/machines/holders${query}`, undefined, headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      holders: Array<{
        machine: string;
        current: {
          holder: Record<string, unknown>;
          reservation: string | null;
          end: string;
        } | null;
        next: { holder: Record<string, unknown>; start: string } | null;
      }>;
    };
    return Object.fromEntries(body.holders.map((h) => [h.machine, h]));
  };
  return { ...t, holders };
}

describe('GET /api/machines/holders', () => {
  it('gives the wall the current and next slot of every machine, without a name', async () => {
    const { holders } = await workshop();
    const wall = await holders(AS.nobody);
    expect(wall['laser-co2']?.current).toMatchObject({
      holder: { who: 'someone' },
      reservation: null,
      end: new Date(TEST_NOW + 90 * M).toISOString(),
    });
    expect(wall['laser-co2']?.next).toMatchObject({
      holder: { who: 'someone' },
      start: new Date(TEST_NOW + 120 * M).toISOString(),
    });
    expect(wall['laser-nord']?.current?.holder).toEqual({ who: 'someone' });
    expect(JSON.stringify(wall)).not.toMatch(/Camille|Nadia|Hugo|camille|nadia|hugo/);
  });

  it('tells an artisan which slot is theirs, nothing of who holds the others', async () => {
    const { holders } = await workshop();
    const mine = await holders(AS.artisan('camille-roux'));
    expect(mine['laser-co2']?.current).toMatchObject({
      holder: { who: 'you' },
      reservation: 'r-camille',
    });
    expect(mine['laser-co2']?.next?.holder).toEqual({ who: 'someone' });
    expect(JSON.stringify(mine)).not.toMatch(/Nadia|Hugo/);
  });

  it('names the holders to the site’s manager, and only on their own site', async () => {
    const { holders } = await workshop();
    const demo = await holders(AS.manager);
    expect(demo['laser-co2']?.current?.holder).toEqual({ who: 'member', name: 'Camille Roux' });
    expect(demo['laser-co2']?.next?.holder).toEqual({ who: 'member', name: 'Nadia Benali' });
    expect(demo['laser-nord']?.current?.holder).toEqual({ who: 'someone' });
    const nord = await holders(AS.managerNord);
    expect(nord['laser-nord']?.current?.holder).toEqual({ who: 'member', name: 'Hugo Lefebvre' });
    expect(nord['laser-co2']?.current?.holder).toEqual({ who: 'someone' });
    const admin = await holders(AS.admin);
    expect(admin['laser-nord']?.current?.holder).toEqual({ who: 'member', name: 'Hugo Lefebvre' });
  });

  it('lists one site’s machines when asked', async () => {
    const { holders } = await workshop();
    const nord = await holders(AS.nobody, '?site=fablab-nord');
    expect(Object.keys(nord)).toEqual(['laser-nord']);
  });
});
