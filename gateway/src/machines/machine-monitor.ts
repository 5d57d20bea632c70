/**
 * What one serial machine says, understood: the firmware's identity (with `profile: auto`, the
 * lines heard before it is known are kept and replayed once it is), the profile's model, the
 * tracker that turns snapshots into states, readings and jobs, and the log of lines heard. No port,
 * no timer: the runner (serial-runner.ts) owns the connection and feeds every line here.
 *
 * A job streamed by the gateway itself (a sender, the bridge) is a job even when the firmware
 * cannot say so (Marlin printing from a host reports nothing of it): `hostJob` lays it over the
 * profile's snapshot.
 * @module
 */
import type {
  AnySerialProfile,
  FirmwareIdentity,
  MachineSnapshot,
  ProfileNotice,
} from '@manufacto/firmware-profiles';
import { UnknownProfileError } from '@manufacto/firmware-profiles';
import type { Metrics } from '@manufacto/firmware-profiles/contract';
import { UnknownCommandFilter } from './identification.js';
import { LineLog } from './line-log.js';
import {
  initialTrackerState,
  trackOffline,
  trackSnapshot,
  type TrackerOutput,
  type TrackerState,
} from './tracker.js';

export interface EmitContext {
  readonly ts: number;
  readonly profile: string;
  readonly firmware: string | undefined;
}

export interface MonitorOptions {
  readonly machineId: string;
  /** A profile id, or `auto` to recognise the firmware from what it says. */
  readonly profile: string;
  readonly profiles: readonly AnySerialProfile[];
  readonly emit: (output: TrackerOutput, context: EmitContext) => void;
  readonly log: (line: string) => void;
  readonly heartbeatMs: number;
  readonly telemetryMinIntervalMs: number;
  /** Every line once parsed; `answer` when it ends the firmware's answer to one line command. */
  readonly heard: (line: string, answer: boolean) => void;
}

/** A job the gateway streams itself: the firmware may not know it is one. */
export interface HostJob {
  readonly name: string;
  /** The sender holds the stream (pause): the machine is on hold, not idle. */
  readonly paused: boolean;
  /** Readings of the stream: `progress_pct`, `time_left_s`, lines sent and acknowledged. */
  readonly metrics: Metrics;
}

export class MachineMonitor {
  readonly #o: MonitorOptions;
  profile: AnySerialProfile | undefined;
  identity: FirmwareIdentity | undefined;
  #model: unknown;
  tracker: TrackerState = initialTrackerState;
  readonly heardLog = new LineLog();
  /** Lines heard before the firmware was known (`profile: auto`), replayed once it is. */
  #early: Array<{ line: string; at: number }> = [];
  /** The identification questions sent on the current connection. */
  #asked: string[] = [];
  readonly #unknownCommands = new UnknownCommandFilter();
  #hostJob: HostJob | undefined;
  /** The profile's last snapshot, to lay a host job's changes over it between lines. */
  #snapshot: MachineSnapshot | undefined;

  constructor(options: MonitorOptions) {
    this.#o = options;
    if (options.profile !== 'auto') this.profile = this.profileById(options.profile);
  }

  profileById(id: string): AnySerialProfile {
    const profile = this.#o.profiles.find((p) => p.id === id);
    if (!profile) throw new UnknownProfileError(id);
    return profile;
  }

  /**
   * A new connection knows nothing of what the machine did meanwhile: start from a blank model,
   * and ask who it is again (it may have rebooted with other capabilities, or been reflashed).
   */
  reset(): void {
    this.#unknownCommands.reset();
    this.#asked = [];
    this.#model = undefined;
    this.#snapshot = undefined;
    this.identity = undefined;
    this.#early = [];
    if (this.#o.profile === 'auto') this.profile = undefined;
  }

  /** Identification questions went out (every round counts: unknown-command replies may sit among early lines). */
  asked(questions: readonly string[]): void {
    this.#asked = [...this.#asked, ...questions];
  }

  /** Polling begins: the model exists, the questions are over. */
  polling(profile: AnySerialProfile): unknown {
    this.#asked = [];
    if (this.#model === undefined) this.#model = profile.initialModel(this.identity);
    return this.#model;
  }

  get model(): unknown {
    return this.#model;
  }

  /**
   * Who the firmware says it is: its identity, completed by what it said after the line that
   * identified it (a vendor's M115 one field per line: `FIRMWARE_VERSION:2.2.0`).
   */
  get firmware(): string | undefined {
    const completed =
      this.profile && this.#model !== undefined ? this.profile.firmware?.(this.#model) : undefined;
    return completed ?? this.identity?.firmware;
  }

  #emit(outputs: readonly TrackerOutput[], now: number): void {
    const context: EmitContext = {
      ts: now,
      profile: this.profile?.id ?? 'auto',
      firmware: this.firmware,
    };
    for (const output of outputs) this.#o.emit(output, context);
  }

  /** The machine cannot be reached: offline with the reason; a job under way ends failed. */
  offline(
    detail: 'disconnected' | 'unresponsive',
    reason: string,
    now: number,
    code?: string,
  ): void {
    const step = trackOffline(this.tracker, detail, reason, now, code);
    this.tracker = step.state;
    this.#emit(step.outputs, now);
  }

  #identifyLine(line: string): FirmwareIdentity | null {
    for (const profile of this.#o.profiles) {
      const identity = profile.identify(line);
      if (identity) return identity;
    }
    return null;
  }

