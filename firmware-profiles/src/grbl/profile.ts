/**
 * GRBL 1.1 and its heirs as a `SerialProfile`. `createGrblProfile` is shared by grblHAL, FluidNC
 * and Smoothieware, which differ by their banner, a few lines of their own and their code tables
 * (data, not branches).
 *
 * What the model keeps and why:
 * - GRBL sends `WCO:` only every 10–30 reports (or when it changes) and `Ov:` likewise, to save
 *   serial bandwidth (interface.md, "WCO" and "Ov" fields). A report without them means "unchanged",
 *   not zero: the model keeps the last values. Both counters restart at reset, so the first report
 *   after a banner carries them again; the model drops them at a banner for that reason.
 * - `A:` is sent only while an accessory is on, and only in a report that carries `Ov:`: a report
 *   with `Ov:` and without `A:` means all off; a report without either says nothing (last state holds).
 * - `SD:` (FluidNC) is in every report while a file runs from the card: without it, no progress.
 * - `$32` (laser mode), `$30` (max S) and `$10` come from the `$$` dump asked at setup
 *   (`settings.ts`); EEPROM settings survive a reset, so the model keeps them across banners.
 * - GRBL has no notion of a job: one runs from the first `Run` until the machine is back to
 *   `Idle`; the gateway's grace period (`jobEndGraceMs`) bridges a sender's short gaps. An alarm
 *   ends it as failed; a reset (new banner, `[MSG:Reset to continue]`, or Idle straight after a
 *   feed hold or door without resuming) as cancelled. grblHAL's `Tool` state pauses the job too,
 *   but Idle after it is how a finished tool change resumes, not a reset.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import { matchLine, type LineMatcher } from '../match.js';
import type {
  FirmwareIdentity,
  MachineSnapshot,
  ProfileNotice,
  ReduceResult,
  SerialProfile,
  UnknownLine,
} from '../profile.js';
import { alarmText, errorText, GRBL_CODES, type CodeTables } from './codes.js';
import { GRBL_MATCHERS, type Axes, type GrblEvent, type Variant } from './matchers.js';
import { applySetting, type GrblSettings } from './settings.js';
import { GRBL_STATES, isGrblState, type GrblState } from './states.js';

export interface GrblModel {
  readonly state: GrblState | undefined;
  readonly substate?: number;
  readonly mpos?: Axes;
  readonly wpos?: Axes;
  /** Last work coordinate offset seen; kept until the next `WCO:`. */
  readonly wco?: Axes;
  readonly feed?: number;
  readonly spindle?: number;
  /** Last overrides seen; kept until the next `Ov:`. */
  readonly overrides?: { readonly feed: number; readonly rapid: number; readonly spindle: number };
  /** Smoothieware's feed override (from `F:feed,override`). */
  readonly feedOverride?: number;
  readonly accessories: string;
  /** A report with `Ov:` was seen: `accessories` then says whether the spindle turns. */
  readonly accessoriesKnown?: boolean;
  /** The spindle's modal state from `$G` (`M3`, `M4`, `M5`), when asked. */
  readonly spindleMode?: 'M3' | 'M4' | 'M5';
  readonly settings: GrblSettings;
  readonly sdPercent?: number;
  readonly jobActive: boolean;
  /** The job was held (feed hold, door, tool change) and has not resumed since: Idle now means cancelled. */
  readonly heldSinceRun: boolean;
  /** Why the machine is in alarm, in French, for the wall. */
  readonly alarm?: { readonly code: string; readonly fr: string };
}

type Event = GrblEvent | UnknownLine;

const initial: GrblModel = {
  state: undefined,
  accessories: '',
  settings: {},
  jobActive: false,
  heldSinceRun: false,
};

export interface GrblProfileOptions {
  readonly id: string;
  readonly label: string;
  /** Which banner is this profile's own. */
  readonly variant: Variant;
  readonly codes: CodeTables;
  readonly resetsOnOpen: boolean;
  /** Matchers tried before GRBL's own (a derivative's own lines). */
  readonly extraMatchers?: readonly LineMatcher<GrblEvent>[];
  /** Replaces the banner/`$I` identification (a derivative that identifies otherwise). */
  readonly identify?: (event: Event) => FirmwareIdentity | null;
  readonly identifyCommand?: string;
  /** Sent once identified; GRBL's `$$` by default. */
  readonly setup?: readonly string[];
}

function endJob(
  model: GrblModel,
  notices: ProfileNotice[],
  outcome: 'completed' | 'failed' | 'cancelled',
  reason?: string,
): void {
  if (model.jobActive)
    notices.push({ type: 'job_outcome', outcome, ...(reason !== undefined ? { reason } : {}) });
}

