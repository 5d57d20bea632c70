/**
 * What PrusaLink (MK4, MK3.9, MINI, XL, Core One on Buddy firmware; MK3 with a Raspberry Pi) says
 * on its v1 HTTP API, polled: <https://github.com/prusa3d/Prusa-Link-Web/blob/master/spec/openapi.yaml>
 * (`/api/v1/status`, `/api/v1/job`; 204 when there is no job).
 * @module
 */
import { isRecord, type MessageMatcher, num } from '../network.js';

/** `printer.state` of /api/v1/status. */
export const PRINTER_STATES = [
  'IDLE',
  'BUSY',
  'PRINTING',
  'PAUSED',
  'FINISHED',
  'STOPPED',
  'ERROR',
  'ATTENTION',
  'READY',
] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export type PrusaLinkEvent =
  | {
      readonly kind: 'status';
      readonly source: string;
      readonly state: PrinterState;
      readonly nozzleC?: number;
      readonly nozzleTargetC?: number;
      readonly bedC?: number;
      readonly bedTargetC?: number;
      readonly job?: {
        readonly id: number;
        readonly progress?: number;
        readonly timeRemaining?: number;
        readonly timePrinting?: number;
      };
    }
  | { readonly kind: 'job'; readonly source: string; readonly id: number; readonly name?: string }
  | { readonly kind: 'no_job'; readonly source: string };

const opt = <K extends string>(key: K, value: number | undefined) =>
  (value !== undefined ? { [key]: value } : {}) as Partial<Record<K, number>>;

export const prusalinkMatchers: readonly MessageMatcher<PrusaLinkEvent>[] = [
  // {"job":{"id":14,"progress":67,"time_remaining":3960,"time_printing":8546},"storage":{…},
  //  "printer":{"state":"PRINTING","temp_bed":60,"target_bed":60,"temp_nozzle":225,"target_nozzle":225,…}}
  (m) => {
    if (m.source !== '/api/v1/status' || !isRecord(m.payload) || !isRecord(m.payload.printer))
      return null;
    const p = m.payload.printer;
    const state = PRINTER_STATES.find((s) => s === p.state);
    if (!state) return null;
    const j = isRecord(m.payload.job) ? m.payload.job : undefined;
    const id = j ? num(j.id) : undefined;
    return {
      kind: 'status',
      source: m.source,
      state,
      ...opt('nozzleC', num(p.temp_nozzle)),
      ...opt('nozzleTargetC', num(p.target_nozzle)),
      ...opt('bedC', num(p.temp_bed)),
      ...opt('bedTargetC', num(p.target_bed)),
      ...(j && id !== undefined
        ? {
            job: {
              id,
              ...opt('progress', num(j.progress)),
              ...opt('timeRemaining', num(j.time_remaining)),
              ...opt('timePrinting', num(j.time_printing)),
            },
          }
        : {}),
    };
  },
  // 204 No Content: no job.
  (m) =>
    m.source === '/api/v1/job' && m.status === 204 ? { kind: 'no_job', source: m.source } : null,
  // {"id":420,"state":"PRINTING","progress":42,…,"file":{"name":"SPICE_~1.GCO","display_name":"Spice_Harvester_0.3mm_PLA_MK3S_12m.gcode",…}}
  (m) => {
    if (m.source !== '/api/v1/job' || !isRecord(m.payload)) return null;
    const id = num(m.payload.id);
    if (id === undefined) return null;
    const file = isRecord(m.payload.file) ? m.payload.file : {};
    const name =
      typeof file.display_name === 'string'
        ? file.display_name
        : typeof file.name === 'string'
          ? file.name
          : undefined;
    return { kind: 'job', source: m.source, id, ...(name ? { name } : {}) };
  },
];
