import { describe, expect, it } from 'vitest';
import { gcodeLines } from './gcode-file.js';
import { MarlinSender, withChecksum } from './marlin-sender.js';
import type { SenderOutput } from './sender.js';

const FILE = gcodeLines(
  Array.from({ length: 30 }, (_, i) => `G1 X${i} Y${i * 2} F3000`).join('\n'),
);

/**
 * Marlin's line check in miniature (the simulator in test/simulators has the full one): accepts
 * `N<last+1> …*<xor>`, otherwise asks for a resend. `drop` loses a written line whole; `garble`
 * flips a byte of it.
 */
function firmware(
  faults: {
    drop?: Set<number>;
    garble?: Set<number>;
    dropOk?: Set<number>;
    /** Lines whose move takes long, without `busy:`: their `ok` waits for `release()`. */
    slowOk?: Set<number>;
  } = {},
) {
  let last = 0;
  const accepted: string[] = [];
  /** Lines received while a slow move runs: Marlin reads them once it is done. */
  let inbox: string[] | undefined;
  const numbered: string[] = [];
  const fw = {
    accepted,
    /** Every numbered line written to the firmware, copies included. */
    numbered,
    get holding() {
      return inbox !== undefined;
    },
    /** The slow move ends: its `ok`, then the answers to what came meanwhile. */
    release(): string[] {
      const waiting = inbox;
      if (!waiting) return [];
      inbox = undefined;
      return ['ok', ...fw.receive(waiting.join('\n'), true)];
    },
    receive(data: string, replay = false): string[] {
      const out: string[] = [];
      for (const raw of data.split('\n').filter(Boolean)) {
        if (!replay && /^N\d+ /.test(raw)) numbered.push(raw);
        if (inbox) {
          inbox.push(raw);
          continue;
        }
        const m = /^N(\d+) (.*)\*(\d+)$/.exec(raw);
        if (!m) {
          out.push('ok');
          continue;
        }
        const n = Number(m[1]);
        if (faults.drop?.delete(n)) continue;
        const text = faults.garble?.delete(n) ? raw.replace('G', 'W') : raw;
        const star = text.lastIndexOf('*');
        if (withChecksum(text.slice(0, star)) !== text) {
          out.push(`Error:checksum mismatch, Last Line: ${last}`, `Resend: ${last + 1}`, 'ok');
          continue;
        }
        if (m[2]?.startsWith('M110')) last = n;
        else if (n !== last + 1) {
          out.push(
            `Error:Line Number is not Last Line Number+1, Last Line: ${last}`,
            `Resend: ${last + 1}`,
            'ok',
          );
          continue;
        } else {
          last = n;
          accepted.push(m[2] as string);
        }
        if (faults.dropOk?.delete(n)) continue;
        if (faults.slowOk?.delete(n)) {
          inbox = [];
          continue;
        }
        out.push('ok');
      }
      return out;
    },
  };
  return fw;
}

/** Runs the sender against the firmware until done; time moves 1 s whenever nothing is said. */
function run(sender: MarlinSender, fw: ReturnType<typeof firmware>) {
  let now = 0;
  const pending: string[] = [];
  let done: SenderOutput | undefined;
  const handle = (outputs: SenderOutput[]) => {
    for (const o of outputs) {
      if (o.kind === 'write') pending.push(...fw.receive(o.data));
      else done = o;
    }
  };
  handle(sender.start(now));
  for (let steps = 0; !done && steps < 10_000; steps += 1) {
    const line = pending.shift();
    if (line === undefined) {
      now += 1000;
      // A slow move ends only after the sender gave up waiting and wrote the line again.
      if (fw.holding && sender.progress.timeouts > 0) pending.push(...fw.release());
      handle(sender.tick(now));
    } else handle(sender.line(line, now));
  }
  return done;
}