const STOPPED = {
  feed: 0,
  spindle: 0,
  accessories: '',
  jobActive: false,
  heldSinceRun: false,
} as const;

function reduceStatus(
  model: GrblModel,
  event: Extract<GrblEvent, { kind: 'status' }>,
  notices: ProfileNotice[],
): GrblModel {
  if (!isGrblState(event.state)) return model;
  const state = event.state;
  let { jobActive, heldSinceRun } = model;
  if (state === 'Run') {
    jobActive = true;
    heldSinceRun = false;
  } else if (state === 'Hold' || state === 'Door') {
    if (jobActive) heldSinceRun = true;
  } else if (state === 'Alarm') {
    // The ALARM:N line may have been lost (port opened mid-alarm): the report alone ends the job.
    endJob(model, notices, 'failed', model.alarm?.fr ?? 'alarme');
    jobActive = false;
    heldSinceRun = false;
  } else if (state === 'Idle') {
    if (model.heldSinceRun)
      endJob(model, notices, 'cancelled', 'travail abandonné pendant une pause (réinitialisation)');
    jobActive = false;
    heldSinceRun = false;
  }
  // grblHAL's `Tool` (waiting for a manual tool change) pauses the job but does not arm the rule
  // above: once the change is done grblHAL goes Idle, then Run only if motion is already queued,
  // and pushes a report (state_machine.c, `state_await_toolchanged`), so Tool → Idle → Run is the
  // normal way out, not a reset. A reset during a tool change prints the banner (cancelled there);
  // otherwise the gateway's grace period bridges the Idle and the job stays one.
  // A report carries MPos or WPos (per $10), Smoothieware both: keep exactly what it carried.
  const { mpos, wpos, substate: _s, ...rest } = model;
  const position =
    event.mpos || event.wpos ? { mpos: event.mpos, wpos: event.wpos } : { mpos, wpos };
  const next: GrblModel = {
    ...rest,
    state,
    ...(event.substate !== undefined ? { substate: event.substate } : {}),
    ...(position.mpos ? { mpos: position.mpos } : {}),
    ...(position.wpos ? { wpos: position.wpos } : {}),
    ...(event.wco ? { wco: event.wco } : {}),
    ...(event.feed !== undefined ? { feed: event.feed } : {}),
    ...(event.spindle !== undefined ? { spindle: event.spindle } : {}),
    ...(event.overrides ? { overrides: event.overrides } : {}),
    ...(event.feedOverride !== undefined ? { feedOverride: event.feedOverride } : {}),
    // `A:` comes only with `Ov:` (interface.md, "Accessory State"): its absence means all off
    // only in a report that carries `Ov:`; in the others nothing is said, the last state holds.
    accessories: event.accessories ?? (event.overrides ? '' : model.accessories),
    ...(event.overrides || model.accessoriesKnown ? { accessoriesKnown: true } : {}),
    jobActive,
    heldSinceRun,
  };
  const { sdPercent: _p, alarm, ...kept } = next;
  return {
    ...kept,
    ...(event.sd ? { sdPercent: event.sd.percent } : {}),
    ...(state === 'Alarm' && alarm ? { alarm } : {}),
  };
}

