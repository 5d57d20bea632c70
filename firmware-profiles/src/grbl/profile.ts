/**
 * GRBL 1.1 and its heirs as a `SerialProfile`. `createGrblProfile` is shared by grblHAL and
 * FluidNC, which differ by their banner and their code tables (data, not branches).
 *
 * What the model keeps and why:
 * - GRBL sends `WCO:` and `Ov:` only every 10–30 reports (or on change): the last known values are
 *   kept, a missing field is not a zero.
 * - `A:` appears only while an accessory is on, so a report without it means all off.
 * - `$32` (laser mode) and `$30` (max spindle) come from the `$$` dump asked at setup; the beam is
 *   on when laser mode is set, the machine is in Run and S > 0.
 * - GRBL has no notion of a job: one runs from the first `Run` until the machine is back to
 *   `Idle`; the gateway's grace period bridges a sender's short gaps. An alarm ends it as failed;
 *   a reset (new banner, or Idle straight after a hold) as cancelled.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import type { FirmwareIdentity, MachineSnapshot, ProfileNotice, ReduceResult, SerialProfile } from '../profile.js';
import { alarmText, errorText, GRBL_CODES, type CodeTables } from './codes.js';
import { matchLine, type LineMatcher } from '../match.js';
import { GRBL_MATCHERS, parseGrblLine, type Axes, type GrblEvent } from './matchers.js';
import { GRBL_STATES, isGrblState, type GrblState } from './states.js';

export interface GrblModel {
  readonly state: GrblState | undefined;
  readonly mpos?: Axes;
  readonly wpos?: Axes;
  readonly wco?: Axes;
  readonly feed?: number;
  readonly spindle?: number;
  readonly overrides?: { readonly feed: number; readonly rapid: number; readonly spindle: number };
  readonly accessories: string;
  readonly laserMode?: boolean;
  readonly maxSpindle?: number;
  readonly sdPercent?: number;
  readonly jobActive: boolean;
  /** The job was held (feed hold, door) and has not resumed since: Idle now means cancelled. */
  readonly heldSinceRun: boolean;
  readonly alarm?: { readonly code: number; readonly fr: string };
}

type Event = GrblEvent | { kind: 'unknown'; raw: string };

const initial: GrblModel = { state: undefined, accessories: '', jobActive: false, heldSinceRun: false };

export interface GrblProfileOptions {
  readonly id: string;
  readonly label: string;
  readonly variant: 'grbl' | 'grblhal' | 'fluidnc';
  readonly codes: CodeTables;
  readonly resetsOnOpen: boolean;
  /** Matchers tried before GRBL's own (a derivative's own lines). */
  readonly extraMatchers?: readonly LineMatcher<GrblEvent>[];
  /** Replaces the banner/`$I` identification (a derivative that does not say "Grbl"). */
  readonly identify?: (event: Event) => FirmwareIdentity | null;
  readonly identifyCommand?: string;
}

