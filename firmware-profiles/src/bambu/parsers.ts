/**
 * What a Bambu Lab printer publishes on `device/{serial}/report` in LAN mode, one matcher per kind
 * of message: <https://github.com/Doridian/OpenBambuAPI/blob/main/mqtt.md>. The X1 sends its full
 * status each time; the P1 and A1 send only what changed (a delta) and the full status after a
 * `pushall` (<https://github.com/Doridian/OpenBambuAPI/issues/7>): the profile merges them.
 * @module
 */
import { isRecord, type MessageMatcher, num } from '../network.js';

export interface BambuTray {
  /** 0–15 across the AMS units (unit × 4 + slot), as `tray_now` counts them. */
  readonly index: number;
  readonly type?: string;
  readonly color?: string;
  /** Percentage left, when the spool's RFID tag says it (−1 when unknown). */
  readonly remainPct?: number;
}

/** The fields of a `print` report this profile reads; every one is optional in a delta. */
export interface BambuStatus {
  readonly gcodeState?: string;
  readonly stage?: number;
  readonly percent?: number;
  readonly remainingMinutes?: number;
  readonly layer?: number;
  readonly totalLayers?: number;
  readonly nozzleC?: number;
  readonly nozzleTargetC?: number;
  readonly bedC?: number;
  readonly bedTargetC?: number;
  readonly chamberC?: number;
  readonly subtask?: string;
  readonly printError?: number;
  readonly hms?: readonly { readonly attr: number; readonly code: number }[];
  /** `tray_now`: the tray feeding the nozzle; 255 none, 254 the external spool. */
  readonly trayNow?: number;
  readonly trays?: readonly BambuTray[];
}

export type BambuEvent =
  | { readonly kind: 'status'; readonly source: string; readonly status: BambuStatus }
  | { readonly kind: 'version'; readonly source: string; readonly firmware: string }
  | { readonly kind: 'log'; readonly source: string; readonly text: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function trays(ams: unknown): BambuTray[] | undefined {
  if (!isRecord(ams) || !Array.isArray(ams.ams)) return undefined;
  const found: BambuTray[] = [];
  for (const unit of ams.ams) {
    if (!isRecord(unit) || !Array.isArray(unit.tray)) continue;
    const unitId = num(unit.id);
    // AMS HT units count from 128 and have one tray; they are not in tray_now's 0–15 range.
    if (unitId === undefined || unitId > 15) continue;
    for (const tray of unit.tray) {
      if (!isRecord(tray)) continue;
      const slot = num(tray.id);
      if (slot === undefined) continue;
      const remain = num(tray.remain);
      found.push({
        index: unitId * 4 + slot,
        ...(str(tray.tray_type) ? { type: str(tray.tray_type) } : {}),
        ...(str(tray.tray_color) ? { color: str(tray.tray_color) } : {}),
        ...(remain !== undefined ? { remainPct: remain } : {}),
      });
    }
  }
  return found;
}

function hms(value: unknown): BambuStatus['hms'] {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((h) => {
    const attr = isRecord(h) ? num(h.attr) : undefined;
    const code = isRecord(h) ? num(h.code) : undefined;
    return attr !== undefined && code !== undefined ? [{ attr, code }] : [];
  });
}

function status(print: Record<string, unknown>): BambuStatus {
  const fields: Record<string, unknown> = {
    gcodeState: str(print.gcode_state),
    stage: num(print.stg_cur),
    percent: num(print.mc_percent),
    remainingMinutes: num(print.mc_remaining_time),
    layer: num(print.layer_num),
    totalLayers: num(print.total_layer_num),
    nozzleC: num(print.nozzle_temper),
    nozzleTargetC: num(print.nozzle_target_temper),
    bedC: num(print.bed_temper),
    bedTargetC: num(print.bed_target_temper),
    chamberC: num(print.chamber_temper),
    subtask: str(print.subtask_name),
    printError: num(print.print_error),
    hms: hms(print.hms),
    trayNow: isRecord(print.ams) ? num(print.ams.tray_now) : undefined,
    trays: trays(print.ams),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as BambuStatus;
}

export const bambuMatchers: readonly MessageMatcher<BambuEvent>[] = [
  // {"print":{"command":"push_status","gcode_state":"RUNNING","mc_percent":53,"nozzle_temper":220.06,…}}
  (m) => {
    if (m.source !== 'report' || !isRecord(m.payload) || !isRecord(m.payload.print)) return null;
    const s = status(m.payload.print);
    return Object.keys(s).length > 0 ? { kind: 'status', source: m.source, status: s } : null;
  },
  // {"info":{"command":"get_version","module":[{"name":"ota","sw_ver":"01.01.01.00",…},…]}}
  (m) => {
    if (m.source !== 'report' || !isRecord(m.payload) || !isRecord(m.payload.info)) return null;
    const modules = m.payload.info.module;
    if (!Array.isArray(modules)) return null;
    const ota = modules.find((x) => isRecord(x) && x.name === 'ota');
    const version = isRecord(ota) ? str(ota.sw_ver) : undefined;
    const product = (isRecord(ota) ? str(ota.product_name) : undefined) ?? 'Bambu Lab';
    return version
      ? { kind: 'version', source: m.source, firmware: `${product} ${version}` }
      : null;
  },
  // {"mc_print":{"command":"push_info","param":"[BMC] wait hotend temp...(tmpr=237.84,duty=0.00)"}}
  (m) =>
    m.source === 'report' &&
    isRecord(m.payload) &&
    isRecord(m.payload.mc_print) &&
    typeof m.payload.mc_print.param === 'string'
      ? { kind: 'log', source: m.source, text: m.payload.mc_print.param.trim() }
      : null,
];
