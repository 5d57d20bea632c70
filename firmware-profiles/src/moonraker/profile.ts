/**
 * Klipper printers through Moonraker: JSON-RPC over its WebSocket (`ws://host/websocket`),
 * `printer.objects.subscribe` on the objects of `parsers.ts`, then `notify_status_update` deltas.
 * A Klipper restart (`notify_klippy_ready`) subscribes anew; a lost socket is the runner's to
 * reconnect.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import {
  type ClockTick,
  isRecord,
  matchMessage,
  type NetworkProfile,
  type NetworkSnapshot,
  num,
  tenth,
  type UnknownMessage,
} from '../network.js';
import type { ProfileNotice } from '../profile.js';
import {
  type MoonrakerEvent,
  type MoonrakerObjects,
  moonrakerMatchers,
  SUBSCRIBED,
} from './parsers.js';

export interface MoonrakerModel {
  readonly objects: MoonrakerObjects;
  readonly klippy?: 'ready' | 'shutdown' | 'disconnected';
  readonly firmware?: string;
}

/** `print_stats.state` (https://moonraker.readthedocs.io/en/latest/printer_objects/#print_stats). */
const ACTIVE = new Set(['printing', 'paused']);

function merge(before: MoonrakerObjects, delta: MoonrakerObjects): MoonrakerObjects {
  const out: Record<string, Record<string, unknown>> = { ...before };
  for (const [name, fields] of Object.entries(delta))
    out[name] = { ...(before[name as keyof MoonrakerObjects] ?? {}), ...fields };
  return out;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function notices(before: MoonrakerObjects, after: MoonrakerObjects): ProfileNotice[] {
  const was = before.print_stats?.state;
  const now = after.print_stats?.state;
  const out: ProfileNotice[] = [];
  const file = text(after.print_stats?.filename);
  if (now === 'printing' && !ACTIVE.has(String(was)) && file)
    out.push({ type: 'job_name', name: file });
  if (ACTIVE.has(String(was)) && typeof now === 'string' && !ACTIVE.has(now)) {
    if (now === 'complete') out.push({ type: 'job_outcome', outcome: 'completed' });
    else if (now === 'error') {
      const message = text(after.print_stats?.message);
      out.push({ type: 'job_outcome', outcome: 'failed', ...(message ? { reason: message } : {}) });
    } else out.push({ type: 'job_outcome', outcome: 'cancelled' });
  }
  return out;
}

function snapshot(model: MoonrakerModel): NetworkSnapshot {
  const o = model.objects;
  const metrics: Metrics = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined) metrics[key] = value;
  };
  const temp = (v: unknown) => (num(v) !== undefined ? tenth(num(v) as number) : undefined);
  put('hotend_temp_c', temp(o.extruder?.temperature));
  put('hotend_target_c', temp(o.extruder?.target));
  put('bed_temp_c', temp(o.heater_bed?.temperature));
  put('bed_target_c', temp(o.heater_bed?.target));
  const state = String(o.print_stats?.state ?? 'standby');
  const jobActive = ACTIVE.has(state);
  if (jobActive) {
    const progress = num(o.display_status?.progress) ?? num(o.virtual_sdcard?.progress);
    const printed = num(o.print_stats?.print_duration);
    put('progress_pct', progress !== undefined ? Math.round(progress * 1000) / 10 : undefined);
    put('elapsed_s', printed !== undefined ? Math.round(printed) : undefined);
    // Moonraker gives no estimate; the linear one Mainsail shows: time so far × what is left.
    if (progress !== undefined && printed !== undefined && progress > 0.01)
      put('time_left_s', Math.round(printed / progress - printed));
    const info = o.print_stats?.info;
    if (isRecord(info)) {
      put('layer_count', num(info.current_layer));
      put('layer_total_count', num(info.total_layer));
    }
  }
  if (model.klippy === 'disconnected')
    return {
      state: 'idle',
      metrics,
      jobActive,
      offline: 'Moonraker a perdu Klipper (klippy déconnecté)',
    };
  const webhooks = String(o.webhooks?.state ?? 'ready');
  if (model.klippy === 'shutdown' || webhooks === 'shutdown' || webhooks === 'error') {
    const why = text(o.webhooks?.state_message) ?? 'Klipper est arrêté (shutdown)';
    return {
      state: 'error',
      detail: 'halted',
      reason: why.split('\n')[0] ?? why,
      metrics,
      jobActive,
    };
  }
  switch (state) {
    case 'printing': {
      const target = num(o.extruder?.target) ?? 0;
      const current = num(o.extruder?.temperature) ?? target;
      const heating =
        target > 0 && current < target - 3 && (num(o.print_stats?.print_duration) ?? 0) === 0;
      return heating
        ? { state: 'preparing', detail: 'heating', metrics, jobActive }
        : { state: 'running', metrics, jobActive };
    }
    case 'paused':
      return { state: 'paused', detail: 'hold', metrics, jobActive };
    case 'error': {
      const message = text(o.print_stats?.message);
      return { state: 'error', ...(message ? { reason: message } : {}), metrics, jobActive };
    }
    default:
      return { state: 'idle', metrics, jobActive };
  }
}

export const moonrakerProfile: NetworkProfile<MoonrakerEvent, MoonrakerModel> = {
  id: 'moonraker',
  label: 'Klipper par Moonraker (JSON-RPC sur WebSocket)',
  kinds: ['printer', 'cnc', 'laser'],
  transports: ['websocket'],
  needsDevice: false,
  needsPower: false,
  jobEndGraceMs: 5000,
  websocket: {
    path: '/websocket',
    onOpen: () => [
      { method: 'printer.info' },
      {
        method: 'printer.objects.subscribe',
        params: { objects: Object.fromEntries(Object.keys(SUBSCRIBED).map((k) => [k, null])) },
      },
      // The last jobs Moonraker recorded: those that finished while we could not see them.
      { method: 'server.history.list', params: { limit: 20, order: 'desc' } },
    ],
    resendOn: ['notify_klippy_ready'],
  },

  parse: (message) => matchMessage(moonrakerMatchers, message),
  initialModel: () => ({ objects: {} }),
  reduce(model, event: MoonrakerEvent | UnknownMessage | ClockTick) {
    switch (event.kind) {
      case 'status': {
        const objects = merge(model.objects, event.objects);
        const { klippy: _gone, ...rest } = model;
        // Fresh status means Klipper answers again.
        return {
          model: {
            ...rest,
            objects,
            ...(model.klippy === 'shutdown' ? { klippy: 'shutdown' as const } : {}),
          },
          notices: notices(model.objects, objects),
        };
      }
      case 'klippy':
        return { model: { ...model, klippy: event.state }, notices: [] };
      case 'info':
        return { model: { ...model, firmware: event.firmware }, notices: [] };
      case 'history':
        return { model, notices: event.jobs.map((job) => ({ type: 'past_job' as const, job })) };
      default:
        return { model, notices: [] };
    }
  },
  snapshot,
  firmware: (model) => model.firmware,
};