describe('MarlinSender', () => {
  it('numbers and checksums every line, one in flight, and ends once M400 is answered', () => {
    const sender = new MarlinSender(FILE, { okTimeoutMs: 30_000 });
    expect(sender.start(0)).toEqual([
      { kind: 'write', data: 'M155 S2\n' },
      { kind: 'write', data: 'N0 M110 N0*125\n' },
    ]);
    const fw = firmware();
    expect(run(new MarlinSender(FILE, { okTimeoutMs: 30_000 }), fw)).toEqual({
      kind: 'done',
      outcome: 'completed',
    });
    expect(fw.accepted).toEqual([...FILE.map((l) => l.text), 'M400']);
  });

  it('goes back to the line Marlin asks for after a garbled line', () => {
    const fw = firmware({ garble: new Set([7]) });
    const sender = new MarlinSender(FILE, { okTimeoutMs: 30_000 });
    expect(run(sender, fw)).toMatchObject({ outcome: 'completed' });
    expect(fw.accepted).toEqual([...FILE.map((l) => l.text), 'M400']);
    expect(sender.progress).toMatchObject({ linesAcked: 30, resends: 1, timeouts: 0 });
  });

  it('sends a silently dropped line again after the ok timeout, and its resent copy too', () => {
    const fw = firmware({ drop: new Set([5, 12]) });
    const sender = new MarlinSender(FILE, { okTimeoutMs: 3000 });
    expect(run(sender, fw)).toMatchObject({ outcome: 'completed' });
    expect(fw.accepted).toEqual([...FILE.map((l) => l.text), 'M400']);
    expect(sender.progress).toMatchObject({ timeouts: 2, resends: 2, linesAcked: 30 });
  });

  it('runs nothing twice when only the ok was lost: the copy is refused as a duplicate', () => {
    const fw = firmware({ dropOk: new Set([9]) });
    const sender = new MarlinSender(FILE, { okTimeoutMs: 3000 });
    expect(run(sender, fw)).toMatchObject({ outcome: 'completed' });
    expect(fw.accepted).toEqual([...FILE.map((l) => l.text), 'M400']);
    expect(sender.progress.timeouts).toBe(1);
  });

  it('after one slow ok, sends one extra copy, not every remaining line twice', () => {
    const fw = firmware({ slowOk: new Set([9]) });
    const sender = new MarlinSender(FILE, { okTimeoutMs: 3000 });
    expect(run(sender, fw)).toMatchObject({ outcome: 'completed' });
    expect(fw.accepted).toEqual([...FILE.map((l) => l.text), 'M400']);
    expect(sender.progress).toMatchObject({ timeouts: 1, resends: 1, linesAcked: 30 });
    // N0 (M110), the 30 lines, M400 once each, and the one copy of N9 sent at the timeout.
    expect(fw.numbered).toHaveLength(32 + 1);
    expect(fw.numbered.filter((l) => l.startsWith('N9 '))).toHaveLength(2);
  });

  it('after a lost line and its copy, still goes back for a garbled next line at once', () => {
    const fw = firmware({ drop: new Set([5]), garble: new Set([6]) });
    const sender = new MarlinSender(FILE, { okTimeoutMs: 3000 });
    expect(run(sender, fw)).toMatchObject({ outcome: 'completed' });
    expect(fw.accepted).toEqual([...FILE.map((l) => l.text), 'M400']);
    expect(sender.progress).toMatchObject({ timeouts: 1, resends: 2 });
  });

  it('arms the temperature autoreport first, and does not take its ok for a numbered line', () => {
    const sender = new MarlinSender(FILE, { okTimeoutMs: 30_000 });
    sender.start(0);
    expect(sender.line('ok', 1)).toEqual([]); // M155 S2
    expect(sender.line('ok', 2)).toEqual([
      { kind: 'write', data: `${withChecksum('N1 G1 X0 Y0 F3000')}\n` },
    ]);
  });

  it('waits past the timeout while Marlin says it is busy', () => {
    const sender = new MarlinSender(FILE, { okTimeoutMs: 3000, preamble: [] });
    sender.start(0);
    expect(sender.line('echo:busy: processing', 2500)).toEqual([]);
    expect(sender.tick(4000)).toEqual([]);
    expect(sender.tick(5600)).toHaveLength(1);
  });

  it('stops feeding on pause and goes on from the next line on resume', () => {
    const sender = new MarlinSender(FILE, { okTimeoutMs: 30_000, preamble: [] });
    sender.start(0);
    sender.line('ok', 1); // M110
    sender.pause(2);
    expect(sender.line('ok', 3)).toEqual([]); // N1 answered, N2 held back
    expect(sender.phase).toBe('paused');
    expect(sender.resume(4)).toEqual([
      { kind: 'write', data: `${withChecksum('N2 G1 X1 Y2 F3000')}\n` },
    ]);
  });

  it('pauses and cancels when the printer says so, fails when it halts', () => {
    const sender = new MarlinSender(FILE, { okTimeoutMs: 30_000 });
    sender.start(0);
    sender.line('//action:pause', 1);
    expect(sender.phase).toBe('paused');
    expect(sender.line('//action:cancel', 2)).toEqual([
      { kind: 'write', data: 'M108\nM410\nM104 S0\nM140 S0\nM107\n' },
      { kind: 'done', outcome: 'cancelled', reason: { code: 'cancelled_on_machine' } },
    ]);
    const halted = new MarlinSender(FILE, { okTimeoutMs: 30_000 });
    halted.start(0);
    expect(halted.line('Error:Printer halted. kill() called!', 1)).toEqual([
      {
        kind: 'done',
        outcome: 'failed',
        reason: {
          code: 'firmware_stopped',
          params: { line: 'Error:Printer halted. kill() called!' },
        },
      },
    ]);
  });
});
