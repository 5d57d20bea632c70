/**
 * Runs one serial machine: opens its port through the injected factory, waits for the banner,
 * identifies the firmware, sends the profile's setup and poll commands, feeds every line through
 * the profile and the tracker, and hands what to publish to `emit`. It reconnects with backoff
 * when the port goes away and marks the machine offline meanwhile. It never throws: whatever the
 * machine does, the gateway carries on with the others.
 *
 * Many boards reset when their port opens (DTR), which kills a running job: the runner therefore
 * never closes a working port, not even when the firmware falls silent — it keeps polling. For the
 * same reason it lends its port to a job sender or a pass-through client (`attach`) rather than
 * letting them open it.
 * @module
 */
import type { AnySerialProfile } from '@manufacto/firmware-profiles';
import { serialProfiles } from '@manufacto/firmware-profiles';
import type { SerialMachineConfig } from '../config.js';
import type { ConnectionFactory, LineConnection } from '../transports/connection.js';
import { identificationQuestions } from './identification.js';
import { type EmitContext, type HostJob, MachineMonitor } from './machine-monitor.js';
import { type PollClock, sharedPollClock } from './poll-clock.js';
import { pollBytes } from './poll-tick.js';
import {
  PortLender,
  PortUnavailableError,
  type PortClient,
  type PortLease,
} from './port-client.js';
import { type OfflineReason, openFailure, reasonText } from './reasons.js';
import type { TrackerOutput } from './tracker.js';

export type { EmitContext, HostJob } from './machine-monitor.js';

export interface SerialRunnerOptions {
  readonly machine: SerialMachineConfig;
  readonly connect: ConnectionFactory;
  readonly emit: (output: TrackerOutput, context: EmitContext) => void;
  readonly log: (line: string) => void;
  readonly now?: () => number;
  readonly heartbeatMs: number;
  /** Readings at most this often (see the tracker); 0 by default. */
  readonly telemetryMinIntervalMs?: number;
  /** First reconnection delay; doubles up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How long to wait for an answer to the identification command. */
  readonly identifyTimeoutMs?: number;
  /** The profiles to choose from; the registry's by default (tests inject their own). */
  readonly profiles?: readonly AnySerialProfile[];
  /** The clock the polls go out on; the process's, shared by every runner, by default. */
  readonly pollClock?: PollClock;
}

type Phase = 'stopped' | 'connecting' | 'identifying' | 'polling' | 'waiting';

export interface RunnerStatus {
  readonly machine: string;
  readonly phase: Phase;
  readonly profile: string | undefined;
  readonly firmware: string | undefined;
  readonly state: string | undefined;
  readonly reason: string | undefined;
  readonly lastLineAt: number | undefined;
  readonly linesReceived: number;
  readonly unknownLines: number;
  /** The last lines heard, oldest first, for bug reports (a transcript to turn into a test case). */
  readonly recentLines: readonly string[];
  /** Who has borrowed the port (a job sender, a pass-through client), if anyone. */
  readonly client: string | undefined;
}

export class SerialMachineRunner {
  readonly #o: SerialRunnerOptions;
  readonly #now: () => number;
  #phase: Phase = 'stopped';
  #connection: LineConnection | undefined;
  readonly #monitor: MachineMonitor;
  #timers = new Set<NodeJS.Timeout>();
  /** Stops this runner's polls on the shared clock. */
  #stopPolls: (() => void) | undefined;
  #backoff: number;
  #tick = 0;
  #silent = false;
  #lastLoggedProblem: string | undefined;
  #identified: (() => void) | undefined;
  readonly #lender: PortLender;
  readonly #profiles: readonly AnySerialProfile[];

