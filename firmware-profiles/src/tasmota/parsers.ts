/**
 * What a Tasmota plug with an energy monitor says (Sonoff POW, Athom, Nous A1T…), one matcher per
 * message, each with a real sample: <https://tasmota.github.io/docs/MQTT/> (topics, LWT),
 * <https://tasmota.github.io/docs/Power-Monitoring-Calibration/> and
 * <https://tasmota.github.io/docs/Commands/#power-monitoring> (ENERGY fields: Total in kWh, Power in W).
 * Sources are the topic with the device's topic taken out: `tele/<topic>/SENSOR` is `tele/SENSOR`.
 * @module
 */
import { isRecord, type MessageMatcher, num } from '../network.js';

export type TasmotaEvent =
  | {
      readonly kind: 'energy';
      readonly source: string;
      readonly watts?: number;
      /** `Total` is kWh; we keep Wh like every other meter. */
      readonly energyWh?: number;
    }
  | { readonly kind: 'relay'; readonly source: string; readonly output: boolean }
  | { readonly kind: 'online'; readonly source: string; readonly online: boolean }
  | { readonly kind: 'firmware'; readonly source: string; readonly firmware: string };

/** `Power` is a number, or one per channel on multi-channel meters: their sum is the machine's draw. */
function watts(value: unknown): number | undefined {
  if (Array.isArray(value)) {
    const all = value.map(num);
    return all.every((v) => v !== undefined)
      ? all.reduce<number>((a, b) => a + (b ?? 0), 0)
      : undefined;
  }
  return num(value);
}

function energyEvent(source: string, energy: unknown): TasmotaEvent | null {
  if (!isRecord(energy)) return null;
  const w = watts(energy.Power);
  const totalKwh = num(energy.Total);
  if (w === undefined && totalKwh === undefined) return null;
  return {
    kind: 'energy',
    source,
    ...(w !== undefined ? { watts: w } : {}),
    // Three decimals of kWh are whole Wh; rounding drops the float noise of ×1000.
    ...(totalKwh !== undefined ? { energyWh: Math.round(totalKwh * 1_000_000) / 1000 } : {}),
  };
}

function relay(value: unknown): boolean | undefined {
  return value === 'ON' ? true : value === 'OFF' ? false : undefined;
}

export const tasmotaMatchers: readonly MessageMatcher<TasmotaEvent>[] = [
  // tele/<topic>/SENSOR every TelePeriod:
  // {"Time":"2024-01-14T18:03:15","ENERGY":{"TotalStartTime":"…","Total":1066.000,"Yesterday":0.000,"Today":0.000,"Period":0.00,"Power":0.00,…,"Voltage":227.7,"Current":0.000}}
  (m) =>
    m.source === 'tele/SENSOR' && isRecord(m.payload)
      ? energyEvent(m.source, m.payload.ENERGY)
      : null,
  // stat/<topic>/STATUS10 (STATUS8 before 9.x), the answer to `Status 10`: {"StatusSNS":{"Time":…,"ENERGY":{…}}}
  (m) =>
    (m.source === 'stat/STATUS10' || m.source === 'stat/STATUS8') &&
    isRecord(m.payload) &&
    isRecord(m.payload.StatusSNS)
      ? energyEvent(m.source, m.payload.StatusSNS.ENERGY)
      : null,
  // tele/<topic>/STATE: {"Time":"…","Uptime":"0T00:03:14",…,"POWER":"ON","Wifi":{…}}; stat/<topic>/RESULT: {"POWER":"OFF"}
  (m) => {
    if ((m.source !== 'tele/STATE' && m.source !== 'stat/RESULT') || !isRecord(m.payload))
      return null;
    const output = relay(m.payload.POWER ?? m.payload.POWER1);
    return output === undefined ? null : { kind: 'relay', source: m.source, output };
  },
  // stat/<topic>/POWER: `ON` or `OFF`
  (m) => {
    const output = m.source === 'stat/POWER' ? relay(m.payload) : undefined;
    return output === undefined ? null : { kind: 'relay', source: m.source, output };
  },
  // tele/<topic>/LWT: `Online` (retained, at connect) or `Offline` (the last will).
  (m) =>
    m.source === 'tele/LWT' && (m.payload === 'Online' || m.payload === 'Offline')
      ? { kind: 'online', source: m.source, online: m.payload === 'Online' }
      : null,
  // tele/<topic>/INFO1 at boot: {"Info1":{"Module":"Sonoff Pow R2","Version":"13.3.0(tasmota)",…}} (older: flat)
  (m) => {
    if (m.source !== 'tele/INFO1' || !isRecord(m.payload)) return null;
    const info = isRecord(m.payload.Info1) ? m.payload.Info1 : m.payload;
    return typeof info.Version === 'string'
      ? {
          kind: 'firmware',
          source: m.source,
          firmware: `Tasmota ${info.Version}${typeof info.Module === 'string' ? ` (${info.Module})` : ''}`,
        }
      : null;
  },
];
