/**
 * Runs one network machine: starts its link (MQTT, HTTP polling or WebSocket JSON-RPC), feeds every
 * message through the profile and the tracker, ticks the profile's clock once a second, and hands
 * what to publish to `emit`. A device that goes away is offline with the reason, a job under way
 * ends failed, and the link keeps trying: the gateway carries on with the others.
 * @module
 */
import {
  type AnyNetworkProfile,
  CLOCK_TICK,
  getNetworkProfile,
  type NetworkMessage,
  type PastJob,
  type ProfileNotice,
} from '@manufacto/firmware-profiles';
import {
  initialPastJobs,
  type PastJobsState,
  recordLiveJob,
  takePastJob,
} from '../machines/past-jobs.js';
import type { EmitContext, RunnerStatus } from '../machines/serial-runner.js';
import {
  initialTrackerState,
  trackOffline,
  trackSnapshot,
  type TrackerOutput,
  type TrackerState,
} from '../machines/tracker.js';
import type { NetworkMachine } from './config.js';
import type { LinkFactory, NetworkLink } from './link.js';
import { loadPastJobs, savePastJobs } from './past-jobs-file.js';

export interface NetworkRunnerOptions {
  readonly machine: NetworkMachine;
  readonly gateway: string;
  readonly link: LinkFactory;
  readonly emit: (output: TrackerOutput, context: EmitContext) => void;
  readonly log: (line: string) => void;
  readonly now?: () => number;
  readonly heartbeatMs: number;
  readonly telemetryMinIntervalMs?: number;
  readonly backoffMs?: number;
  /** How often the profile's clock ticks (a power meter's pause running out). */
  readonly tickMs?: number;
  /**
   * Where the jobs accounted for are kept across restarts (devices with a job history: Moonraker),
   * so that a job that ran while the gateway was down becomes a session once, and only once.
   */
  readonly pastJobsFile?: string;
}

type Phase = RunnerStatus['phase'];

export class NetworkMachineRunner {
  readonly #o: NetworkRunnerOptions;
  readonly #profile: AnyNetworkProfile;
  readonly #now: () => number;
  #link: NetworkLink | undefined;
  #model: unknown;
  #tracker: TrackerState = initialTrackerState;
  #phase: Phase = 'stopped';
  #heard = false;
  #timer: NodeJS.Timeout | undefined;
  #lastAt: number | undefined;
  #received = 0;
  #unknown = 0;
  #recent: Array<{ at: number; line: string }> = [];
  #lastProblem: string | undefined;
  #firmware: string | undefined;
  #pastJobs: PastJobsState;

  constructor(options: NetworkRunnerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#profile = getNetworkProfile(options.machine.profile);
    this.#model = this.#profile.initialModel(this.#device());
    this.#pastJobs =
      (options.pastJobsFile ? loadPastJobs(options.pastJobsFile) : undefined) ??
      initialPastJobs(this.#now());
  }

  #device() {
    const m = this.#o.machine;
    return { ...(m.device ? { device: m.device } : {}), ...(m.power ? { power: m.power } : {}) };
  }

  status(): RunnerStatus {
    return {
      machine: this.#o.machine.id,
      phase: this.#phase,
      profile: this.#profile.id,
      firmware: this.#profile.firmware(this.#model),
      state: this.#tracker.published?.state,
      reason: this.#tracker.published?.reason,
      lastLineAt: this.#lastAt,
      linesReceived: this.#received,
      unknownLines: this.#unknown,
      recentLines: this.#recent.map((r) => `${new Date(r.at).toISOString()} < ${r.line}`),
      client: undefined,
    };
  }

