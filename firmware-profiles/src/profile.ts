/**
 * The Profile interface every firmware/device folder implements. See the package README.
 *
 * A profile is knowledge, not I/O: it says how to talk to a device (commands to send at connect
 * and at each poll), how to read each line it sends (`parse`, never throws), and how those lines
 * move a small per-machine model (`reduce`, pure) that `snapshot` turns into the common vocabulary.
 * The gateway's runner owns the port, the clock and the publishing.
 * @module
 */
import type { DeviceState, MachineKind, Metrics, StateDetail } from './contract/index.js';

/** Every parsed line carries its kind and the raw line it came from. */
export interface LineEvent {
  readonly kind: string;
  readonly raw: string;
}

/** An unmatched line: kept, never thrown away or thrown. */
export interface UnknownLine extends LineEvent {
  readonly kind: 'unknown';
}

/** What a firmware says of itself in its banner or identification report. */
export interface FirmwareIdentity {
  /** Profile id this identity belongs to (`marlin`, `prusa`, `grbl`, `grblhal`, `fluidnc`…). */
  readonly profile: string;
  /** Human-readable firmware name and version: `Marlin 2.1.2.1`, `Grbl 1.1h`. */
  readonly firmware: string;
  /** Capabilities reported by the firmware (`AUTOREPORT_TEMP`, `LASER`…) with their values. */
  readonly capabilities?: Readonly<Record<string, string>>;
}

/** Something that happened, as opposed to how the machine is: goes into the event stream. */
export type ProfileNotice =
  | {
      readonly type: 'alarm';
      readonly severity: 'warning' | 'error';
      readonly code: string;
      readonly message: string;
    }
  /** The firmware said how the current job ends (`Done printing file`, `//action:cancel`). */
  | {
      readonly type: 'job_outcome';
      readonly outcome: 'completed' | 'cancelled' | 'failed';
      readonly reason?: string;
    }
  /** The firmware named the current job (`File opened: benchy.gco`). */
  | { readonly type: 'job_name'; readonly name: string }
  /**
   * A line arrived garbled on the serial link (Marlin's checksum and line-number errors, answered
   * with `Resend:`): counted as the link's quality (`link_errors_total`), not a machine alarm.
   */
  | { readonly type: 'link_error'; readonly code: string }
  /**
   * A job the device itself recorded as finished (Moonraker's job history): maybe one that ran
   * while the gateway could not see it. The gateway makes it a usage session unless it saw it live.
   */
  | { readonly type: 'past_job'; readonly job: PastJob };

/** A finished job as the device's own history tells it; times are the device's clock (epoch ms). */
export interface PastJob {
  /** The device's id for it (Moonraker's `job_id`). */
  readonly deviceJobId: string;
  readonly name?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: 'completed' | 'cancelled' | 'failed';
  readonly reason?: string;
  /** Time spent working (Moonraker's `print_duration`: printing, not paused). */
  readonly activeSeconds: number;
  readonly energyWh?: number;
}

/** How the machine is now, in the common vocabulary. */
export interface MachineSnapshot {
  readonly state: Exclude<DeviceState, 'offline'>;
  readonly detail?: StateDetail;
  readonly reason?: string;
  readonly metrics: Metrics;
  /** A job is under way (printing from SD, a G-code program running…), pauses and heating included. */
  readonly jobActive: boolean;
  /** The machine is doing the job's work right now: moving with the laser on, spindle turning, extruding. */
  readonly beamOn?: boolean;
  readonly spindleOn?: boolean;
  /**
   * The job under way began before the profile could say so: a power meter confirms a job only
   * after `startAfterSeconds` of working draw, and the job began at the first crossing. `at` is that
   * moment (epoch ms), `energyWh` the energy counter then. The tracker starts the job there.
   */
  readonly jobSince?: { readonly at: number; readonly energyWh?: number };
}

export interface ReduceResult<M> {
  readonly model: M;
  readonly notices: readonly ProfileNotice[];
}

