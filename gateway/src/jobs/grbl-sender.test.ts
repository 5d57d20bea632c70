import { describe, expect, it } from 'vitest';
import { gcodeLines } from './gcode-file.js';
import { GrblSender } from './grbl-sender.js';
import type { SenderOutput } from './sender.js';

const FILE = gcodeLines(
  Array.from({ length: 40 }, (_, i) => `G1 X${(i * 1.25).toFixed(3)} Y${i} S${i * 10} F2000`).join(
    '\n',
  ),
);
const writes = (outputs: SenderOutput[]) =>
  outputs.flatMap((o) => (o.kind === 'write' ? [o.data] : []));

describe('GrblSender', () => {
  it('never has more than the receive buffer unanswered, and ends after the closing dwell', () => {
    const sender = new GrblSender(FILE, { rxBufferBytes: 128 });
    let inBuffer: number[] = [];
    const received: string[] = [];
    const take = (outputs: SenderOutput[]) => {
      for (const data of writes(outputs)) {
        for (const line of data.split('\n').filter(Boolean)) {
          inBuffer.push(line.length + 1);
          received.push(line);
        }
      }
      expect(inBuffer.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(128);
    };
    take(sender.start(0));
    expect(inBuffer.length).toBeGreaterThan(2); // several lines at once, not send-and-wait
    let done: SenderOutput[] = [];
    while (inBuffer.length > 0) {
      inBuffer = inBuffer.slice(1);
      const out = sender.line('ok', 1);
      done = out.filter((o) => o.kind === 'done');
      take(out);
    }
    expect(done).toEqual([{ kind: 'done', outcome: 'completed' }]);
    expect(received).toEqual([...FILE.map((l) => l.text), 'G4 P0.01']);
    expect(sender.progress).toMatchObject({ linesAcked: 40, linesSent: 40, errors: 0 });
    expect(sender.progress.bytesAcked).toBe(sender.progress.bytesTotal);
  });

  it('fails the job on the first error:N, naming the file line, with a hold then a reset', () => {
    const sender = new GrblSender(FILE, { stopWaitMs: 1000 });
    sender.start(0);
    // GRBL refuses every line (error:9, G-code locked out during alarm or jog): the old sender
    // streamed on and ended "completed".
    expect(writes(sender.line('error:9', 1))).toEqual(['!']);
    expect(sender.progress).toMatchObject({ linesAcked: 1, errors: 1, lastError: 'error:9' });
    expect(writes(sender.line('error:9', 2))).toEqual([]); // nothing more is fed
    expect(sender.line('<Hold:0|MPos:0.000,0.000,0.000|FS:0,0>', 3)).toEqual([
      { kind: 'write', data: '\x18' },
      {
        kind: 'done',
        outcome: 'failed',
        reason: {
          code: 'firmware_refused',
          params: { line: 'error:9', at: '1', command: FILE[0]?.text },
        },
      },
    ]);
  });

  it('never ends completed when the machine refused every line', () => {
    const sender = new GrblSender(FILE);
    let outs = sender.start(0);
    const done: SenderOutput[] = [];
    for (let i = 0; i < 200 && done.length === 0; i += 1) {
      outs = [...sender.line('error:9', i), ...sender.tick(i * 1000)];
      done.push(...outs.filter((o) => o.kind === 'done'));
    }
    expect(done).toMatchObject([{ kind: 'done', outcome: 'failed' }]);
  });

  it('fails the job when the machine is Idle with lines unanswered (an ok lost), not during a dwell', () => {
    const dwell = gcodeLines('G1 X1 F100\nG4 P30\nG1 X2');
    const sender = new GrblSender(dwell, { lostAfterMs: 10_000 });
    sender.start(0);
    sender.line('ok', 1); // G1 X1; the ok of G4 P30 is the one that comes late
    sender.line('<Idle|MPos:1.000,0.000,0.000|FS:0,0>', 1000);
    expect(sender.tick(20_000)).toEqual([]); // dwelling: 30 s + 10 s allowed
    expect(sender.phase).toBe('streaming');
    sender.line('<Idle|MPos:1.000,0.000,0.000|FS:0,0>', 30_000);
    expect(sender.tick(42_000)).toEqual([
      {
        kind: 'done',
        outcome: 'failed',
        reason: { code: 'answers_lost', params: { count: '3', seconds: '41' } },
      },
    ]);
  });

  it('a Run report or an answer stops the lost-answer clock', () => {
    const sender = new GrblSender(FILE, { lostAfterMs: 10_000 });
    sender.start(0);
    sender.line('<Idle|MPos:0.000,0.000,0.000|FS:0,0>', 0);
    sender.line('<Run|MPos:0.500,0.000,0.000|FS:2000,0>', 5000);
    expect(sender.tick(12_000)).toEqual([]);
    sender.line('<Idle|MPos:0.500,0.000,0.000|FS:0,0>', 12_000);
    sender.line('ok', 15_000);
    expect(sender.tick(30_000).filter((o) => o.kind === 'done')).toEqual([]);
  });

  it('an alarm fails the job', () => {
    const sender = new GrblSender(FILE);
    sender.start(0);
    expect(sender.line('ALARM:1', 2)).toEqual([
      {
        kind: 'done',
        outcome: 'failed',
        reason: { code: 'firmware_stopped', params: { line: 'ALARM:1' } },
      },
    ]);
  });

  it('ignores status reports and messages: only ok and error answer a line', () => {
    const sender = new GrblSender(FILE);
    sender.start(0);
    expect(sender.line('<Run|MPos:1.000,2.000,0.000|FS:2000,100>', 1)).toEqual([]);
    expect(sender.line('[MSG:Pgm End]', 1)).toEqual([]);
    expect(sender.progress.linesAcked).toBe(0);
  });

  it('pauses with a feed hold, resumes with a cycle start, cancels with a hold then a soft reset', () => {
    const sender = new GrblSender(FILE);
    sender.start(0);
    expect(writes(sender.pause(1))).toEqual(['!']);
    expect(writes(sender.line('ok', 2))).toEqual([]); // held: nothing more is fed
    expect(writes(sender.resume(3))[0]).toBe('~');
    expect(writes(sender.cancel(4))).toEqual(['!']);
    expect(sender.tick(500)).toEqual([]);
    // The hold has stopped the machine: reset at once.
    expect(sender.line('<Hold:0|MPos:0.000,0.000,0.000|FS:0,0>', 600)).toEqual([
      { kind: 'write', data: '\x18' },
      { kind: 'done', outcome: 'cancelled', reason: { code: 'cancelled' } },
    ]);
  });

  it('resets after the wait when no hold report comes', () => {
    const sender = new GrblSender(FILE, { stopWaitMs: 1000 });
    sender.start(0);
    sender.cancel(10, 'stopped by Alice');
    expect(sender.tick(1010)).toEqual([
      { kind: 'write', data: '\x18' },
      {
        kind: 'done',
        outcome: 'cancelled',
        reason: { code: 'cancelled_by', params: { why: 'stopped by Alice' } },
      },
    ]);
  });
});