  start(): void {
    if (this.#phase !== 'stopped') return;
    this.#phase = 'connecting';
    this.#link = this.#o.link({
      machine: this.#o.machine,
      profile: this.#profile,
      gateway: this.#o.gateway,
      ...(this.#o.backoffMs !== undefined ? { backoffMs: this.#o.backoffMs } : {}),
      handlers: {
        onMessage: (message) => this.#onMessage(message),
        onUp: () => {
          this.#phase = 'polling';
          this.#lastProblem = undefined;
          this.#o.log(
            `${this.#o.machine.id}: connected to ${this.#o.machine.transport} device (profile ${this.#profile.id})`,
          );
        },
        onDown: (reason) => this.#down(reason),
        log: (line) => this.#o.log(`${this.#o.machine.id}: ${line}`),
      },
    });
    this.#link.start();
    this.#timer = setInterval(() => this.#tick(), this.#o.tickMs ?? 1000);
    this.#timer.unref?.();
  }

  /**
   * Switches the machine's relay (a Shelly or Tasmota in front of it): the lock/unlock that access
   * at the machine calls once the server authorised the person. The device's next status says the
   * result; this resolves when the request was taken.
   */
  async switchRelay(on: boolean): Promise<void> {
    if (!this.#link || this.#phase === 'stopped')
      throw new Error(`${this.#o.machine.id}: not running`);
    await this.#link.switchRelay(on);
    this.#o.log(`${this.#o.machine.id}: relay switched ${on ? 'on (unlocked)' : 'off (locked)'}`);
  }

  async stop(): Promise<void> {
    this.#phase = 'stopped';
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#link?.stop().catch(() => undefined);
    this.#link = undefined;
  }

  #emit(outputs: readonly TrackerOutput[]): void {
    const context: EmitContext = {
      ts: this.#now(),
      profile: this.#profile.id,
      firmware: this.#profile.firmware(this.#model),
    };
    for (const output of outputs) this.#o.emit(output, context);
  }

  #down(reason: string): void {
    if (this.#phase === 'stopped') return;
    this.#phase = 'waiting';
    if (reason !== this.#lastProblem) this.#o.log(`${this.#o.machine.id}: ${reason}`);
    this.#lastProblem = reason;
    const step = trackOffline(this.#tracker, 'disconnected', reason, this.#now());
    this.#tracker = step.state;
    this.#emit(step.outputs);
    this.#recordLive(step.outputs, true);
  }

  /** Jobs the tracker finished: remembered, so the device's history does not count them again. */
  #recordLive(outputs: readonly TrackerOutput[], cutShort: boolean): void {
    let changed = false;
    for (const o of outputs)
      if (o.channel === 'event' && o.type === 'job_finished') {
        this.#pastJobs = recordLiveJob(this.#pastJobs, o.job, cutShort);
        changed = true;
      }
    if (changed) this.#savePastJobs();
  }

  #savePastJobs(): void {
    if (!this.#o.pastJobsFile) return;
    try {
      savePastJobs(this.#o.pastJobsFile, this.#pastJobs);
    } catch (error) {
      this.#o.log(`${this.#o.machine.id}: cannot keep the jobs seen (${(error as Error).message})`);
    }
  }

  /** The device's own history: the jobs the tracker did not see become usage sessions now. */
  #pastJob(job: PastJob): void {
    const step = takePastJob(this.#pastJobs, job, this.#o.machine.id, this.#tracker.job);
    if (step.state === this.#pastJobs) return;
    this.#pastJobs = step.state;
    this.#savePastJobs();
    if (step.outputs.length > 0) {
      this.#o.log(
        `${this.#o.machine.id}: job ${job.deviceJobId} from the device's history (${job.outcome})`,
      );
      this.#emit(step.outputs);
    }
  }

  #onMessage(message: NetworkMessage): void {
    if (this.#phase === 'stopped') return;
    const now = this.#now();
    this.#lastAt = now;
    this.#received += 1;
    const text =
      typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload);
    const line = `${message.source} ${text ?? ''}`;
    this.#recent.push({ at: now, line: line.length > 300 ? `${line.slice(0, 300)}…` : line });
    if (this.#recent.length > 50) this.#recent.shift();
    const event = this.#profile.parse(message);
    if (event.kind === 'unknown') this.#unknown += 1;
    this.#heard = true;
    this.#step(event, now);
  }

  #tick(): void {
    if (!this.#heard || this.#phase !== 'polling') return;
    this.#step(CLOCK_TICK, this.#now());
  }

  #step(event: Parameters<AnyNetworkProfile['reduce']>[1], now: number): void {
    const reduced = this.#profile.reduce(this.#model, event, now);
    this.#model = reduced.model;
    const notices: ProfileNotice[] = [];
    const past: PastJob[] = [];
    for (const n of reduced.notices)
      if (n.type === 'past_job') past.push(n.job);
      else notices.push(n);
    const snapshot = this.#profile.snapshot(this.#model);
    if (snapshot.offline !== undefined) {
      const step = trackOffline(this.#tracker, 'disconnected', snapshot.offline, now);
      this.#tracker = step.state;
      this.#emit(step.outputs);
      this.#recordLive(step.outputs, true);
      for (const job of past) this.#pastJob(job);
      return;
    }
    const power = this.#o.machine.power;
    const step = trackSnapshot(this.#tracker, snapshot, notices, now, {
      machineId: this.#o.machine.id,
      // A power meter's job ends at the drop once it has lasted endAfterSeconds.
      jobEndGraceMs: power ? power.endAfterSeconds * 1000 : this.#profile.jobEndGraceMs,
      heartbeatMs: this.#o.heartbeatMs,
      telemetryMinIntervalMs: this.#o.telemetryMinIntervalMs ?? 0,
    });
    this.#tracker = step.state;
    this.#emit(step.outputs);
    this.#recordLive(step.outputs, false);
    for (const job of past) this.#pastJob(job);
    this.#firmwareNews(step.outputs);
  }

  /**
   * The firmware is told after the first status (Bambu's `get_version` answer): the retained state
   * carries it, so say the state again when it becomes known.
   */
  #firmwareNews(outputs: readonly TrackerOutput[]): void {
    const firmware = this.#profile.firmware(this.#model);
    if (firmware === this.#firmware) return;
    this.#firmware = firmware;
    const published = this.#tracker.published;
    if (published && !outputs.some((o) => o.channel === 'state'))
      this.#emit([{ channel: 'state', ...published }]);
  }
}
