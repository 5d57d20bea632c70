import { describe, expect, it } from 'vitest';
import { parseMarlinLine } from './matchers.js';
import { marlinProfile, type MarlinModel } from './profile.js';

function run(lines: string[]) {
  let model: MarlinModel = marlinProfile.initialModel();
  const notices = [];
  for (const [i, line] of lines.entries()) {
    const r = marlinProfile.reduce(model, marlinProfile.parse(line), i * 1000);
    model = r.model;
    notices.push(...r.notices);
  }
  return { model, notices, snapshot: marlinProfile.snapshot(model) };
}

describe('Marlin matchers', () => {
  it('reads the same temperatures with and without "ok"', () => {
    const withOk = parseMarlinLine('ok T:210.0 /215.0 B:60.1 /60.0 @:64 B@:127');
    const without = parseMarlinLine('T:210.0 /215.0 B:60.1 /60.0 @:64 B@:127');
    expect(withOk).toMatchObject({ kind: 'temperatures', withOk: true });
    expect(without).toMatchObject({ kind: 'temperatures', withOk: false });
    expect(withOk.kind === 'temperatures' && withOk.heaters).toEqual(without.kind === 'temperatures' && without.heaters);
  });

  it('reads two hotends and a chamber', () => {
    expect(parseMarlinLine('T0:210.0 /210.0 T1:25.1 /0.0 B:60.0 /60.0 C:35.2 /0.0 @0:50 @1:0')).toMatchObject({
      heaters: { T0: { actual: 210, target: 210 }, T1: { actual: 25.1, target: 0 }, B: { actual: 60, target: 60 }, C: { actual: 35.2, target: 0 } },
    });
  });

  it('reads M115 fields, capabilities, resend requests and ok with a line number', () => {
    expect(parseMarlinLine('FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1')).toMatchObject({
      kind: 'firmware', name: 'Marlin 2.1.2.1 (Jun 27 2023 12:00:00)', fields: { MACHINE_TYPE: 'Ender-3 V2', EXTRUDER_COUNT: '1' },
    });
    expect(parseMarlinLine('Cap:AUTOREPORT_TEMP:1')).toMatchObject({ kind: 'capability', name: 'AUTOREPORT_TEMP', enabled: true });
    expect(parseMarlinLine('Resend: 10')).toMatchObject({ kind: 'resend', line: 10 });
    expect(parseMarlinLine('ok N12')).toMatchObject({ kind: 'ok', line: 12 });
    expect(parseMarlinLine('echo:busy: processing')).toMatchObject({ kind: 'busy', reason: 'processing' });
    expect(parseMarlinLine('//action:cancel')).toMatchObject({ kind: 'action', action: 'cancel' });
  });

  it('never throws, whatever the bytes', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i += 1) {
      const line = Array.from({ length: Math.floor(rand() * 80) }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
      expect(parseMarlinLine(line).raw).toBe(line.trim());
    }
    // A number too big to be a temperature is not one.
    expect(parseMarlinLine('T:' + '9'.repeat(10_000)).kind).toBe('unknown');
  });
});

describe('Marlin profile', () => {
  it('infers heating, then printing, then the end of an SD print', () => {
    const heating = run(['File opened: BENCHY.GCO Size: 1000', 'SD printing byte 10/1000', 'T:150.0 /215.0 B:60.0 /60.0']);
    expect(heating.snapshot).toMatchObject({ state: 'preparing', detail: 'heating', jobActive: true });
    expect(heating.notices).toEqual([{ type: 'job_name', name: 'BENCHY.GCO' }]);
    const printing = run(['SD printing byte 10/1000', 'T:214.0 /215.0 B:60.0 /60.0', 'SD printing byte 500/1000']);
    expect(printing.snapshot).toMatchObject({ state: 'running', metrics: { progress_pct: 50, hotend_temp_c: 214 } });
    const done = run(['SD printing byte 999/1000', 'Done printing file', 'Not SD printing']);
    expect(done.notices).toEqual([{ type: 'job_outcome', outcome: 'completed' }]);
    expect(done.snapshot).toMatchObject({ state: 'idle', jobActive: false });
  });

  it('ends a print as failed on a thermal runaway, keeping the first cause', () => {
    const { notices, snapshot } = run(['SD printing byte 10/1000', 'Error:Thermal Runaway, system stopped! Heater_ID: 0', 'Error:Printer halted. kill() called!']);
    expect(notices.map((n) => (n.type === 'alarm' ? n.code : n.type === 'job_outcome' ? n.outcome : n.type))).toEqual(['THERMAL_RUNAWAY', 'failed', 'KILLED']);
    expect(snapshot).toMatchObject({ state: 'error', detail: 'halted', reason: 'Emballement thermique : chauffe arrêtée par sécurité' });
  });

  it('is paused while the host action says so', () => {
    expect(run(['SD printing byte 10/1000', '//action:paused']).snapshot).toMatchObject({ state: 'paused', jobActive: true });
    expect(run(['SD printing byte 10/1000', '//action:paused', '//action:resumed']).snapshot).toMatchObject({ state: 'running' });
  });

  it('calls a print cancelled from the printer cancelled', () => {
    expect(run(['SD printing byte 10/1000', '//action:cancel']).notices).toEqual([{ type: 'job_outcome', outcome: 'cancelled', reason: 'annulé depuis l’imprimante' }]);
  });

  it('treats a reboot during a print as a failed job', () => {
    expect(run(['SD printing byte 10/1000', 'start']).notices).toEqual([{ type: 'job_outcome', outcome: 'failed', reason: 'l’imprimante a redémarré' }]);
  });

  it('polls M105 and M27 without autoreport, and switches to M155 once the capability is known', () => {
    const bare = marlinProfile.initialModel();
    expect(marlinProfile.poll(bare, { tick: 1 })).toEqual([{ command: 'M105' }, { command: 'M27' }]);
    const capable = run(['Cap:AUTOREPORT_TEMP:1', 'Cap:AUTOREPORT_SD_STATUS:1']).model;
    expect(marlinProfile.poll(capable, { tick: 1 })).toEqual([{ command: 'M155 S2' }]);
    const reporting = run(['Cap:AUTOREPORT_TEMP:1', 'Cap:AUTOREPORT_SD_STATUS:1', 'T:20.0 /0.0 B:20.0 /0.0']).model;
    expect(marlinProfile.poll(reporting, { tick: 1 })).toEqual([]);
    expect(marlinProfile.poll(reporting, { tick: 30 })).toEqual([{ command: 'M155 S2' }, { command: 'M27 S2' }]);
  });

  it('identifies Marlin from M115 and from its banner, not Prusa firmware', () => {
    expect(marlinProfile.identify('FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) PROTOCOL_VERSION:1.0')).toEqual({ profile: 'marlin', firmware: 'Marlin 2.1.2.1' });
    expect(marlinProfile.identify('echo:Marlin 2.0.9.3')).toEqual({ profile: 'marlin', firmware: 'Marlin 2.0.9.3' });
    expect(marlinProfile.identify('FIRMWARE_NAME:Prusa-Firmware 3.13.0 based on Marlin')).toBeNull();
  });
});
