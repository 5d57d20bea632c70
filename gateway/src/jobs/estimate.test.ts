import { describe, expect, it } from 'vitest';
import { estimateDuration } from './estimate.js';
import { GcodeFileError, gcodeLines } from './gcode-file.js';

const est = (source: string, options = {}) => estimateDuration(gcodeLines(source), options);

describe('estimateDuration', () => {
  it('divides each move by its feed rate, rapids by the rapid rate', () => {
    // 100 mm at 600 mm/min = 10 s; 100 mm rapid at 6000 mm/min = 1 s.
    const e = est('G21 G90\nG1 X100 F600\nG0 X0\n', { rapidMmPerMin: 6000 });
    expect(e).toEqual({ seconds: 11, distanceMm: 200, moves: 2 });
  });

  it('keeps the feed rate modal, follows relative moves and inches', () => {
    // G91: 3 moves of 10 mm at 300 mm/min = 6 s; then 1 inch at 25.4 mm/min (F1 in G20) = 60 s.
    const e = est('G91\nG1 X10 F300\nX10\nY10\nG20\nG1 X1 F1\n');
    expect(e.seconds).toBeCloseTo(66, 5);
    expect(e.distanceMm).toBeCloseTo(55.4, 5);
  });

  it('measures arcs along the curve: a half circle of radius 10 mm is 31.4 mm', () => {
    const e = est('G1 X0 Y0 F600\nG2 X20 Y0 I10 J0\n');
    expect(e.distanceMm).toBeCloseTo(31.4, 1);
    // A full circle: same start and end.
    expect(est('G3 X0 Y0 I10 J0 F600').distanceMm).toBeCloseTo(62.8, 1);
  });

  it('adds dwells: GRBL seconds, Marlin milliseconds', () => {
    expect(est('G4 P2').seconds).toBe(2);
    expect(est('G4 P1500').seconds).toBe(1.5);
    expect(est('G4 S3').seconds).toBe(3);
  });

  it('does not count homing or offsets as moves', () => {
    expect(est('G28 X0 Y0\nG92 X50\nG10 L20 P1 X0').moves).toBe(0);
  });
});

describe('gcodeLines', () => {
  it('drops comments and blank lines, keeps the file line numbers', () => {
    expect(gcodeLines('; start\nG21 (mm)\n\n  G1 X1 ; move\n%\n')).toEqual([
      { at: 2, text: 'G21' },
      { at: 4, text: 'G1 X1' },
    ]);
  });

  it('refuses a realtime character in a GRBL line, naming the line', () => {
    expect(() => gcodeLines('G21\nM117 done!', { realtime: true })).toThrow(/line 2: a control/);
    expect(gcodeLines('M117 done!')).toHaveLength(1);
  });

  it('refuses an empty file', () => {
    expect(() => gcodeLines('; nothing\n')).toThrow(GcodeFileError);
  });
});