function reduce(codes: CodeTables, model: GrblModel, event: Event): ReduceResult<GrblModel> {
  const notices: ProfileNotice[] = [];
  const endJob = (outcome: 'failed' | 'cancelled', reason: string) => {
    if (model.jobActive) notices.push({ type: 'job_outcome', outcome, reason });
  };
  switch (event.kind) {
    case 'status': {
      if (!isGrblState(event.state)) return { model, notices };
      const state = event.state;
      let jobActive = model.jobActive;
      let heldSinceRun = model.heldSinceRun;
      if (state === 'Run') {
        jobActive = true;
        heldSinceRun = false;
      } else if (state === 'Hold' || state === 'Door' || state === 'Tool') {
        if (jobActive) heldSinceRun = true;
      } else if (state === 'Idle' && model.jobActive && model.heldSinceRun) {
        endJob('cancelled', 'travail interrompu après une pause (réinitialisation)');
        jobActive = false;
        heldSinceRun = false;
      } else if (state === 'Alarm' && model.jobActive) {
        endJob('failed', model.alarm?.fr ?? 'alarme');
        jobActive = false;
      } else if (state === 'Idle') {
        jobActive = false;
      }
      // GRBL sends MPos or WPos (per $10), Smoothieware both: keep exactly what this report carried.
      const { mpos: _m, wpos: _w, ...rest } = model;
      const position =
        event.mpos || event.wpos
          ? { ...(event.mpos ? { mpos: event.mpos } : {}), ...(event.wpos ? { wpos: event.wpos } : {}) }
          : { ...(_m ? { mpos: _m } : {}), ...(_w ? { wpos: _w } : {}) };
      const next: GrblModel = {
        ...rest,
        state,
        ...position,
        ...(event.wco ? { wco: event.wco } : {}),
        ...(event.feed !== undefined ? { feed: event.feed } : {}),
        ...(event.spindle !== undefined ? { spindle: event.spindle } : {}),
        ...(event.overrides ? { overrides: event.overrides } : {}),
        ...(event.sd ? { sdPercent: event.sd.percent } : {}),
        accessories: event.accessories ?? '',
        jobActive,
        heldSinceRun,
      };
      if (state !== 'Alarm') delete (next as { alarm?: unknown }).alarm;
      return { model: next, notices };
    }
    case 'alarm': {
      const text = alarmText(codes, event.code);
      notices.push({ type: 'alarm', severity: 'error', code: `ALARM:${event.code}`, message: text.en });
      endJob('failed', text.fr);
      // GRBL stops everything on an alarm: motion, spindle, laser.
      return {
        model: { ...model, state: 'Alarm', alarm: { code: event.code, fr: text.fr }, feed: 0, spindle: 0, accessories: '', jobActive: false, heldSinceRun: false },
        notices,
      };
    }
    case 'halt': {
      const fr = `Machine arrêtée : ${event.text === '!!' ? 'arrêt' : event.text} (réinitialiser ou M999)`;
      notices.push({ type: 'alarm', severity: 'error', code: 'HALT', message: event.text });
      endJob('failed', fr);
      // "!!" repeats a halt already explained: keep the first, more telling text.
      const alarm = event.text === '!!' && model.alarm ? model.alarm : { code: 0, fr };
      return { model: { ...model, state: 'Alarm', alarm, feed: 0, spindle: 0, accessories: '', jobActive: false, heldSinceRun: false }, notices };
    }
    case 'error': {
      const text = event.code !== null ? errorText(codes, event.code).en : (event.text ?? 'error');
      notices.push({ type: 'alarm', severity: 'warning', code: event.code !== null ? `error:${event.code}` : 'error', message: text });
      return { model, notices };
    }
    case 'banner':
      // A banner mid-session is a reset (Ctrl-X, or the board rebooted): whatever ran is over.
      endJob('cancelled', 'machine réinitialisée');
      return { model: { ...initial, ...(model.laserMode !== undefined ? { laserMode: model.laserMode } : {}), ...(model.maxSpindle !== undefined ? { maxSpindle: model.maxSpindle } : {}) }, notices };
    case 'message':
      if (/^Reset to continue/i.test(event.text)) endJob('cancelled', 'machine réinitialisée');
      return { model: /^Reset to continue/i.test(event.text) ? { ...model, jobActive: false, heldSinceRun: false } : model, notices };
    case 'setting':
      if (event.id === 32) return { model: { ...model, laserMode: event.value === '1' }, notices };
      if (event.id === 30) {
        const max = Number(event.value);
        return { model: Number.isFinite(max) && max > 0 ? { ...model, maxSpindle: max } : model, notices };
      }
      return { model, notices };
    default:
      return { model, notices };
  }
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

function snapshot(model: GrblModel): MachineSnapshot {
  const mapped = model.state ? GRBL_STATES[model.state] : { state: 'idle' as const };
  const metrics: Metrics = {};
  if (model.feed !== undefined) metrics.feed_mm_min = model.feed;
  const laser = model.laserMode === true;
  if (model.spindle !== undefined) {
    if (!laser) metrics.spindle_rpm = model.spindle;
    else if (model.maxSpindle) metrics.laser_power_pct = round((model.spindle / model.maxSpindle) * 100, 1);
  }
  if (model.overrides) {
    metrics.feed_override_pct = model.overrides.feed;
    metrics.spindle_override_pct = model.overrides.spindle;
  }
  const work = model.wpos ?? (model.mpos && model.wco ? model.mpos.map((v, i) => v - (model.wco?.[i] ?? 0)) : model.mpos);
  if (work) {
    const [x, y, z] = work;
    if (x !== undefined) metrics.pos_x_mm = round(x);
    if (y !== undefined) metrics.pos_y_mm = round(y);
    if (z !== undefined) metrics.pos_z_mm = round(z);
  }
  if (model.sdPercent !== undefined && model.jobActive) metrics.progress_pct = model.sdPercent;
  const toolOn = /[SC]/.test(model.accessories) || (model.spindle ?? 0) > 0;
  return {
    state: mapped.state,
    ...(mapped.detail ? { detail: mapped.detail } : {}),
    ...(model.state === 'Alarm' ? { reason: model.alarm?.fr ?? 'Alarme : déverrouiller ($X) ou refaire l’origine ($H)' } : {}),
    metrics,
    jobActive: model.jobActive,
    ...(laser ? { beamOn: model.state === 'Run' && toolOn } : { spindleOn: toolOn }),
  };
}

export function createGrblProfile(options: GrblProfileOptions): SerialProfile<GrblEvent, GrblModel> {
  const parse = options.extraMatchers ? (line: string) => matchLine([...options.extraMatchers!, ...GRBL_MATCHERS], line) : parseGrblLine;
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
    identify(line): FirmwareIdentity | null {
      const event = parse(line);
      if (options.identify) return options.identify(event);
      if (event.kind === 'banner') return event.variant === options.variant ? { profile: options.id, firmware: event.firmware } : null;
      // Without a banner (the board did not reset on open), `$I` tells: grblHAL adds [FIRMWARE:grblHAL],
      // FluidNC names itself in [VER:], and GRBL 1.1's last release is dated 2019 while grblHAL,
      // which also says 1.1f, has been built since 2020.
      if (options.variant === 'grblhal' && event.kind === 'feedback' && event.tag === 'FIRMWARE' && /grblHAL/i.test(event.value)) {
        return { profile: options.id, firmware: 'grblHAL' };
      }
      if (event.kind !== 'version') return null;
      const fluid = /FluidNC\s+v?(\S+)/.exec(`${event.version} ${event.info}`);
      if (options.variant === 'fluidnc' && fluid) return { profile: options.id, firmware: `FluidNC ${fluid[1]}` };
      const grbl = /^(1\.1[a-z])\.(\d{8})$/.exec(event.version);
      if (options.variant === 'grbl' && grbl && Number(grbl[2]) < 20200101) return { profile: options.id, firmware: `Grbl ${grbl[1]}` };
      return null;
    },
    parse,
    initialModel: () => initial,
    reduce: (model, event) => reduce(options.codes, model, event),
    snapshot,
    // The settings dump tells laser mode ($32) and the spindle's maximum ($30).
    setup: () => ['$$'],
    poll: (_model, { tick }) => (tick % 25 === 24 ? [{ command: '?', realtime: true }, { command: '$G' }] : [{ command: '?', realtime: true }]),
  };
}

/** GRBL 1.1 on an Arduino Uno/Nano: the board resets when the port opens (DTR). */
export const grblProfile = createGrblProfile({ id: 'grbl', label: 'GRBL 1.1', variant: 'grbl', codes: GRBL_CODES, resetsOnOpen: true });
