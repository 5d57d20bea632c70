import { describe, expect, it } from 'vitest';
import { laser, paris, reservation } from '../../testing/booking-fixtures.js';
import { judgeSchedule, movesForOutage, type UsageSpan } from './schedule-keeping.js';

const grace = () => ({ noShowGraceMin: 15, releaseGraceMin: 15, minMin: 30 });
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

describe('keeping the schedule true', () => {
  it('waits for the grace period, then calls a slot with no use a no-show', () => {
    expect(judgeSchedule([slotA], [], paris('2026-12-02T10:14'), grace)).toEqual([]);
    expect(judgeSchedule([slotA], [], paris('2026-12-02T10:15'), grace)).toEqual([
      { kind: 'no_show', reservation: 'a', member: 'camille', machine: 'laser-1' },
    ]);
  });

  it('attaches use that starts in the slot (or just before it) to the reservation, and completes it after its end', () => {
    const early = use('u1', '2026-12-02T09:50', '2026-12-02T11:40');
    expect(judgeSchedule([slotA], [early], paris('2026-12-02T10:30'), grace)).toEqual([
      { kind: 'used', reservation: 'a', usage: 'u1', member: 'camille', live: false },
    ]);
    expect(
      judgeSchedule([slotA], [{ ...early, reservation: 'a' }], paris('2026-12-02T12:05'), grace),
    ).toEqual([{ kind: 'completed', reservation: 'a' }]);
  });

  it('flags a job running past the end of its slot and names the next holder, once', () => {
    const running = use('u1', '2026-12-02T10:05', null, 'a');
    const verdicts = judgeSchedule([slotA, slotB], [running], paris('2026-12-02T12:05'), grace);
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
      judgeSchedule([slotA, slotB], [running], paris('2026-12-02T12:06'), grace, new Set(['a'])),
    ).toEqual([]);
  });

  it('calls use with no reservation a walk-in', () => {
    expect(
      judgeSchedule(
        [],
        [use('u9', '2026-12-02T15:00', '2026-12-02T15:40')],
        paris('2026-12-02T16:00'),
        grace,
      ),
    ).toEqual([{ kind: 'walk_in', usage: 'u9', machine: 'laser-1', member: null }]);
  });

  it('completes a slot whose job finished after its end, and reports no overrun that is over', () => {
    // Defect 1: a finished session past the end counted as "running past the end" for ever.
    const late = use('u1', '2026-12-02T10:05', '2026-12-02T12:20', 'a');
    for (const at of ['2026-12-02T12:21', '2026-12-04T12:21'])
      expect(judgeSchedule([slotA], [late], paris(at), grace)).toEqual([
        { kind: 'completed', reservation: 'a' },
      ]);
  });

  it('keeps a slot whose job still runs at the check exactly on its end, and attaches the job', () => {
    // Defect 6: completed with the job running, and the job never attached.
    const running = use('u1', '2026-12-02T10:05', null);
    expect(judgeSchedule([slotA], [running], paris('2026-12-02T12:00'), grace)).toEqual([
      { kind: 'used', reservation: 'a', usage: 'u1', member: 'camille', live: true },
    ]);
    // Once past the end it is an overrun (reported once), and the slot completes when it ends.
    expect(
      judgeSchedule([slotA], [{ ...running, reservation: 'a' }], paris('2026-12-02T12:01'), grace),
    ).toMatchObject([{ kind: 'overrun', reservation: 'a', next: null }]);
    expect(
      judgeSchedule(
        [slotA],
        [{ ...running, reservation: 'a', end: paris('2026-12-02T12:40') }],
        paris('2026-12-02T12:41'),
        grace,
        new Set(['a']),
      ),
    ).toEqual([{ kind: 'completed', reservation: 'a' }]);
  });

  it('releases the rest of a slot after the grace when its job ends early, if enough is left', () => {
    // Defect 3: the job fails at 10:20; nothing restarts; the rest is free from 10:35.
    const failed = use('u1', '2026-12-02T10:05', '2026-12-02T10:20', 'a');
    expect(judgeSchedule([slotA], [failed], paris('2026-12-02T10:34'), grace)).toEqual([]);
    expect(judgeSchedule([slotA], [failed], paris('2026-12-02T10:35'), grace)).toEqual([
      {
        kind: 'released',
        reservation: 'a',
        member: 'camille',
        machine: 'laser-1',
        at: paris('2026-12-02T10:35'),
        end: paris('2026-12-02T12:00'),
      },
    ]);
    // Less than a minimum booking left: the slot stays the holder's to its end.
    const nearEnd = use('u1', '2026-12-02T10:05', '2026-12-02T11:20', 'a');
    expect(judgeSchedule([slotA], [nearEnd], paris('2026-12-02T11:40'), grace)).toEqual([]);
  });

  it('attaches only the holder’s jobs: a restart within the grace is theirs, a job after the release a walk-in', () => {
    // Defect 2: every job in a confirmed slot went to its holder, whoever ran it.
    const failed = use('u1', '2026-12-02T10:05', '2026-12-02T10:20');
    const retry = use('u2', '2026-12-02T10:30', '2026-12-02T10:50');
    const other = use('u3', '2026-12-02T11:10', '2026-12-02T11:50');
    const verdicts = judgeSchedule(
      [slotA],
      [failed, retry, other],
      paris('2026-12-02T12:00'),
      grace,
    );
    expect(verdicts).toEqual([
      { kind: 'used', reservation: 'a', usage: 'u1', member: 'camille', live: false },
      { kind: 'used', reservation: 'a', usage: 'u2', member: 'camille', live: false },
      {
        kind: 'released',
        reservation: 'a',
        member: 'camille',
        machine: 'laser-1',
        at: paris('2026-12-02T11:05'),
        end: paris('2026-12-02T12:00'),
      },
      { kind: 'walk_in', usage: 'u3', machine: 'laser-1', member: null },
    ]);
    // A job the machine says someone else started is theirs, even inside the slot.
    const byNadia = { ...use('u4', '2026-12-02T10:05', '2026-12-02T10:40'), startedBy: 'nadia' };
    expect(judgeSchedule([slotA], [byNadia], paris('2026-12-02T10:45'), grace)).toEqual([
      { kind: 'no_show', reservation: 'a', member: 'camille', machine: 'laser-1' },
      { kind: 'walk_in', usage: 'u4', machine: 'laser-1', member: 'nadia' },
    ]);
  });

  it('moves the slots of a machine going down to a free twin, and cancels those that fit nowhere', () => {
    const twin = { ...laser, id: 'laser-2' };
    const busyTwin = reservation({
      id: 't',
      machine: 'laser-2',
      start: paris('2026-12-02T12:15'),
      end: paris('2026-12-02T14:00'),
    });
    const moves = movesForOutage(
      laser,
      [slotA, slotB],
      [
        { machine: twin, reservations: [busyTwin] },
        { machine: { ...laser, id: 'cnc', kind: 'cnc' }, reservations: [] },
      ],
      paris('2026-12-02T08:00'),
    );
    expect(moves).toEqual([
      { reservation: 'a', to: 'laser-2' },
      { reservation: 'b', cancel: true },
    ]);
  });
});