  /** One line from the machine. Returns true when it made the firmware known. */
  line(line: string, now: number): boolean {
    this.heardLog.heard(line, now);
    let identified = false;
    if (!this.identity) {
      const identity = this.profile ? this.profile.identify(line) : this.#identifyLine(line);
      if (identity) {
        identified = true;
        this.identity = identity;
        if (!this.profile) this.profile = this.profileById(identity.profile);
        this.#model = this.profile.initialModel(identity);
        this.#o.log(`${this.#o.machineId}: ${identity.firmware} (profile ${this.profile.id})`);
        if (this.#asked.length > 0) this.#unknownCommands.expect(this.profile, this.#asked, now);
        // What the machine said before we knew its dialect still counts (a job may have started).
        const early = this.#early;
        this.#early = [];
        for (const e of early) this.#feed(this.profile, e.line, e.at);
      }
    }
    const profile = this.profile;
    if (!profile) {
      if (this.#early.length < 200) this.#early.push({ line, at: now });
      return identified;
    }
    this.#feed(profile, line, now);
    return identified;
  }

  #feed(profile: AnySerialProfile, line: string, now: number): void {
    if (this.#model === undefined) this.#model = profile.initialModel(this.identity);
    const event = profile.parse(line);
    if (event.kind === 'unknown') this.heardLog.unknown += 1;
    this.#o.heard(line, profile.isAck(event));
    if (this.#unknownCommands.take(profile, event, now)) return;
    const reduced = profile.reduce(this.#model, event, now);
    this.#model = reduced.model;
    this.#snapshot = profile.snapshot(this.#model);
    this.#track(reduced.notices, now);
  }

  #track(notices: readonly ProfileNotice[], now: number): void {
    const profile = this.profile;
    if (!profile || !this.#snapshot) return;
    const step = trackSnapshot(
      this.tracker,
      withHostJob(this.#snapshot, this.#hostJob),
      notices,
      now,
      {
        machineId: this.#o.machineId,
        jobEndGraceMs: profile.jobEndGraceMs,
        heartbeatMs: this.#o.heartbeatMs,
        telemetryMinIntervalMs: this.#o.telemetryMinIntervalMs,
      },
    );
    this.tracker = step.state;
    this.#emit(step.outputs, now);
  }

  get hostJob(): HostJob | undefined {
    return this.#hostJob;
  }

  /** A streamed job starts or moves on (progress, pause): the tracker hears it at once. */
  setHostJob(job: HostJob, now: number): void {
    const starting = this.#hostJob === undefined;
    this.#hostJob = job;
    this.#track(starting ? [{ type: 'job_name', name: job.name }] : [], now);
  }

  /** The streamed job is over, with the sender's word on how. */
  endHostJob(
    outcome: 'completed' | 'cancelled' | 'failed',
    reason: string | undefined,
    now: number,
  ): void {
    if (!this.#hostJob) return;
    this.#hostJob = undefined;
    this.#track(
      [{ type: 'job_outcome', outcome, ...(reason !== undefined ? { reason } : {}) }],
      now,
    );
  }
}

/**
 * The profile's snapshot with a streamed job laid over it: the job is active, a machine the
 * firmware calls idle is running it (Marlin knows nothing of a host's stream), or holding it when
 * the sender paused. An error or a pause the firmware reports stays the firmware's.
 */
export function withHostJob(snapshot: MachineSnapshot, job: HostJob | undefined): MachineSnapshot {
  if (!job) return snapshot;
  const metrics = { ...snapshot.metrics, ...job.metrics };
  if (snapshot.state !== 'idle') return { ...snapshot, metrics, jobActive: true };
  const { detail: _detail, reason: _reason, ...rest } = snapshot;
  return job.paused
    ? { ...rest, metrics, jobActive: true, state: 'paused', detail: 'hold' }
    : { ...rest, metrics, jobActive: true, state: 'running' };
}