function reduce(codes: CodeTables, model: GrblModel, event: Event): ReduceResult<GrblModel> {
  const notices: ProfileNotice[] = [];
  switch (event.kind) {
    case 'status':
      return { model: reduceStatus(model, event, notices), notices };
    case 'alarm': {
      const text =
        event.code !== null
          ? alarmText(codes, event.code)
          : { fr: `Alarme : ${event.text ?? 'inconnue'}`, en: `Alarm: ${event.text ?? 'unknown'}` };
      const code = event.code !== null ? `ALARM:${event.code}` : 'ALARM';
      notices.push({ type: 'alarm', severity: 'error', code, message: text.en });
      endJob(model, notices, 'failed', text.fr);
      // GRBL stops everything on an alarm: motion, spindle, laser.
      return {
        model: { ...model, state: 'Alarm', alarm: { code, fr: text.fr }, ...STOPPED },
        notices,
      };
    }
    case 'halt': {
      const fr = `Machine arrêtée : ${event.text === '!!' ? 'arrêt' : event.text} (réinitialiser ou M999)`;
      notices.push({ type: 'alarm', severity: 'error', code: 'HALT', message: event.text });
      endJob(model, notices, 'failed', fr);
      // "!!" repeats a halt already explained: keep the first, more telling text.
      const alarm = event.text === '!!' && model.alarm ? model.alarm : { code: 'HALT', fr };
      return { model: { ...model, state: 'Alarm', alarm, ...STOPPED }, notices };
    }
    case 'error': {
      const message =
        event.code !== null ? errorText(codes, event.code).en : (event.text ?? 'error');
      notices.push({
        type: 'alarm',
        severity: 'warning',
        code: event.code !== null ? `error:${event.code}` : 'error',
        message,
      });
      return { model, notices };
    }
    case 'banner': {
      // A banner mid-session is a reset (Ctrl-X, or the board rebooted): whatever ran is over.
      endJob(model, notices, 'cancelled', 'machine réinitialisée');
      // A reset does not clear an alarm: GRBL comes back locked (`[MSG:'$H'|'$X' to unlock]`)
      // and says `Alarm` in its next report. Keep the alarm and its reason until a report says
      // otherwise, instead of showing idle in between and a generic alarm after.
      const alarmed = model.state === 'Alarm' && model.alarm ? { alarm: model.alarm } : {};
      return {
        model: {
          ...initial,
          settings: model.settings,
          ...(model.state === 'Alarm' ? { state: 'Alarm' as const } : {}),
          ...alarmed,
        },
        notices,
      };
    }
    case 'gcode-state': {
      const mode = event.modes.find((m) => /^M0?[345]$/.test(m));
      if (!mode) return { model, notices };
      const spindleMode = `M${mode.slice(-1)}` as 'M3' | 'M4' | 'M5';
      return { model: { ...model, spindleMode }, notices };
    }
    case 'message': {
      // FluidNC prefixes its log level: [MSG:INFO: Program End] (FluidNC/src/Report.cpp, MessageText).
      const text = event.text.trim().replace(/^INFO:\s*/, '');
      // [MSG:Pgm End]: M2/M30 ran, once the motion before it was done (interface.md): the program
      // is complete now, not after the grace period that bridges a sender's gaps.
      // ['$H'|'$X' to unlock]: GRBL is locked in alarm (after a reset, or at power-up with homing).
      if (/^'\$H'\|'\$X' to unlock$/.test(text) && model.state !== 'Alarm')
        return { model: { ...model, state: 'Alarm', ...STOPPED }, notices };
      if (/^(?:Pgm End|Program End)$/i.test(text)) endJob(model, notices, 'completed');
      else if (/^(?:Reset to continue|RST)$/i.test(text))
        endJob(model, notices, 'cancelled', 'machine réinitialisée');
      else return { model, notices };
      return { model: { ...model, jobActive: false, heldSinceRun: false }, notices };
    }
    case 'setting':
      return {
        model: { ...model, settings: applySetting(model.settings, event.id, event.value) },
        notices,
      };
    default:
      return { model, notices };
  }
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Work position: WPos when the report has it, else MPos − the last WCO; none until a WCO is known. */
function workPosition(model: GrblModel): Axes | undefined {
  if (model.wpos) return model.wpos;
  const { mpos, wco } = model;
  return mpos && wco ? mpos.map((v, i) => v - (wco[i] ?? 0)) : undefined;
}

function snapshot(model: GrblModel): MachineSnapshot {
  // A jog during a job (touching off a new tool, moving clear of a clamp) pauses that job; a jog
  // alone is someone moving the head by hand, not a job.
  const mapped =
    model.state === 'Jog' && model.jobActive
      ? { state: 'paused' as const, detail: 'jogging' as const }
      : model.state
        ? GRBL_STATES[model.state]
        : { state: 'idle' as const };
  const metrics: Metrics = {};
  const laser = model.settings.laserMode === true;
  // Spindle on means M3/M4 in force, not S > 0: FluidNC keeps reporting the programmed S after M5.
  // `A:S`/`A:C` says it once a report with `Ov:` was seen; before that, `$G`'s mode, else S.
  const toolOn = model.accessoriesKnown
    ? /[SC]/.test(model.accessories)
    : model.spindleMode
      ? model.spindleMode !== 'M5' && (model.spindle ?? 0) > 0
      : (model.spindle ?? 0) > 0;
  if (model.feed !== undefined) metrics.feed_mm_min = model.feed;
  if (model.spindle !== undefined) {
    if (!laser) metrics.spindle_rpm = toolOn ? model.spindle : 0;
    else if (model.settings.maxSpindle)
      metrics.laser_power_pct = round(
        Math.min(100, (model.spindle / model.settings.maxSpindle) * 100),
        1,
      );
  }
  const feedOverride = model.overrides?.feed ?? model.feedOverride;
  if (feedOverride !== undefined) metrics.feed_override_pct = feedOverride;
  if (model.overrides) metrics.spindle_override_pct = model.overrides.spindle;
  const [x, y, z] = workPosition(model) ?? [];
  if (x !== undefined) metrics.pos_x_mm = round(x);
  if (y !== undefined) metrics.pos_y_mm = round(y);
  if (z !== undefined) metrics.pos_z_mm = round(z);
  if (model.sdPercent !== undefined && model.jobActive) metrics.progress_pct = model.sdPercent;
  return {
    state: mapped.state,
    ...(mapped.detail ? { detail: mapped.detail } : {}),
    ...(model.state === 'Alarm'
      ? { reason: model.alarm?.fr ?? 'Alarme : déverrouiller ($X) ou refaire l’origine ($H)' }
      : {}),
    metrics,
    jobActive: model.jobActive,
    ...(laser ? { beamOn: model.state === 'Run' && toolOn } : { spindleOn: toolOn }),
  };
}

/** GRBL's last 1.1 release is dated 2019-08-30; grblHAL, which also says 1.1f, is built since 2020. */
const LAST_GRBL_BUILD = 20200101;

function identifyByDefault(variant: Variant, id: string, event: Event): FirmwareIdentity | null {
  // Ortur's boards (GRBL 1.1f on an STM32) greet with their model before GRBL's banner.
  if (variant === 'grbl' && event.kind === 'vendor' && event.model)
    return {
      profile: id,
      firmware: `${event.vendor} ${event.model}`,
      capabilities: { VENDOR: event.vendor },
    };
  if (event.kind === 'banner')
    return event.variant === variant ? { profile: id, firmware: event.firmware } : null;
  // Without a banner (the board did not reset on open), `$I` tells.
  if (
    variant === 'grblhal' &&
    event.kind === 'feedback' &&
    event.tag === 'FIRMWARE' &&
    /grblHAL/i.test(event.value)
  ) {
    return { profile: id, firmware: 'grblHAL' };
  }
  if (event.kind !== 'version') return null;
  const fluid = /FluidNC\s+v?(\S+)/.exec(`${event.version} ${event.info}`);
  if (variant === 'fluidnc' && fluid) return { profile: id, firmware: `FluidNC ${fluid[1]}` };
  const grbl = /^([01]\.\d[a-z]?)\.(\d{8})$/.exec(event.version);
  if (variant === 'grbl' && grbl && Number(grbl[2]) < LAST_GRBL_BUILD)
    return { profile: id, firmware: `Grbl ${grbl[1]}` };
  return null;
}

/**
 * A GRBL-dialect profile: GRBL's matchers (after the variant's own), state table and model, with
 * the variant's banner and code tables.
 * @example
 * export const grblhalProfile = createGrblProfile({
 *   id: 'grblhal', label: 'grblHAL', variant: 'grblhal', codes: GRBLHAL_CODES, resetsOnOpen: false,
 * });
 */
export function createGrblProfile(
  options: GrblProfileOptions,
): SerialProfile<GrblEvent, GrblModel> {
  const matchers = [...(options.extraMatchers ?? []), ...GRBL_MATCHERS];
  const parse = (line: string) => matchLine(matchers, line);
  const setup = options.setup ?? ['$$'];
  return {
    id: options.id,
    label: options.label,
    transport: 'serial',
    kinds: ['laser', 'cnc'],
    defaultBaud: 115200,
    resetsOnOpen: options.resetsOnOpen,
    bannerTimeoutMs: 2500,
    identifyCommand: options.identifyCommand ?? '$I',
    eol: '\n',
    jobEndGraceMs: 15_000,
    identify(line) {
      const event = parse(line);
      return options.identify
        ? options.identify(event)
        : identifyByDefault(options.variant, options.id, event);
    },
    parse,
    // GRBL answers any line it cannot run with `error:N` (20: unsupported command, 1: no letter,
    // 3: unknown `$` command); Smoothieware with `error:Unsupported command - …`.
    isUnknownCommand: (event) => event.kind === 'error',
    // Every line command gets exactly one `ok` or `error:N` (interface.md, "Streaming protocol").
    isAck: (event) => event.kind === 'ok' || event.kind === 'error',
    initialModel: () => initial,
    reduce: (model, event) => reduce(options.codes, model, event),
    snapshot,
    setup: () => setup,
    // `?` is realtime: answered at once, even mid-job, without taking a place in the line buffer.
    // `$G` (modal state) is a line command; now and then is enough.
    poll: (_model, { tick }) =>
      tick % 25 === 24
        ? [{ command: '?', realtime: true }, { command: '$G' }]
        : [{ command: '?', realtime: true }],
  };
}

/** GRBL 1.1 on an Arduino Uno/Nano: the board resets when the port opens (DTR → auto-reset). */
export const grblProfile = createGrblProfile({
  id: 'grbl',
  label: 'GRBL 1.1',
  variant: 'grbl',
  codes: GRBL_CODES,
  resetsOnOpen: true,
});
