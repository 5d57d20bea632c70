import { describe, expect, it } from 'vitest';
import type { Reservation } from './model.js';
import { slotHolders, type Viewer } from './slot-holders.js';

const H = 3_600_000;
const now = Date.parse('2026-12-01T10:30:00Z');
const at = (hours: number) => Date.parse('2026-12-01T10:00:00Z') + hours * H;

function reservation(over: Partial<Reservation> & Pick<Reservation, 'id'>): Reservation {
  return {
    site: 'atelier-demo',
    machine: 'laser-co2',
    member: 'camille-roux',
    start: at(0),
    end: at(2),
    blocksUntil: at(2),
    status: 'confirmed',
    createdAt: at(-48),
    releasedAt: null,
    ...over,
  };
}

const names = new Map([
  ['camille-roux', 'Camille Roux'],
  ['nadia-benali', 'Nadia Benali'],
]);
const nobody: Viewer = { member: null, readsNamesOn: () => false };
const demoManager: Viewer = { member: null, readsNamesOn: (site) => site === 'atelier-demo' };
const camille: Viewer = { member: 'camille-roux', readsNamesOn: () => false };

const day = [
  reservation({ id: 'r-now' }),
  reservation({
    id: 'r-next',
    member: 'nadia-benali',
    start: at(3),
    end: at(4),
    blocksUntil: at(4),
  }),
  reservation({ id: 'r-later', start: at(5), end: at(6), blocksUntil: at(6) }),
];

describe('slotHolders', () => {
  it('finds the slot under way and the first one after now', () => {
    const [laser] = slotHolders(['laser-co2'], day, now, demoManager, names);
    expect(laser?.current).toMatchObject({ reservation: 'r-now', start: at(0), end: at(2) });
    expect(laser?.next).toMatchObject({ reservation: 'r-next', start: at(3) });
  });

  it('names nobody to an anonymous viewer: busy time only, without reservation ids', () => {
    const [laser] = slotHolders(['laser-co2'], day, now, nobody, names);
    expect(laser?.current).toMatchObject({ holder: { who: 'someone' }, reservation: null });
    expect(laser?.next).toMatchObject({ holder: { who: 'someone' }, reservation: null });
    expect(JSON.stringify(laser)).not.toMatch(/Camille|Nadia|camille|nadia/);
  });

  it('tells a member which slot is theirs and nothing of the others’', () => {
    const [laser] = slotHolders(['laser-co2'], day, now, camille, names);
    expect(laser?.current?.holder).toEqual({ who: 'you' });
    expect(laser?.next?.holder).toEqual({ who: 'someone' });
  });

  it('names the holders to a manager of the site only, not to another site’s', () => {
    const nord: Viewer = { member: null, readsNamesOn: (site) => site === 'fablab-nord' };
    const [mine] = slotHolders(['laser-co2'], day, now, demoManager, names);
    expect(mine?.current?.holder).toEqual({ who: 'member', name: 'Camille Roux' });
    const [theirs] = slotHolders(['laser-co2'], day, now, nord, names);
    expect(theirs?.current?.holder).toEqual({ who: 'someone' });
  });

  it('skips cancelled, ended and given-back slots, and machines keep their own', () => {
    const list = [
      reservation({ id: 'cancelled', status: 'cancelled' }),
      reservation({ id: 'released', releasedAt: at(0.25) }),
      reservation({ id: 'ended', start: at(-2), end: at(0.4), blocksUntil: at(0.5) }),
      reservation({ id: 'cnc', machine: 'cnc-1', start: at(1), end: at(2), blocksUntil: at(2) }),
    ];
    const [laser, cnc, idle] = slotHolders(
      ['laser-co2', 'cnc-1', 'prusa'],
      list,
      now,
      demoManager,
      names,
    );
    expect(laser).toEqual({ machine: 'laser-co2', current: null, next: null });
    expect(cnc?.current).toBeNull();
    expect(cnc?.next?.reservation).toBe('cnc');
    expect(idle).toEqual({ machine: 'prusa', current: null, next: null });
  });

  it('ends a slot given back early at its release', () => {
    const [laser] = slotHolders(
      ['laser-co2'],
      [reservation({ id: 'early', releasedAt: at(1) })],
      now,
      demoManager,
      names,
    );
    expect(laser?.current?.end).toBe(at(1));
  });
});
