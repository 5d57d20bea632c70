/**
 * Marlin 2.x as a `SerialProfile`. Marlin cannot be asked its state: the model infers it from SD
 * progress (`M27`), heater targets, `busy:` keepalives, host action commands (`//action:`) and
 * `Error:` lines. Temperatures are autoreported (`M155 S2`) when the firmware says it can
 * (`Cap:AUTOREPORT_TEMP:1`), else polled with `M105`.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import type {
  FirmwareIdentity,
  MachineSnapshot,
  PollCommand,
  ProfileNotice,
  ReduceResult,
  SerialProfile,
} from '../profile.js';
import { faultFor, type MarlinFault } from './codes.js';
import { matchLine, type LineMatcher } from '../match.js';
import { MARLIN_MATCHERS, type HeaterReading, type MarlinEvent } from './matchers.js';

export interface MarlinModel {
  readonly heaters: Readonly<Record<string, HeaterReading>>;
  readonly caps: Readonly<Record<string, boolean>>;
  /** When the last temperature autoreport arrived (gateway clock): autoreport is on and working. */
  readonly autoreportAt?: number;
  /** The firmware answered M115 (`FIRMWARE_NAME:`): its capabilities are known, or it has none. */
  readonly reported115: boolean;
  /** SD progress; `movedAt` is when the byte count last changed (gateway clock). */
  readonly sd?: { readonly done: number; readonly total: number; readonly movedAt: number };
  /** The last `busy:` keepalive: Marlin is working through a long command (a wait, a homing). */
  readonly busyAt?: number;
  readonly printing: boolean;
  /** Paused by the firmware's word (`//action:paused`, `busy: paused for user`, M600). */
  readonly paused: boolean;
  /** Paused as seen from the SD card: the byte count stopped with nothing keeping Marlin busy (M25). */
  readonly sdStalled: boolean;
  readonly halted?: { readonly code: string; readonly fr: string };
  /** Progress and time left as the firmware computes them (Prusa's M73 answer); -1 means unknown. */
  readonly reported?: { readonly percent: number; readonly minutesLeft: number };
  /** The last M114 answer (mm). */
  readonly position?: { readonly x: number; readonly y: number; readonly z: number };
  /**
   * What M115 said: the `FIRMWARE_NAME` and every other field, whether on that line or, as vendor
   * forks print them, one per line after it (`FIRMWARE_VERSION:2.2.0`, `MACHINE_TYPE:…`).
   */
  readonly firmware?: {
    readonly name?: string;
    readonly fields: Readonly<Record<string, string>>;
    /** Some field came on a line of its own: the identity from the first line alone is incomplete. */
    readonly multiline: boolean;
  };
  /**
   * A filament change the firmware queued itself (M600 after a runout): paused until it prints
   * again. `queued` until the firmware waits for the person (`busy: paused for user`), `waiting`
   * from then: an `ok` then answers a line run after the change, so a host-streamed print (which
   * has no SD count to move) goes on (`ok`s while queued answer lines run before it).
   */
  readonly filamentChange?: false | 'queued' | 'waiting';
  /** Prusa's crash detection at boot (`CrashDetect ENABLED!`). */
  readonly crashDetection?: boolean;
}

type Event = MarlinEvent | { kind: 'unknown'; raw: string };

const initial: MarlinModel = {
  heaters: {},
  caps: {},
  reported115: false,
  printing: false,
  paused: false,
  sdStalled: false,
};

/**
 * The SD byte count frozen this long, with no `busy:` keepalive meanwhile (Marlin sends
 * one every 2 s while a command blocks: a heating wait, a homing), is a pause: `M25` from a host
 * or the printer's menu says nothing else (its `//action:pause` only with ACTION_ON_PAUSE).
 */
const SD_STALL_MS = 5000;

/** `T` (the active or only hotend) and `T0`…`T9` (each hotend, printed when there are several). */
const HOTEND = /^T\d?$/;

/**
 * One temperature line into the last readings.
 * - A line that reports hotends reports all it knows of: the hotend readings of earlier lines go,
 *   so that a `T0` read once cannot outlive the lines after it. Prusa's and Marlin 1.x's M109 wait
 *   lines (`T:195.5 E:0 W:?`) carry `T` alone; the `T0` of the M105 line before them is stale.
 * - A reading without a target keeps the heater's last target: those wait lines leave it out,
 *   they do not clear it.
 * Bed, chamber and probe readings are merged: a line without them says nothing of them.
 */