describe('keeping the schedule of an unattended overnight print', () => {
  // Saturday 5 December 14:00 (staffed) to Monday 06:00: the print runs through Saturday night
  // and the closed Sunday, by a staffed-start rule.
  const overnight = reservation({
    id: 'n',
    member: 'camille',
    start: paris('2026-12-05T14:00'),
    end: paris('2026-12-07T06:00'),
  });

  it('neither releases nor flags a print running through closed hours inside its slot', () => {
    const running = use('p1', '2026-12-05T14:10', null, 'n');
    for (const at of ['2026-12-05T23:00', '2026-12-06T12:00', '2026-12-07T05:59'])
      expect(judgeSchedule([overnight], [running], paris(at), grace)).toEqual([]);
  });

  it('completes it when the print ends in the night, and releases the rest of a print that failed early', () => {
    const done = use('p1', '2026-12-05T14:10', '2026-12-07T03:00', 'n');
    // Ended 3 h before the slot: the rest (past the grace) is released, and the slot is done.
    expect(judgeSchedule([overnight], [done], paris('2026-12-07T03:30'), grace)).toEqual([
      {
        kind: 'released',
        reservation: 'n',
        member: 'camille',
        machine: 'laser-1',
        at: paris('2026-12-07T03:15'),
        end: paris('2026-12-07T06:00'),
      },
    ]);
    const failed = use('p1', '2026-12-05T14:10', '2026-12-05T14:40', 'n');
    expect(judgeSchedule([overnight], [failed], paris('2026-12-05T15:00'), grace)).toMatchObject([
      { kind: 'released', at: paris('2026-12-05T14:55') },
    ]);
  });
});
