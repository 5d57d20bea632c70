/**
 * The serial runner's test harness: a scripted in-memory connection and a tiny profile injected in
 * place of the registry's, so that the runner's tests (`serial-runner.test.ts`, lending in
 * `serial-runner.lending.test.ts`) pin its own duties. Real firmwares over real ptys are in
 * test/integration. Not shipped (package.json leaves out `*.test.*`).
 * @module
 */
import type { SerialProfile } from '@manufacto/firmware-profiles';
import { type TestContext, vi } from 'vitest';
import type { SerialMachineConfig } from '../config.js';
import type { ConnectionFactory, LineConnection } from '../transports/connection.js';
import type { PollClock } from './poll-clock.js';
import { SerialMachineRunner, type SerialRunnerOptions } from './serial-runner.js';
import type { TrackerOutput } from './tracker.js';

type Ev =
  | { kind: 'status'; raw: string; busy: boolean }
  | { kind: 'error'; raw: string }
  | { kind: 'unknown'; raw: string };
export const toyProfile: SerialProfile<Ev, { busy: boolean }> = {
  id: 'toy',
  label: 'Toy',
  transport: 'serial',
  kinds: ['other'],
  defaultBaud: 115200,
  resetsOnOpen: false,
  bannerTimeoutMs: 200,
  identifyCommand: 'WHO',
  eol: '\n',
  jobEndGraceMs: 0,
  identify: (line) => (line.startsWith('TOY ') ? { profile: 'toy', firmware: line } : null),
  parse: (raw) =>
    raw === 'BUSY' || raw === 'IDLE'
      ? { kind: 'status', raw, busy: raw === 'BUSY' }
      : raw.startsWith('ERR')
        ? { kind: 'error', raw }
        : { kind: 'unknown', raw },
  isUnknownCommand: (event) => event.kind === 'error',
  isAck: (event) => event.raw === 'ok' || event.kind === 'error',
  initialModel: () => ({ busy: false }),
  reduce: (model, event) => ({
    model: event.kind === 'status' ? { busy: event.busy } : model,
    notices:
      event.kind === 'error'
        ? [{ type: 'alarm', severity: 'warning', code: 'ERR', message: event.raw }]
        : [],
  }),
  snapshot: (m) => ({ state: m.busy ? 'running' : 'idle', metrics: {}, jobActive: m.busy }),
  setup: () => ['SETUP'],
  poll: (_m, { tick }) =>
    tick % 2 === 1
      ? [{ command: '?', realtime: true }, { command: 'TEMP' }]
      : [{ command: '?', realtime: true }],
};
/** A second dialect, as Marlin is to GRBL: its own question, and it shrugs at the toy's. */
export const otherProfile: SerialProfile<Ev, { busy: boolean }> = {
  ...toyProfile,
  id: 'other',
  label: 'Other',
  identifyCommand: 'QUI',
  identify: (line) => (line.startsWith('OTHER ') ? { profile: 'other', firmware: line } : null),
};

export class ScriptedDevice implements LineConnection {
  written: string[] = [];
  isPresent?: () => boolean;
  #lines: Array<(l: string) => void> = [];
  #closes: Array<(e?: Error) => void> = [];
  constructor(private readonly answer: (data: string, device: ScriptedDevice) => void) {}
  async write(data: string) {
    this.written.push(data);
    // One write may carry a realtime `?` and line commands: answer each in turn.
    for (const token of data.match(/\?|[^?\n]*\n/g) ?? []) this.answer(token, this);
  }
  onLine(l: (line: string) => void) {
    this.#lines.push(l);
  }
  onClose(l: (e?: Error) => void) {
    this.#closes.push(l);
  }
  async close() {}
  say(...lines: string[]) {
    for (const line of lines) for (const l of this.#lines) l(line);
  }
  pull() {
    for (const l of this.#closes) l(new Error('device disconnected'));
  }
}

export const machine: SerialMachineConfig = {
  id: 'toy-1',
  name: 'Toy',
  kind: 'other',
  profile: 'auto',
  transport: 'serial',
  port: '/dev/toy',
  baudRate: 115200,
  pollHz: 5,
  silenceSeconds: 1,
  okTimeoutSeconds: 30,
};

/**
 * A poll clock and a wall clock the test moves by hand, for what the runner decides from elapsed
 * time (silence): `round()` is one poll round `periodMs` after the last, as the real clock's timer
 * would call it, so a test steps through seconds of silence at once and knows no round went by
 * unseen. The runner's other timers (banner wait, backoff) stay real.
 */
export class ManualClock implements PollClock {
  now = 0;
  readonly #listeners = new Map<() => void, number>();
  every(periodMs: number, fn: () => void): () => void {
    const entry = () => fn();
    this.#listeners.set(entry, periodMs);
    return () => this.#listeners.delete(entry);
  }
  /** How many runners poll on it. */
  get listeners(): number {
    return this.#listeners.size;
  }
  /** Moves the time on by one period and calls every listener still registered, in order. */
  round(): void {
    const periods = [...this.#listeners.values()];
    this.now += periods.length > 0 ? Math.min(...periods) : 0;
    for (const [listener] of [...this.#listeners]) if (this.#listeners.has(listener)) listener();
  }
  /** Rounds until at least `ms` have gone by. */
  pass(ms: number): void {
    const until = this.now + ms;
    while (this.now < until && this.#listeners.size > 0) this.round();
  }
}

export function run(
  { onTestFinished }: TestContext,
  connect: ConnectionFactory,
  overrides: Partial<SerialMachineConfig> = {},
  profiles = [toyProfile],
  clock?: ManualClock,
) {
  const clocks: Pick<SerialRunnerOptions, 'now' | 'pollClock'> = clock
    ? { now: () => clock.now, pollClock: clock }
    : {};
  const outputs: TrackerOutput[] = [];
  const logs: string[] = [];
  const runner = new SerialMachineRunner({
    machine: { ...machine, ...overrides },
    connect,
    emit: (o) => outputs.push(o),
    log: (l) => logs.push(l),
    heartbeatMs: 60_000,
    backoffMs: 50,
    identifyTimeoutMs: 200,
    profiles,
    ...clocks,
  });
  onTestFinished(() => runner.stop());
  runner.start();
  return { runner, outputs, logs };
}

export const states = (outputs: TrackerOutput[]) =>
  outputs.flatMap((o) =>
    o.channel === 'state' ? [`${o.state}${o.detail ? `/${o.detail}` : ''}`] : [],
  );

/** Waits until the runner polls its machine (banner, identification and setup done). */
export async function untilPolling(runner: SerialMachineRunner): Promise<void> {
  await vi.waitFor(
    () => {
      const { phase } = runner.status();
      if (phase !== 'polling') throw new Error(`the runner is ${phase}, not polling`);
    },
    { timeout: 3000 },
  );
}

/** A client of the runner's port (`attach()`): the lines it hears and why it lost the port. */
export function portClient(name: string) {
  const heard: string[] = [];
  const reasons: string[] = [];
  return {
    name,
    heard,
    reasons,
    onLine: (line: string) => void heard.push(line),
    onDetach: (why: string) => void reasons.push(why),
  };
}