function mergeHeaters(
  previous: Readonly<Record<string, HeaterReading>>,
  line: Readonly<Record<string, HeaterReading>>,
): Record<string, HeaterReading> {
  // A bare `T` stands for "the hotend(s)" and replaces them all; `T0`, `T1`… replace themselves
  // (and a bare `T` that may have been any of them).
  const replacesAll = Object.hasOwn(line, 'T');
  const merged: Record<string, HeaterReading> = {};
  for (const [name, reading] of Object.entries(previous)) {
    const replaced =
      HOTEND.test(name) && (replacesAll || name === 'T' || Object.hasOwn(line, name));
    if (!replaced) merged[name] = reading;
  }
  for (const [name, reading] of Object.entries(line)) {
    // A hotend first named here (`T0` from a wait line) inherits the bare `T`'s target it succeeds.
    const target =
      reading.target ?? (previous[name] ?? (HOTEND.test(name) ? previous.T : undefined))?.target;
    merged[name] =
      target !== undefined ? { actual: reading.actual, target } : { actual: reading.actual };
  }
  return merged;
}

/**
 * M109's wait line on Marlin 1.x and Prusa names the hotend it waits for: `T:195.5 E:1 W:?` is
 * hotend 1. File its bare `T` under `T1` so that hotend 0's reading is not overwritten.
 */
function waitLineHeaters(
  raw: string,
  heaters: Readonly<Record<string, HeaterReading>>,
): Readonly<Record<string, HeaterReading>> {
  const extruder = /\bE:(\d)\b/.exec(raw)?.[1];
  if (
    extruder === undefined ||
    !heaters.T ||
    Object.keys(heaters).some((name) => /^T\d$/.test(name))
  )
    return heaters;
  const { T, ...others } = heaters;
  return { ...others, [`T${extruder}`]: T };
}

/** A heater more than this below its target is still heating. */
const HEATING_MARGIN_C = 3;

