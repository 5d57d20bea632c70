/**
 * Marlin line matchers on lines of Marlin's own shapes (marlinfw.org G-code pages, M105/M115/M27).
 */
import { describe, expect, it } from 'vitest';
import { parseMarlinLine } from './matchers.js';

describe('Marlin matchers', () => {
  it('reads the same temperatures with and without "ok"', () => {
    const withOk = parseMarlinLine('ok T:210.0 /215.0 B:60.1 /60.0 @:64 B@:127');
    const without = parseMarlinLine('T:210.0 /215.0 B:60.1 /60.0 @:64 B@:127');
    expect(withOk).toMatchObject({ kind: 'temperatures', withOk: true });
    expect(without).toMatchObject({ kind: 'temperatures', withOk: false });
    expect(withOk.kind === 'temperatures' && withOk.heaters).toEqual(
      without.kind === 'temperatures' && without.heaters,
    );
  });

  it('reads two hotends and a chamber', () => {
    expect(
      parseMarlinLine('T0:210.0 /210.0 T1:25.1 /0.0 B:60.0 /60.0 C:35.2 /0.0 @0:50 @1:0'),
    ).toMatchObject({
      heaters: {
        T0: { actual: 210, target: 210 },
        T1: { actual: 25.1, target: 0 },
        B: { actual: 60, target: 60 },
        C: { actual: 35.2, target: 0 },
      },
    });
  });

  it('reads M115 fields, capabilities, resend requests and ok with a line number', () => {
    expect(
      parseMarlinLine(
        'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1',
      ),
    ).toMatchObject({
      kind: 'firmware',
      name: 'Marlin 2.1.2.1 (Jun 27 2023 12:00:00)',
      fields: { MACHINE_TYPE: 'Ender-3 V2', EXTRUDER_COUNT: '1' },
    });
    expect(parseMarlinLine('Cap:AUTOREPORT_TEMP:1')).toMatchObject({
      kind: 'capability',
      name: 'AUTOREPORT_TEMP',
      enabled: true,
    });
    expect(parseMarlinLine('Resend: 10')).toMatchObject({ kind: 'resend', line: 10 });
    expect(parseMarlinLine('ok N12')).toMatchObject({ kind: 'ok', line: 12 });
    expect(parseMarlinLine('echo:busy: processing')).toMatchObject({
      kind: 'busy',
      reason: 'processing',
    });
    expect(parseMarlinLine('//action:cancel')).toMatchObject({ kind: 'action', action: 'cancel' });
  });

  it('never throws, whatever the bytes', () => {
    // Park–Miller: small, exact in doubles, the same bytes on every run.
    let seed = 11;
    const rand = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 2000; i += 1) {
      const line = Array.from({ length: Math.floor(rand() * 80) }, () =>
        String.fromCharCode(Math.floor(rand() * 256)),
      ).join('');
      expect(parseMarlinLine(line).raw).toBe(line.trim());
    }
    // A number too big to be a temperature is not one.
    expect(parseMarlinLine(`T:${'9'.repeat(10_000)}`).kind).toBe('unknown');
  });
});
