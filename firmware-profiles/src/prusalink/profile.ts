/**
 * Prusa printers through PrusaLink's v1 HTTP API, polled every two seconds, with the printer's API
 * key (`X-Api-Key`) or its digest password (user `maker`). The job's end is the printer's own word:
 * FINISHED, STOPPED or ERROR after printing.
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
import { type PrinterState, type PrusaLinkEvent, prusalinkMatchers } from './parsers.js';

type Status = Extract<PrusaLinkEvent, { kind: 'status' }>;

export interface PrusaLinkModel {
  readonly status?: Omit<Status, 'kind' | 'source'>;
  /** Job names by id, from /api/v1/job. */
  readonly names: Readonly<Record<number, string>>;
}

const ACTIVE: ReadonlySet<PrinterState> = new Set(['PRINTING', 'PAUSED', 'ATTENTION', 'BUSY']);

function isActive(status: PrusaLinkModel['status']): boolean {
  // BUSY without a job is a calibration or a filament load, not a job.
  return Boolean(status && ACTIVE.has(status.state) && (status.state !== 'BUSY' || status.job));
}

function ending(
  before: PrusaLinkModel['status'],
  next: PrusaLinkModel['status'],
): ProfileNotice | null {
  if (!isActive(before) || isActive(next) || !next) return null;
  if (next.state === 'FINISHED') return { type: 'job_outcome', outcome: 'completed' };
  if (next.state === 'ERROR')
    return {
      type: 'job_outcome',
      outcome: 'failed',
      reason: 'L’imprimante signale une erreur (voir son écran)',
    };
  return { type: 'job_outcome', outcome: 'cancelled' };
}

function snapshot(model: PrusaLinkModel): NetworkSnapshot {
  const s = model.status;
  const metrics: Metrics = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined) metrics[key] = tenth(value);
  };
  put('hotend_temp_c', s?.nozzleC);
  put('hotend_target_c', s?.nozzleTargetC);
  put('bed_temp_c', s?.bedC);
  put('bed_target_c', s?.bedTargetC);
  const jobActive = isActive(s);
  if (jobActive && s?.job) {
    put('progress_pct', s.job.progress);
    if (s.job.timeRemaining !== undefined) metrics.time_left_s = s.job.timeRemaining;
    if (s.job.timePrinting !== undefined) metrics.elapsed_s = s.job.timePrinting;
  }
  switch (s?.state) {
    case 'PRINTING':
      return { state: 'running', metrics, jobActive };
    case 'BUSY':
      return jobActive
        ? { state: 'preparing', metrics, jobActive }
        : { state: 'idle', detail: 'checking', metrics, jobActive };
    case 'PAUSED':
      return { state: 'paused', detail: 'hold', metrics, jobActive };
    case 'ATTENTION':
      return {
        state: 'paused',
        reason: 'L’imprimante attend une intervention (voir son écran)',
        metrics,
        jobActive,
      };
    case 'ERROR':
      return {
        state: 'error',
        reason: 'L’imprimante signale une erreur (voir son écran)',
        metrics,
        jobActive,
      };
    default:
      return { state: 'idle', metrics, jobActive };
  }
}

export const prusalinkProfile: NetworkProfile<PrusaLinkEvent, PrusaLinkModel> = {
  id: 'prusalink',
  label: 'PrusaLink (MK4, MINI, XL, Core One : API HTTP)',
  kinds: ['printer'],
  transports: ['http'],
  needsDevice: false,
  needsPower: false,
  jobEndGraceMs: 5000,
  http: { paths: ['/api/v1/status', '/api/v1/job'], everyMs: 2000, apiKeyHeader: 'X-Api-Key' },

  parse: (message) => matchMessage(prusalinkMatchers, message),
  initialModel: () => ({ names: {} }),
  reduce(model, event: PrusaLinkEvent | UnknownMessage | ClockTick) {
    switch (event.kind) {
      case 'status': {
        const { kind: _k, source: _s, ...status } = event;
        const notices: ProfileNotice[] = [];
        const end = ending(model.status, status);
        if (end) notices.push(end);
        const name = status.job ? model.names[status.job.id] : undefined;
        if (!isActive(model.status) && isActive(status) && name)
          notices.push({ type: 'job_name', name });
        return { model: { ...model, status }, notices };
      }
      case 'job': {
        const known = model.names[event.id];
        if (!event.name || known === event.name) return { model, notices: [] };
        // Keep the names of the current job only: ids grow with every print.
        const names = { [event.id]: event.name };
        const current = model.status?.job?.id === event.id && isActive(model.status);
        return {
          model: { ...model, names },
          notices: current ? [{ type: 'job_name', name: event.name }] : [],
        };
      }
      default:
        return { model, notices: [] };
    }
  },
  snapshot,
  firmware: () => undefined,
};
