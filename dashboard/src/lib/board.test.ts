import { describe, expect, it } from 'vitest';
import { boardOf } from './board.js';

const r = (id: string, machine: string, start: string, end: string, status = 'confirmed') => ({
  id,
  machine,
  member: `m-${id}`,
  start: `2026-12-03T${start}:00Z`,
  end: `2026-12-03T${end}:00Z`,
  status,
});
const now = Date.parse('2026-12-03T10:30:00Z');

describe('boardOf', () => {
  it('names who holds a running machine now, and an overrun when their slot is over', () => {
    const board = boardOf(
      [r('a', 'laser', '10:00', '11:00'), r('b', 'cnc', '09:00', '10:00')],
      [
        { id: 'laser', name: 'Laser', state: 'running' },
        { id: 'cnc', name: 'CNC', state: 'paused' },
        { id: 'prusa', name: 'Prusa', state: 'idle' },
      ],
      now,
    );
    expect(board.running.map((l) => [l.machine.id, l.holder?.id ?? null])).toEqual([
      ['laser', 'a'],
      ['cnc', null],
    ]);
    expect(board.overruns.map((l) => [l.machine.id, l.overrunOf?.id])).toEqual([['cnc', 'b']]);
  });

  it('lists who is due later in start order, and the no-shows', () => {
    const board = boardOf(
      [
        r('late', 'laser', '15:00', '16:00'),
        r('soon', 'cnc', '11:00', '12:00', 'pending_approval'),
        r('gone', 'laser', '08:00', '09:00', 'no_show'),
        r('cancelled', 'laser', '12:00', '13:00', 'cancelled'),
      ],
      [],
      now,
    );
    expect(board.due.map((x) => x.id)).toEqual(['soon', 'late']);
    expect(board.noShows.map((x) => x.id)).toEqual(['gone']);
  });
});
