import { describe, expect, it } from 'vitest';
import { laser, paris, reservation } from './fixtures.js';
import { judgePlan, replanForOutage, type UsageSpan } from './plan-keeping.js';

const grace = () => 15;
const slotA = reservation({
  id: 'a',
  member: 'camille',
  start: paris('2026-12-02T10:00'),
  end: paris('2026-12-02T12:00'),
});
const slotB = reservation({
  id: 'b',
  member: 'dominique',
  start: paris('2026-12-02T12:15'),
  end: paris('2026-12-02T13:00'),
});
const use = (
  id: string,
  from: string,
  to: string | null,
  reservation: string | null = null,
): UsageSpan => ({
  id,
  machine: 'laser-1',
  start: paris(from),
  end: to === null ? null : paris(to),
  reservation,
});

describe('keeping the plan true', () => {
  it('waits for the grace period, then calls a slot with no use a no-show', () => {
    expect(judgePlan([slotA], [], paris('2026-12-02T10:14'), grace)).toEqual([]);
    expect(judgePlan([slotA], [], paris('2026-12-02T10:15'), grace)).toEqual([
      { kind: 'no_show', reservation: 'a', member: 'camille', machine: 'laser-1' },
    ]);
  });

  it('attaches use that starts in the slot (or just before it) to the reservation, and completes it after its end', () => {
    const early = use('u1', '2026-12-02T09:50', '2026-12-02T11:40');
    expect(judgePlan([slotA], [early], paris('2026-12-02T10:30'), grace)).toEqual([
      { kind: 'used', reservation: 'a', usage: 'u1', member: 'camille' },
    ]);
    expect(
      judgePlan([slotA], [{ ...early, reservation: 'a' }], paris('2026-12-02T12:05'), grace),
    ).toEqual([{ kind: 'completed', reservation: 'a' }]);
  });

  it('flags a job running past the end of its slot and names the next holder, once', () => {
    const running = use('u1', '2026-12-02T10:05', null, 'a');
    const verdicts = judgePlan([slotA, slotB], [running], paris('2026-12-02T12:05'), grace);
    expect(verdicts).toEqual([
      {
        kind: 'overrun',
        reservation: 'a',
        usage: 'u1',
        machine: 'laser-1',
        next: { reservation: 'b', member: 'dominique' },
      },
    ]);
    expect(
      judgePlan([slotA, slotB], [running], paris('2026-12-02T12:06'), grace, new Set(['a'])),
    ).toEqual([]);
  });

  it('calls use with no reservation a walk-in', () => {
    expect(
      judgePlan(
        [],
        [use('u9', '2026-12-02T15:00', '2026-12-02T15:40')],
        paris('2026-12-02T16:00'),
        grace,
      ),
    ).toEqual([{ kind: 'walk_in', usage: 'u9', machine: 'laser-1' }]);
  });

  it('moves the slots of a machine going down to a free twin, and cancels those that fit nowhere', () => {
    const twin = { ...laser, id: 'laser-2' };
    const busyTwin = reservation({
      id: 't',
      machine: 'laser-2',
      start: paris('2026-12-02T12:15'),
      end: paris('2026-12-02T14:00'),
    });
    const plan = replanForOutage(
      laser,
      [slotA, slotB],
      [
        { machine: twin, reservations: [busyTwin] },
        { machine: { ...laser, id: 'cnc', kind: 'cnc' }, reservations: [] },
      ],
      paris('2026-12-02T08:00'),
    );
    expect(plan).toEqual([
      { reservation: 'a', to: 'laser-2' },
      { reservation: 'b', cancel: true },
    ]);
  });
});