  constructor(options: SerialRunnerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#backoff = options.backoffMs ?? 1000;
    this.#profiles = options.profiles ?? serialProfiles;
    this.#lender = new PortLender(options.machine.id, options.log);
    this.#monitor = new MachineMonitor({
      machineId: options.machine.id,
      profile: options.machine.profile,
      profiles: this.#profiles,
      emit: options.emit,
      log: options.log,
      heartbeatMs: options.heartbeatMs,
      telemetryMinIntervalMs: options.telemetryMinIntervalMs ?? 0,
      heard: (line, answer) => this.#lender.heard(line, answer),
    });
  }

  status(): RunnerStatus {
    const m = this.#monitor;
    return {
      machine: this.#o.machine.id,
      phase: this.#phase,
      profile: m.profile?.id,
      firmware: m.firmware,
      state: m.tracker.published?.state,
      reason: m.tracker.published?.reason,
      lastLineAt: m.heardLog.lastLineAt,
      linesReceived: m.heardLog.received,
      unknownLines: m.heardLog.unknown,
      recentLines: m.heardLog.recent(),
      client: this.#lender.holder,
    };
  }

  /** The firmware's profile once known (a job sender picks its flow control from it). */
  get profile(): AnySerialProfile | undefined {
    return this.#monitor.profile;
  }

  /**
   * Lends the port to `client` (see port-client.ts) until it calls `release()` or the port goes;
   * resolves once the runner's own commands are answered. Rejects with `PortUnavailableError` when
   * another client has it or the machine is not connected and identified.
   */
  async attach(client: PortClient): Promise<PortLease> {
    const connection = this.#connection;
    if (!connection || this.#phase !== 'polling') {
      throw new PortUnavailableError(
        this.#o.machine.id,
        `the machine is ${this.#phase === 'identifying' ? 'being identified' : 'not connected'}`,
      );
    }
    return this.#lender.lend(client, connection);
  }

  /**
   * A job the gateway streams (sender, bridge) starts or moves on; `undefined` with an outcome
   * ends it. It is published as the machine's job even when the firmware cannot tell.
   */
  hostJob(job: HostJob): void {
    this.#monitor.setHostJob(job, this.#now());
  }

  endHostJob(outcome: 'completed' | 'cancelled' | 'failed', reason?: string): void {
    this.#monitor.endHostJob(outcome, reason, this.#now());
  }

  start(): void {
    if (this.#phase !== 'stopped') return;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#phase = 'stopped';
    this.#lender.detach('the gateway is stopping');
    this.#clearTimers();
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.close().catch(() => undefined);
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    timer.unref?.();
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#stopPolls?.();
    this.#stopPolls = undefined;
  }

  /** Offline with a reason from the table (French on the wall, its code beside); the log gets the system's words. */
  #problem(detail: 'disconnected' | 'unresponsive', reason: OfflineReason, why?: string): void {
    const logged = `${reasonText(reason, 'en')}${why ? ` (${why})` : ''}`;
    if (logged !== this.#lastLoggedProblem) this.#o.log(`${this.#o.machine.id}: ${logged}`);
    this.#lastLoggedProblem = logged;
    this.#monitor.offline(detail, reasonText(reason), this.#now(), reason.code);
  }

  async #connect(): Promise<void> {
    if (this.#phase === 'stopped' && this.#connection) return;
    this.#phase = 'connecting';
    const { port, baudRate } = this.#o.machine;
    let connection: LineConnection;
    try {
      connection = await this.#o.connect({ path: port, baudRate });
    } catch (error) {
      if ((this.#phase as Phase) === 'stopped') return;
      this.#problem('disconnected', openFailure(port, error as Error), (error as Error).message);
      this.#retry();
      return;
    }
    if ((this.#phase as Phase) === 'stopped') {
      await connection.close();
      return;
    }
    this.#connection = connection;
    this.#lender.reset();
    this.#monitor.reset();
    this.#backoff = this.#o.backoffMs ?? 1000;
    this.#lastLoggedProblem = undefined;
    this.#o.log(
      `${this.#o.machine.id}: opened ${port}${port.startsWith('tcp://') ? '' : ` at ${baudRate} baud`}`,
    );
    connection.onLine((line) => this.#onLine(line));
    connection.onClose((error) => {
      if (this.#phase === 'stopped') return;
      this.#lost(connection, { code: 'connection_lost', params: { port } }, error?.message);
    });
    void this.#identify(connection);
  }

  /** The connection is gone (closed by the driver, or its node vanished): say why, lend nothing, reopen. */
  #lost(connection: LineConnection, reason: OfflineReason, why?: string): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    this.#clearTimers();
    this.#lender.detach(reasonText(reason, 'en'));
    this.#problem('disconnected', reason, why);
    this.#retry();
  }

  #retry(): void {
    this.#phase = 'waiting';
    const delay = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, this.#o.maxBackoffMs ?? 30_000);
    this.#later(delay, () => void this.#connect());
  }

  /**
   * Waits for the banner; asks the firmware who it is if the banner did not say. With `auto`, asks
   * in every dialect at once (see identification.ts): Marlin and GRBL are known in about a second
   * after the banner wait instead of one dialect per timeout.
   */
  async #identify(connection: LineConnection): Promise<void> {
    this.#phase = 'identifying';
    this.#tick = 0;
    const fixed = this.#monitor.profile;
    const bannerMs =
      fixed?.bannerTimeoutMs ?? Math.max(...this.#profiles.map((p) => p.bannerTimeoutMs), 1000);
    const waitIdentity = (ms: number) =>
      new Promise<void>((resolve) => {
        if (this.#monitor.identity) return resolve();
        this.#identified = resolve;
        this.#later(ms, resolve);
      });
    await waitIdentity(bannerMs);
    const questions = fixed
      ? [fixed.identifyCommand + fixed.eol]
      : identificationQuestions(this.#profiles);
    if (!this.#monitor.identity && this.#connection === connection) {
      this.#monitor.asked(questions);
      this.#lender.sent(questions.length);
      for (const question of questions) await connection.write(question).catch(() => undefined);
      await waitIdentity(this.#o.identifyTimeoutMs ?? 3000);
    }
    this.#identified = undefined;
    if (this.#connection !== connection || (this.#phase as Phase) === 'stopped') return;
    const profile = this.#monitor.profile;
    if (!profile) {
      this.#problem(
        'unresponsive',
        { code: 'no_firmware', params: { port: this.#o.machine.port } },
        `tried ${questions.map((q) => q.trim()).join(', ')}`,
      );
      // Keep the port open (reopening resets many boards) and ask again later.
      this.#later(10_000, () => void this.#identify(connection));
      return;
    }
    this.#startPolling(connection, profile);
  }

  #startPolling(connection: LineConnection, profile: AnySerialProfile): void {
    this.#phase = 'polling';
    this.#monitor.polling(profile);
    const setup = profile.setup(this.#monitor.identity);
    this.#lender.sent(setup.length);
    for (const command of setup)
      void connection.write(command + profile.eol).catch(() => undefined);
    const periodMs = Math.round(1000 / Math.min(5, this.#o.machine.pollHz));
    const silenceMs = this.#o.machine.silenceSeconds * 1000;
    // A stat of the device node once a second is enough to notice a pulled cable.
    const presenceEvery = Math.max(1, Math.round(1000 / periodMs));
    const heard = this.#monitor.heardLog;
    heard.lastLineAt ??= this.#now();
    // When the runner started asking again after rounds that asked nothing (lent, client idle).
    let askedSince: number | undefined;
    this.#stopPolls?.();
    this.#stopPolls = (this.#o.pollClock ?? sharedPollClock).every(periodMs, () => {
      if (this.#connection !== connection) return;
      if (this.#tick % presenceEvery === 0 && connection.isPresent?.() === false) {
        // The node vanished (cable pulled) but the driver said nothing: close and wait for it.
        this.#lost(connection, { code: 'port_vanished', params: { port: this.#o.machine.port } });
        void connection.close().catch(() => undefined);
        return;
      }
      const lent = this.#lender.holderPolls ? 'client-polls' : this.#lender.holder !== undefined;
      const identity = this.#monitor.identity;
      const context = {
        tick: this.#tick,
        ticksPerSecond: 1000 / periodMs,
        now: this.#now(),
        ...(identity ? { identity } : {}),
      };
      const { bytes, lineCommands } = pollBytes(profile, this.#monitor.model, context, lent);
      this.#lender.sent(lineCommands);
      if (bytes) void connection.write(bytes).catch(() => undefined);
      // While lent, silence means something only when we asked: a Marlin without autoreport,
      // asked nothing while its client idles, is quiet, not unresponsive. And it counts from the
      // first question after such quiet rounds, not from the last line before them: its answer
      // is on its way.
      const now = this.#now();
      const asking = !lent || bytes !== '';
      if (!asking) askedSince = undefined;
      else askedSince ??= now;
      const quietSince = Math.max(heard.lastLineAt ?? now, askedSince ?? now);
      if (asking && !this.#silent && now - quietSince > silenceMs) {
        this.#silent = true;
        this.#problem('unresponsive', {
          code: 'silent',
          params: { port: this.#o.machine.port, seconds: String(Math.round(silenceMs / 1000)) },
        });
      }
      this.#tick += 1;
    });
  }

  #onLine(line: string): void {
    if (this.#silent) {
      this.#silent = false;
      this.#o.log(`${this.#o.machine.id}: answering again`);
    }
    if (this.#monitor.line(line, this.#now())) this.#identified?.();
  }
}
