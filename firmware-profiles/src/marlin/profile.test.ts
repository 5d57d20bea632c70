/**
 * Marlin reductions the transcripts cannot show on their own. Each input is a line from a public
 * log (cited), but the sequences are composed: no single public log has them together.
 */
import { describe, expect, it } from 'vitest';
import type { ProfileNotice } from '../profile.js';
import { marlinProfile } from './profile.js';

function run(lines: readonly string[]) {
  let model = marlinProfile.initialModel();
  const notices: ProfileNotice[] = [];
  lines.forEach((line, i) => {
    const r = marlinProfile.reduce(model, marlinProfile.parse(line), 1_000_000 + i * 1000);
    model = r.model;
    notices.push(...r.notices);
  });
  return { notices, snapshot: marlinProfile.snapshot(model) };
}

describe('Marlin profile', () => {
  it('keeps an SD print running through checksum errors and resends: link errors, not alarms', () => {
    const { notices, snapshot } = run([
      'SD printing byte 534/193158', // OctoPrint issue #30
      'Error:checksum mismatch, Last Line: 4514', // OctoPrint issue #5094, and what follows
      'Resend: 4515',
      'ok',
      'Error:checkrum mismatch, Last Line: 4514',
      'Error:No Line Number with checksum, Last Line: 4516', // Prusa-Firmware issue #2847
      'Error:Line Number is not Last Line Number+1, Last Line: 1', // Marlin issue #18955
    ]);
    expect(snapshot).toMatchObject({ state: 'running', jobActive: true });
    expect(
      notices.map((n) =>
        n.type === 'alarm' ? [n.severity, n.code] : n.type === 'link_error' ? n.code : n.type,
      ),
    ).toEqual([
      'CHECKSUM',
      // A garbled word in the error itself ("checkrum") is not recognised: a warning.
      ['warning', 'ERROR'],
      'NO_LINE_NUMBER',
      'LINE_NUMBER',
    ]);
  });

  it('makes no job of a pause on an idle printer', () => {
    // `// action:pause` from the printer's menu with nothing printing (OctoPrint's host action
    // commands doc lists it as the firmware asking the host to pause its job).
    for (const action of ['// action:pause', '//action:paused']) {
      const { notices, snapshot } = run(['Not SD printing', action, 'ok']);
      expect(snapshot).toMatchObject({ state: 'idle', jobActive: false });
      expect(notices).toEqual([]);
    }
    const printing = run(['SD printing byte 534/193158', '// action:pause']);
    expect(printing.snapshot).toMatchObject({ state: 'paused', jobActive: true });
  });

  it('sees an SD print paused by M25: the byte count stops with nothing keeping Marlin busy', () => {
    const sd = (done: number) => `SD printing byte ${done}/193158`;
    // One line a second (see run): the count frozen from the third line on.
    const paused = run([
      sd(1000),
      sd(2000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
    ]);
    expect(paused.snapshot).toMatchObject({ state: 'paused', detail: 'hold', jobActive: true });
    const resumed = run([
      sd(1000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(4000),
    ]);
    expect(resumed.snapshot).toMatchObject({ state: 'running' });
    // An M109 in the file freezes the count too, with busy: keepalives: still printing.
    const waiting = run([
      sd(1000),
      sd(3000),
      'echo:busy: processing',
      sd(3000),
      'echo:busy: processing',
      sd(3000),
      'echo:busy: processing',
      sd(3000),
      sd(3000),
      sd(3000),
    ]);
    expect(waiting.snapshot.state).toBe('running');
    // Once the keepalives stop and the count still does not move, it is a pause again.
    const afterWait = run([
      sd(1000),
      sd(3000),
      'echo:busy: processing',
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
      sd(3000),
    ]);
    expect(afterWait.snapshot.state).toBe('paused');
  });

  it('takes hotend 0 from T0, never from T (the active hotend), when the line has both', () => {
    // MarlinKimbra issue #88: T1 active, so T: is T1's 77.1 °C; T0 is 206.5 °C.
    const { snapshot } = run([
      'T:77.1 /205.0 B:59.5 /60.0 T0:206.5 /205.0 T1:77.1 /205.0 B@:0 @:127 @0:40 @1:127 W:?',
    ]);
    expect(snapshot.metrics).toMatchObject({ hotend_temp_c: 206.5, hotend1_temp_c: 77.1 });
  });

  it('lets a later line with T alone replace an older T0, and keeps the target the line leaves out', () => {
    const { snapshot } = run([
      'ok T:219.6 /220.0 B:50.6 /50.0 T0:219.6 /220.0 @:10 B@:0', // OctoPrint issue #567
      'T:200.0 E:0 W:5', // Marlin issue #18955: an M109 wait line, no target, no T0
    ]);
    expect(snapshot.metrics).toEqual({
      hotend_temp_c: 200,
      hotend_target_c: 220,
      bed_temp_c: 50.6,
      bed_target_c: 50,
    });
  });

  it('files an M109 wait line naming its hotend (E:1) under that hotend, leaving hotend 0 as it was', () => {
    const { snapshot } = run([
      'ok T0:205.0 /205.0 T1:150.0 /210.0 B:60.0 /60.0 @0:40 @1:127', // M105 on two hotends (Marlin 1.1 shape)
      'T:180.3 E:1 W:?', // M109 T1 S210 waiting: the reading is hotend 1's
    ]);
    expect(snapshot.metrics).toMatchObject({
      hotend_temp_c: 205,
      hotend1_temp_c: 180.3,
      hotend1_target_c: 210,
    });
    // Single hotend: E:0 is hotend 0.
    expect(
      run(['ok T:150.0 /200.0 B:60.0 /60.0', 'T:195.5 E:0 W:?']).snapshot.metrics,
    ).toMatchObject({ hotend_temp_c: 195.5, hotend_target_c: 200 });
  });

  describe('polling', () => {
    const M115 = 'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) PROTOCOL_VERSION:1.0';
    /** Polls of `ticks` ticks, the model fed `lines` before; `reports` are autoreport seconds. */
    const commands = (
      lines: readonly string[],
      ticks: number,
      ticksPerSecond = 5,
      reports: readonly number[] = [],
    ) => {
      let model = marlinProfile.initialModel();
      for (const line of lines)
        model = marlinProfile.reduce(model, marlinProfile.parse(line), 0).model;
      return Array.from({ length: ticks }, (_, tick) => {
        const now = (tick / ticksPerSecond) * 1000;
        if (reports.includes(now / 1000))
          model = marlinProfile.reduce(
            model,
            marlinProfile.parse(' T:21.5 /0.0 B:21.0 /0.0 @:0 B@:0'),
            now,
          ).model;
        return marlinProfile.poll(model, { tick, ticksPerSecond, now }).map((c) => c.command);
      });
    };

    it('asks M105 and M27 once a second when the firmware cannot autoreport, whatever the tick rate', () => {
      const polls = commands([M115], 10);
      expect(polls).toEqual([['M105', 'M27'], [], [], [], [], ['M105', 'M27'], [], [], [], []]);
      expect(commands([M115], 3, 1)).toEqual([
        ['M105', 'M27'],
        ['M105', 'M27'],
        ['M105', 'M27'],
      ]);
    });

    it('asks M115 of a printer known by its banner only, for its capabilities', () => {
      expect(commands([], 2, 1)).toEqual([
        ['M115', 'M105', 'M27'],
        ['M105', 'M27'],
      ]);
    });

    it('arms autoreport once and waits: each M155 restarts the firmware’s report timer', () => {
      // Reports every 2 s from second 3 on: M155 only at seconds 1 and 31, no M105 at all.
      const caps = [M115, 'Cap:AUTOREPORT_TEMP:1', 'Cap:AUTOREPORT_SD_STATUS:0'];
      const reports = Array.from({ length: 15 }, (_, i) => 3 + 2 * i);
      const polls = commands(caps, 5 * 32, 5, reports);
      const at = (command: string) =>
        polls.flatMap((p, tick) => (p.includes(command) ? [tick / 5] : []));
      expect(at('M155 S2')).toEqual([1, 31]);
      expect(at('M105')).toEqual([]);
      expect(at('M27')).toHaveLength(32);
    });

    it('falls back to M105 when the reports do not come (nor M109 wait lines count)', () => {
      // 'T:200.0 E:0 W:5': Marlin issue #18955, a wait line while heating
      const polls = commands([M115, 'Cap:AUTOREPORT_TEMP:1', 'T:200.0 E:0 W:5'], 12, 1);
      expect(polls.flatMap((p, s) => (p.includes('M155 S2') ? [s] : []))).toEqual([1]);
      expect(polls.flatMap((p, s) => (p.includes('M105') ? [s] : []))).toEqual([7, 8, 9, 10, 11]);
      // Reports that stop (a printer that rebooted without saying so): M105 six seconds later.
      const stopped = commands([M115, 'Cap:AUTOREPORT_TEMP:1'], 14, 1, [3, 5]);
      expect(stopped.flatMap((p, s) => (p.includes('M105') ? [s] : []))).toEqual([12, 13]);
    });

    it('lets the firmware autoreport SD progress too when it says it can', () => {
      const polls = commands(
        [M115, 'Cap:AUTOREPORT_TEMP:1', 'Cap:AUTOREPORT_SD_STATUS:1'],
        5 * 32,
        5,
        Array.from({ length: 16 }, (_, i) => 2 * i),
      );
      expect(polls.flat()).toEqual(['M155 S2', 'M27 S2', 'M155 S2', 'M27 S2']);
    });
  });

  it('infers heating, then printing, then the end of an SD print', () => {
    const heating = run([
      'File opened: BENCHY.GCO Size: 1000',
      'SD printing byte 10/1000',
      'T:150.0 /215.0 B:60.0 /60.0',
    ]);
    expect(heating.snapshot).toMatchObject({
      state: 'preparing',
      detail: 'heating',
      jobActive: true,
    });
    expect(heating.notices).toEqual([{ type: 'job_name', name: 'BENCHY.GCO' }]);
    const printing = run([
      'SD printing byte 10/1000',
      'T:214.0 /215.0 B:60.0 /60.0',
      'SD printing byte 500/1000',
    ]);
    expect(printing.snapshot).toMatchObject({
      state: 'running',
      metrics: { progress_pct: 50, hotend_temp_c: 214 },
    });
    const done = run(['SD printing byte 999/1000', 'Done printing file', 'Not SD printing']);
    expect(done.notices).toEqual([{ type: 'job_outcome', outcome: 'completed' }]);
    expect(done.snapshot).toMatchObject({ state: 'idle', jobActive: false });
  });

  it('ends a print as failed on a thermal runaway, keeping the first cause', () => {
    const { notices, snapshot } = run([
      'SD printing byte 10/1000',
      'Error:Thermal Runaway, system stopped! Heater_ID: 0',
      'Error:Printer halted. kill() called!',
    ]);
    expect(
      notices.map((n) =>
        n.type === 'alarm' ? n.code : n.type === 'job_outcome' ? n.outcome : n.type,
      ),
    ).toEqual(['THERMAL_RUNAWAY', 'failed', 'KILLED']);
    expect(snapshot).toMatchObject({
      state: 'error',
      detail: 'halted',
      reason: 'Emballement thermique : chauffe arrêtée par sécurité',
    });
  });

  it('is paused while the host action says so', () => {
    expect(run(['SD printing byte 10/1000', '//action:paused']).snapshot).toMatchObject({
      state: 'paused',
      jobActive: true,
    });
    expect(
      run(['SD printing byte 10/1000', '//action:paused', '//action:resumed']).snapshot,
    ).toMatchObject({ state: 'running' });
  });

  it('calls a print cancelled from the printer cancelled', () => {
    expect(run(['SD printing byte 10/1000', '//action:cancel']).notices).toEqual([
      { type: 'job_outcome', outcome: 'cancelled', reason: 'annulé depuis l’imprimante' },
    ]);
  });

  it('treats a reboot during a print as a failed job', () => {
    expect(run(['SD printing byte 10/1000', 'start']).notices).toEqual([
      { type: 'job_outcome', outcome: 'failed', reason: 'l’imprimante a redémarré' },
    ]);
  });

  it('identifies Marlin from M115 and from its banner, not Prusa firmware', () => {
    expect(
      marlinProfile.identify(
        'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) PROTOCOL_VERSION:1.0',
      ),
    ).toEqual({ profile: 'marlin', firmware: 'Marlin 2.1.2.1' });
    expect(marlinProfile.identify('echo:Marlin 2.0.9.3')).toEqual({
      profile: 'marlin',
      firmware: 'Marlin 2.0.9.3',
    });
    expect(
      marlinProfile.identify('FIRMWARE_NAME:Prusa-Firmware 3.13.0 based on Marlin'),
    ).toBeNull();
  });
});
