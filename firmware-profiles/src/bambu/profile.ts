/**
 * Bambu Lab printers in LAN mode (X1, P1, A1, H2 families): MQTT over TLS to the printer itself
 * (port 8883, user `bblp`, the access code shown on its screen, its own self-signed certificate).
 * The printer sends deltas; the gateway asks `pushall` at connect and every five minutes so that a
 * missed delta never leaves the wall wrong for long.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import {
  type ClockTick,
  matchMessage,
  type NetworkProfile,
  type NetworkSnapshot,
  tenth,
  type UnknownMessage,
} from '../network.js';
import type { ProfileNotice } from '../profile.js';
import { hmsEntry, hmsText, printErrorKey, printErrorText } from './codes.js';
import { type BambuEvent, type BambuStatus, bambuMatchers } from './parsers.js';
import { GCODE_STATES, PAUSED_STAGES, PREPARING_STAGES } from './states.js';

export interface BambuModel {
  /** Every field merged from the full reports and the deltas since. */
  readonly print: BambuStatus;
  readonly firmware?: string;
  /** HMS codes already reported as alarms (reported again only after they cleared). */
  readonly reportedHms: readonly string[];
}

function serialOf(device: { device?: string }): string {
  if (!device.device)
    throw new Error(
      'a Bambu Lab printer needs its serial number as `device` (e.g. 01S00C123456789)',
    );
  return device.device;
}

let sequence = 0;
const request = (serial: string, body: Record<string, unknown>) => ({
  topic: `device/${serial}/request`,
  payload: JSON.stringify(body),
});
const pushall = (serial: string) =>
  request(serial, { pushing: { sequence_id: String(sequence++), command: 'pushall' } });

const CANCELLED = '0300400C';
const ACTIVE = new Set(['PREPARE', 'SLICING', 'RUNNING', 'PAUSE']);

function merge(before: BambuStatus, delta: BambuStatus): BambuStatus {
  return { ...before, ...delta };
}

/** How a job that was under way ended, from the state it went to. */
function outcome(next: BambuStatus): ProfileNotice | null {
  switch (next.gcodeState) {
    case 'FINISH':
      return { type: 'job_outcome', outcome: 'completed' };
    case 'FAILED': {
      const error = next.printError ?? 0;
      // A stop from the screen or the app is a FAILED job with 0300_400C.
      if (error === 0 || printErrorKey(error) === CANCELLED)
        return { type: 'job_outcome', outcome: 'cancelled' };
      return { type: 'job_outcome', outcome: 'failed', reason: printErrorText(error) };
    }
    case 'IDLE':
      return { type: 'job_outcome', outcome: 'cancelled' };
    default:
      return null;
  }
}

function reduceStatus(
  model: BambuModel,
  delta: BambuStatus,
): { model: BambuModel; notices: ProfileNotice[] } {
  const before = model.print;
  const print = merge(before, delta);
  const notices: ProfileNotice[] = [];
  if (delta.subtask && delta.subtask !== before.subtask && ACTIVE.has(print.gcodeState ?? ''))
    notices.push({ type: 'job_name', name: delta.subtask });
  else if (
    delta.gcodeState &&
    ACTIVE.has(delta.gcodeState) &&
    !ACTIVE.has(before.gcodeState ?? '') &&
    print.subtask
  )
    notices.push({ type: 'job_name', name: print.subtask });
  if (
    delta.printError &&
    delta.printError !== before.printError &&
    printErrorKey(delta.printError) !== CANCELLED
  )
    notices.push({
      type: 'alarm',
      severity: 'error',
      code: `${printErrorKey(delta.printError).slice(0, 4)}_${printErrorKey(delta.printError).slice(4)}`,
      message: printErrorText(delta.printError),
    });
  let reportedHms = model.reportedHms;
  if (delta.hms) {
    const entries = delta.hms.map((h) => hmsEntry(h.attr, h.code));
    for (const entry of entries) {
      if (reportedHms.includes(entry.key)) continue;
      notices.push({
        type: 'alarm',
        severity: entry.severity === 'fatal' || entry.severity === 'serious' ? 'error' : 'warning',
        code: entry.code,
        message: hmsText(entry),
      });
    }
    reportedHms = entries.map((e) => e.key);
  }
  if (ACTIVE.has(before.gcodeState ?? '') && delta.gcodeState && !ACTIVE.has(delta.gcodeState)) {
    const end = outcome(print);
    if (end) notices.push(end);
  }
  return { model: { ...model, print, reportedHms }, notices };
}