export function firmwareName(name: string): string {
  return name.replace(/\s*\(.*$/, '').trim();
}

/** A fault the firmware reported: the alarm, and the halt with its reason when it halts. */
function fault(
  model: MarlinModel,
  found: MarlinFault,
  text: string,
  notices: ProfileNotice[],
  endJob: (outcome: 'failed', reason: string) => void,
): ReduceResult<MarlinModel> {
  notices.push({
    type: 'alarm',
    severity: found.halts ? 'error' : 'warning',
    code: found.code,
    message: `${found.en} (${text.slice(0, 200)})`,
  });
  if (!found.halts) return { model, notices };
  // Thermal runaway comes before "kill() called", Prusa's `KILL: 2` too: keep the first, more telling cause.
  const halted = model.halted ?? { code: found.code, fr: found.fr };
  endJob('failed', halted.fr);
  const { filamentChange: _f, ...rest } = model;
  return { model: { ...rest, halted, printing: false, paused: false }, notices };
}

/** `Marlin 2.2.0` from a `FIRMWARE_NAME:Marlin` line and a `FIRMWARE_VERSION:2.2.0` line after it. */
function firmwareOf(model: MarlinModel): string | undefined {
  const reported = model.firmware;
  if (!reported?.multiline || !reported.name) return undefined;
  const name = firmwareName(reported.name);
  const version = reported.fields.FIRMWARE_VERSION;
  return version && !name.includes(version) ? `${name} ${version}` : name;
}

function reduce(
  model: MarlinModel,
  event: Event,
  now: number,
  killFault: ((id: number) => MarlinFault) | undefined,
): ReduceResult<MarlinModel> {
  const notices: ProfileNotice[] = [];
  const endJob = (outcome: 'completed' | 'cancelled' | 'failed', reason?: string) => {
    if (model.printing || model.paused)
      notices.push({ type: 'job_outcome', outcome, ...(reason ? { reason } : {}) });
  };
  switch (event.kind) {
    case 'temperatures':
      return {
        model: {
          ...model,
          heaters: mergeHeaters(model.heaters, waitLineHeaters(event.raw, event.heaters)),
          // A line without `ok` is an autoreport, unless it is M109/M190's wait line (`W:` seconds
          // left): those come whether autoreport is on or not.
          ...(!event.withOk && !/\bW:/.test(event.raw) ? { autoreportAt: now } : {}),
        },
        notices,
      };
    case 'ok':
      // The firmware answers a line only once it ran it, so after the change has waited for the
      // person, an `ok` is a line run after the change: a host-streamed print goes on. An SD print
      // (`printing`) says so by its byte count instead, whatever a poll's answer meanwhile.
      if (model.filamentChange === 'waiting' && !model.printing)
        return { model: { ...model, filamentChange: false }, notices };
      return { model, notices };
    case 'resend':
      // `Resend: N` asks the host to send line N again: the print goes on. The gateway does not
      // stream G-code, so there is nothing to resend; the `Error:` line before it is the warning.
      return { model, notices };
    case 'progress':
      // Prusa prints both modes; the normal one is the default profile's and the one we keep.
      if (event.mode === 'silent' && model.reported) return { model, notices };
      return {
        model: { ...model, reported: { percent: event.percent, minutesLeft: event.minutesLeft } },
        notices,
      };
    case 'capability':
      return { model: { ...model, caps: { ...model.caps, [event.name]: event.enabled } }, notices };
    case 'sd-progress': {
      const printing = event.total > 0 && event.done < event.total;
      const moved = !model.sd || model.sd.done !== event.done || model.sd.total !== event.total;
      const movedAt = moved || !model.sd ? now : model.sd.movedAt;
      // Quiet since the count last moved or Marlin last said it was busy, whichever is later.
      const quietSince = Math.max(movedAt, model.busyAt ?? movedAt);
      // Bytes read again after a filament change: the change is over, the print goes on.
      const filamentChange = moved && model.sd !== undefined ? false : model.filamentChange;
      return {
        model: {
          ...model,
          sd: { done: event.done, total: event.total, movedAt },
          printing: printing || model.paused,
          sdStalled: printing && !moved && now - quietSince >= SD_STALL_MS,
          filamentChange,
        },
        notices,
      };
    }
    case 'sd-idle': {
      if (model.printing && !model.paused) endJob('cancelled', 'impression SD arrêtée');
      const { reported: _r, ...rest } = model;
      return {
        model: { ...rest, printing: false, paused: false, sdStalled: false, filamentChange: false },
        notices,
      };
    }
    case 'sd-done':
      endJob('completed');
      return {
        model: {
          ...model,
          printing: false,
          paused: false,
          sdStalled: false,
          filamentChange: false,
          ...(model.sd ? { sd: { ...model.sd, done: model.sd.total } } : {}),
        },
        notices,
      };
    case 'file-opened':
      notices.push({ type: 'job_name', name: event.name });
      return { model, notices };
    case 'action':
      // A pause with no job under way pauses nothing (a press on the printer's menu, a host's
      // leftover): it must not invent a job.
      if (event.action === 'pause' || event.action === 'paused')
        return { model: { ...model, paused: model.printing || model.paused }, notices };
      if (event.action === 'resume' || event.action === 'resumed')
        return { model: { ...model, paused: false, filamentChange: false }, notices };
      if (event.action === 'cancel') {
        endJob('cancelled', 'annulé depuis l’imprimante');
        return {
          model: { ...model, printing: false, paused: false, filamentChange: false },
          notices,
        };
      }
      return { model, notices };
    case 'busy':
      // During a filament change the firmware waits for the user: that pause is the change's and
      // ends with it, when bytes are read again or a line after it is answered.
      if (/paused for user/i.test(event.reason)) {
        if (model.filamentChange)
          return { model: { ...model, busyAt: now, filamentChange: 'waiting' }, notices };
        return {
          model: { ...model, busyAt: now, paused: model.printing || model.paused },
          notices,
        };
      }
      return { model: { ...model, busyAt: now }, notices };
    case 'firmware':
      return {
        model: {
          ...model,
          reported115: true,
          firmware: { name: event.name, fields: event.fields, multiline: false },
        },
        notices,
      };
    case 'firmware-field': {
      const known = model.firmware ?? { fields: {}, multiline: true };
      return {
        model: {
          ...model,
          firmware: {
            ...known,
            fields: { ...known.fields, [event.name]: event.value },
            multiline: true,
          },
        },
        notices,
      };
    }
    case 'position':
      return { model: { ...model, position: { x: event.x, y: event.y, z: event.z } }, notices };
    case 'kill': {
      const found = killFault?.(event.id);
      return found ? fault(model, found, event.raw, notices, endJob) : { model, notices };
    }
    case 'crash':
      notices.push({
        type: 'alarm',
        severity: 'warning',
        code: 'CRASH_DETECTED',
        message: `Crash detected on ${event.axes.split('').join(' and ')}: the printer re-homes and resumes`,
      });
      return { model, notices };
    case 'crash-detection':
      return { model: { ...model, crashDetection: event.enabled }, notices };
    case 'filament-change':
      // The firmware queues M600 itself only mid-print (a runout, the MMU): paused, even when the
      // print is streamed by a host and the profile sees no SD job (the gateway's host job then
      // carries `jobActive`). Someone changing filament from the menu prints none of these lines.
      return { model: { ...model, filamentChange: 'queued' }, notices };
    case 'error': {
      const found = faultFor(event.text);
      if (!found) {
        notices.push({
          type: 'alarm',
          severity: 'warning',
          code: 'ERROR',
          message: event.text.slice(0, 500),
        });
        return { model, notices };
      }
      if (found.link) {
        notices.push({ type: 'link_error', code: found.code });
        return { model, notices };
      }
      return fault(model, found, event.text, notices, endJob);
    }
    case 'start':
      // The board rebooted (reset button, DTR on open, power): a running print is gone.
      endJob('failed', 'l’imprimante a redémarré');
      return { model: initial, notices };
    default:
      return { model, notices };
  }
}

const heaterKeys: Record<string, [string, string]> = {
  T0: ['hotend_temp_c', 'hotend_target_c'],
  T1: ['hotend1_temp_c', 'hotend1_target_c'],
  B: ['bed_temp_c', 'bed_target_c'],
  // A second bed of a multi-bed build (`B1:`); `B0:` is the first, published as the bed.
  B1: ['bed1_temp_c', 'bed1_target_c'],
  C: ['chamber_temp_c', 'chamber_target_c'],
};

/**
 * The readings behind the published metrics. Marlin prints `T:` for the active hotend (M105's
 * target tool, `active_extruder` in autoreports), then `T0:` `T1:`… for each hotend when there are
 * several (Marlin/src/module/temperature.cpp, `print_heater_states`). `hotend_temp_c` is hotend 0:
 * `T0` when the line has it, else `T`, the only hotend (or, on Smoothieware-like lines with
 * `T:` `T1:` and no `T0:`, hotend 0 itself). With T1 active, `T` is T1's temperature, never T0's:
 * `T:77.1 /205.0 … T0:206.5 /205.0 T1:77.1 /205.0` (MarlinKimbra issue #88).
 */
function publishedHeaters(
  heaters: Readonly<Record<string, HeaterReading>>,
): [string, HeaterReading][] {
  const bedRenamed = !heaters.B && heaters.B0;
  const entries = Object.entries(heaters).map(([name, reading]): [string, HeaterReading] => [
    bedRenamed && name === 'B0' ? 'B' : name,
    reading,
  ]);
  if (heaters.T0 || !heaters.T) return entries;
  return entries.map(([name, reading]) => [name === 'T' ? 'T0' : name, reading]);
}

function snapshot(model: MarlinModel): MachineSnapshot {
  const metrics: Metrics = {};
  let heating = false;
  for (const [name, reading] of publishedHeaters(model.heaters)) {
    const keys = heaterKeys[name];
    if (!keys) continue;
    metrics[keys[0]] = reading.actual;
    if (reading.target !== undefined) {
      metrics[keys[1]] = reading.target;
      if (reading.target > 0 && reading.actual < reading.target - HEATING_MARGIN_C) heating = true;
    }
  }
  const jobActive = model.printing || model.paused;
  if (model.sd && model.sd.total > 0 && jobActive)
    metrics.progress_pct = Math.round((model.sd.done / model.sd.total) * 1000) / 10;
  // The firmware's own figures (from the slicer's M73) beat bytes read: they account for the print's shape.
  if (model.reported && jobActive) {
    if (model.reported.percent >= 0) metrics.progress_pct = model.reported.percent;
    if (model.reported.minutesLeft >= 0) metrics.time_left_s = model.reported.minutesLeft * 60;
  }
  if (model.position) {
    metrics.pos_x_mm = model.position.x;
    metrics.pos_y_mm = model.position.y;
    metrics.pos_z_mm = model.position.z;
  }
  if (model.halted)
    return { state: 'error', detail: 'halted', reason: model.halted.fr, metrics, jobActive: false };
  if (model.paused || model.filamentChange || (model.printing && model.sdStalled))
    return { state: 'paused', detail: 'hold', metrics, jobActive };
  if (model.printing && heating)
    return { state: 'preparing', detail: 'heating', metrics, jobActive };
  if (model.printing) return { state: 'running', metrics, jobActive };
  return { state: 'idle', metrics, jobActive: false };
}

/** Seconds between temperature autoreports we ask for (`M155 S2`). */
const AUTOREPORT_S = 2;
/** Autoreports missing this long (three intervals): poll `M105` until they come back. */
const AUTOREPORT_LATE_MS = 3 * AUTOREPORT_S * 1000;

/**
 * Marlin's line polls go once a second whatever the tick rate: each takes a slot in the printer's
 * small command queue (BUFSIZE 4) between the SD card's lines, and a second is plenty for a
 * temperature or a byte count (OctoPrint asks every 2 to 5 s).
 *
 * Autoreport is armed once (second 1, after the capabilities of second 0's answer) and re-armed
 * every 30 s, never more often: each `M155` restarts Marlin's report timer (`Temperature::
 * set_autoreport_interval` → `next_temp_report_ms`), so asking every second until a report arrives
 * means none ever does. While reports are late — not armed yet, or a firmware that says it can and
 * does not — temperatures are polled with `M105`. A printer identified by its boot banner has not
 * listed its capabilities: it is asked `M115` (and again every 30 s until it answers).
 */
function poll(
  model: MarlinModel,
  tick: number,
  ticksPerSecond: number,
  now: number | undefined,
): PollCommand[] {
  const commands: PollCommand[] = [];
  const perSecond = Math.max(1, Math.round(ticksPerSecond));
  if (tick % perSecond !== 0) return commands;
  const second = tick / perSecond;
  if (!model.reported115 && second % 30 === 0) commands.push({ command: 'M115' });
  const arm = second % 30 === 1;
  if (model.caps.AUTOREPORT_TEMP) {
    if (arm) commands.push({ command: `M155 S${AUTOREPORT_S}` });
    const late =
      model.autoreportAt === undefined
        ? second > AUTOREPORT_LATE_MS / 1000
        : now !== undefined && now - model.autoreportAt > AUTOREPORT_LATE_MS;
    if (late) commands.push({ command: 'M105' });
  } else commands.push({ command: 'M105' });
  if (model.caps.AUTOREPORT_SD_STATUS) {
    if (arm) commands.push({ command: 'M27 S2' });
  } else commands.push({ command: 'M27' });
  return commands;
}

export interface MarlinProfileOptions {
  readonly id: string;
  readonly label: string;
  readonly resetsOnOpen: boolean;
  readonly identify: (
    event: MarlinEvent | { kind: 'unknown'; raw: string },
  ) => FirmwareIdentity | null;
  /** Matchers tried before Marlin's own (a derivative's extra lines). */
  readonly extraMatchers?: readonly LineMatcher<MarlinEvent>[];
  /** A derivative's `KILL: <id>` line (Prusa): the fault each id stands for. */
  readonly killFault?: (id: number) => MarlinFault;
}

/** A Marlin-dialect profile; Prusa firmware is one with its own identity and M73 answer. */
export function createMarlinProfile(
  options: MarlinProfileOptions,
): SerialProfile<MarlinEvent, MarlinModel> {
  const matchers = [...(options.extraMatchers ?? []), ...MARLIN_MATCHERS];
  const parse = (line: string) => matchLine(matchers, line);
  return {
    id: options.id,
    label: options.label,
    transport: 'serial',
    kinds: ['printer'],
    defaultBaud: 115200,
    resetsOnOpen: options.resetsOnOpen,
    bannerTimeoutMs: 2500,
    identifyCommand: 'M115',
    eol: '\n',
    jobEndGraceMs: 5000,
    identify: (line) => options.identify(parse(line)),
    parse,
    // echo:Unknown command: "$I"    (Marlin's gcode.cpp; Prusa firmware says the same)
    isUnknownCommand: (event) => event.kind === 'echo' && /^Unknown command/i.test(event.text),
    // Every command ends with `ok` (M105's carries the temperatures: `ok T:210.0 /210.0 …`).
    isAck: (event) => event.kind === 'ok' || (event.kind === 'temperatures' && event.withOk),
    initialModel: () => initial,
    reduce: (model, event, now) => reduce(model, event, now, options.killFault),
    snapshot,
    firmware: firmwareOf,
    // Capabilities arrive after the FIRMWARE_NAME line: `poll` acts on them once they are known.
    setup: () => [],
    poll: (model, { tick, ticksPerSecond, now }) => poll(model, tick, ticksPerSecond ?? 1, now),
  };
}

export const marlinProfile = createMarlinProfile({
  id: 'marlin',
  label: 'Marlin 2.x',
  // Arduino Mega / most 8-bit boards reset when the port opens (DTR).
  resetsOnOpen: true,
  identify(event) {
    if (event.kind === 'firmware' && /marlin/i.test(event.name) && !/prusa/i.test(event.name)) {
      return { profile: 'marlin', firmware: firmwareName(event.name) };
    }
    if (event.kind === 'echo' && /^Marlin\s+\d/.test(event.text))
      return { profile: 'marlin', firmware: event.text };
    return null;
  },
});