/** Context the runner gives to `poll`: how many polls so far, and what it knows of the firmware. */
export interface PollContext {
  readonly tick: number;
  /** Poll ticks per second (the machine's `pollHz`, 5 at most); 1 when not given. */
  readonly ticksPerSecond?: number;
  readonly identity?: FirmwareIdentity;
  /** The gateway's clock (epoch ms), to compare with times the model recorded in `reduce`. */
  readonly now?: number;
}

export interface SerialProfile<E extends LineEvent = LineEvent, M = unknown> {
  readonly id: string;
  readonly label: string;
  readonly transport: 'serial';
  /** Machine kinds this firmware usually drives (a hint for the config, not a restriction). */
  readonly kinds: readonly MachineKind[];
  readonly defaultBaud: number;
  /**
   * The board resets when the port opens (DTR toggles): Arduino-based Marlin and GRBL, Prusa MK3.
   * Opening the port then kills a running job, so the gateway never reopens such a port needlessly.
   */
  readonly resetsOnOpen: boolean;
  /** How long after opening to wait for the banner before asking (`M115`, `$I`). */
  readonly bannerTimeoutMs: number;
  /** Sent after the banner (or its timeout) to make the firmware identify itself. */
  readonly identifyCommand: string;
  /** Line terminator the firmware expects after a command (not after realtime bytes such as `?`). */
  readonly eol: string;
  /** After the job's machine has been idle this long, the job is over (debounces a sender's gaps). */
  readonly jobEndGraceMs: number;

  /** Recognises this firmware in one line of its banner or identification report; `null` if not its own. */
  identify(line: string): FirmwareIdentity | null;
  /** One line in, one event out. Never throws; an unmatched line is `{ kind: 'unknown', raw }`. */
  parse(line: string): E | UnknownLine;
  /**
   * The firmware's way of saying it does not know a command (`error:20` in GRBL,
   * `echo:Unknown command: "$I"` in Marlin). When detecting the firmware, the gateway asks in every
   * dialect at once; the shrugs at the other dialects' questions are not the machine's news.
   */
  isUnknownCommand(event: E | UnknownLine): boolean;
  /**
   * The line ends the firmware's answer to one line command (`ok`, `error:N`, Marlin's
   * `ok T:…`). The gateway counts them to hand its port to a job sender only once its own
   * commands are answered, so that the sender's flow control counts only its own lines.
   */
  isAck(event: E | UnknownLine): boolean;
  initialModel(identity?: FirmwareIdentity): M;
  /** Pure: the model after this event at gateway time `now` (epoch ms), and what to report of it. */
  reduce(model: M, event: E | UnknownLine, now: number): ReduceResult<M>;
  snapshot(model: M): MachineSnapshot;
  /**
   * What the firmware said of itself once its whole answer is read, when that says more than the
   * line `identify` saw (a vendor fork's M115, one field per line: `FIRMWARE_NAME:Marlin` then
   * `FIRMWARE_VERSION:2.2.0`). Undefined: the identity stands.
   */
  firmware?(model: M): string | undefined;
  /** Commands to send once connected and identified (e.g. `M155 S2` when the firmware can autoreport). */
  setup(identity: FirmwareIdentity | undefined): readonly string[];
  /** Commands for one poll tick. A realtime command (GRBL `?`) is sent without `eol`: mark it `realtime`. */
  poll(model: M, context: PollContext): readonly PollCommand[];
}

export interface PollCommand {
  readonly command: string;
  /** Realtime bytes skip the line buffer and get no end-of-line (GRBL `?`, `!`, `~`). */
  readonly realtime?: boolean;
}

/** Any profile, whatever its event and model types; what the registry holds. */
// Each profile has its own event and model types: a registry of them all names them as any.
// biome-ignore lint/suspicious/noExplicitAny: unknown here would refuse every profile's parse()
export type AnySerialProfile = SerialProfile<any, any>;