function snapshot(model: BambuModel): NetworkSnapshot {
  const p = model.print;
  const metrics: Metrics = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined) metrics[key] = value;
  };
  put('hotend_temp_c', p.nozzleC !== undefined ? tenth(p.nozzleC) : undefined);
  put('hotend_target_c', p.nozzleTargetC !== undefined ? tenth(p.nozzleTargetC) : undefined);
  put('bed_temp_c', p.bedC !== undefined ? tenth(p.bedC) : undefined);
  put('bed_target_c', p.bedTargetC !== undefined ? tenth(p.bedTargetC) : undefined);
  // P1 and A1 printers have no chamber sensor and report a constant 5 °C.
  put(
    'chamber_temp_c',
    p.chamberC !== undefined && p.chamberC !== 5 ? tenth(p.chamberC) : undefined,
  );
  const row = GCODE_STATES[p.gcodeState ?? ''] ?? { state: 'idle' as const, jobActive: false };
  if (row.jobActive) {
    put('progress_pct', p.percent);
    put('time_left_s', p.remainingMinutes !== undefined ? p.remainingMinutes * 60 : undefined);
    put('layer_count', p.layer);
    put('layer_total_count', p.totalLayers);
  }
  const tray = p.trayNow !== undefined ? p.trays?.find((t) => t.index === p.trayNow) : undefined;
  if (tray?.remainPct !== undefined && tray.remainPct >= 0)
    put('filament_remaining_pct', tray.remainPct);

  const fatal = (p.hms ?? [])
    .map((h) => hmsEntry(h.attr, h.code))
    .find((e) => e.severity === 'fatal');
  if (fatal)
    return {
      state: 'error',
      detail: 'halted',
      reason: hmsText(fatal),
      metrics,
      jobActive: row.jobActive,
    };
  const errorReason = p.printError ? printErrorText(p.printError) : undefined;
  if (p.gcodeState === 'RUNNING' && p.stage !== undefined) {
    if (PAUSED_STAGES.has(p.stage))
      return {
        state: 'paused',
        detail: 'hold',
        ...(errorReason ? { reason: errorReason } : {}),
        metrics,
        jobActive: true,
      };
    if (p.stage in PREPARING_STAGES) {
      const detail = PREPARING_STAGES[p.stage];
      return { state: 'preparing', ...(detail ? { detail } : {}), metrics, jobActive: true };
    }
  }
  const reason = p.gcodeState === 'PAUSE' || p.gcodeState === 'FAILED' ? errorReason : undefined;
  return {
    state: row.state,
    ...(row.detail ? { detail: row.detail } : {}),
    ...(reason ? { reason } : {}),
    metrics,
    jobActive: row.jobActive,
  };
}

export const bambuProfile: NetworkProfile<BambuEvent, BambuModel> = {
  id: 'bambu',
  label: 'Bambu Lab (mode LAN, MQTT sur TLS)',
  kinds: ['printer'],
  transports: ['mqtt'],
  needsDevice: true,
  needsPower: false,
  // The printer says FINISH or FAILED itself; the grace only covers a lost end.
  jobEndGraceMs: 10_000,
  mqtt: {
    defaultPort: 8883,
    tls: true,
    defaultUsername: 'bblp',
    subscriptions: (device) => [`device/${serialOf(device)}/report`],
    sourceOf: (topic, device) => (topic === `device/${serialOf(device)}/report` ? 'report' : null),
    onConnect: (device) => [
      pushall(serialOf(device)),
      request(serialOf(device), {
        info: { sequence_id: String(sequence++), command: 'get_version' },
      }),
    ],
    // Slow: a P1's small CPU suffers from frequent full reports.
    refresh: { everyMs: 5 * 60_000, messages: (device) => [pushall(serialOf(device))] },
  },

  parse: (message) => matchMessage(bambuMatchers, message),
  initialModel: () => ({ print: {}, reportedHms: [] }),
  reduce(model, event: BambuEvent | UnknownMessage | ClockTick) {
    switch (event.kind) {
      case 'status':
        return reduceStatus(model, event.status);
      case 'version':
        return { model: { ...model, firmware: event.firmware }, notices: [] };
      default:
        return { model, notices: [] };
    }
  },
  snapshot,
  firmware: (model) => model.firmware,
};
