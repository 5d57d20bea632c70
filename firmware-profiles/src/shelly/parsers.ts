/**
 * What a Shelly Gen2/Gen3 plug or relay says, one matcher per kind of message, each with a real
 * sample and the doc it implements: <https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Switch>
 * (`Switch.GetStatus`), <https://shelly-api-docs.shelly.cloud/gen2/General/RPCChannels#mqtt> (topics).
 * @module
 */
import { isRecord, type MessageMatcher, num } from '../network.js';

export type ShellyEvent =
  | {
      readonly kind: 'switch';
      readonly source: string;
      readonly output?: boolean;
      readonly watts?: number;
      /** `aenergy.total`: Wh since the device was made (Shelly counts in Wh). */
      readonly energyWh?: number;
      readonly temperatureC?: number;
    }
  | { readonly kind: 'online'; readonly source: string; readonly online: boolean }
  | {
      readonly kind: 'device';
      readonly source: string;
      readonly model: string;
      readonly firmware: string;
    };

/** The component this profile reads: the first switch (a plug has only that one). */
const SWITCH = 'switch:0';

function switchEvent(source: string, status: unknown): ShellyEvent | null {
  if (!isRecord(status)) return null;
  const energy = isRecord(status.aenergy) ? num(status.aenergy.total) : undefined;
  const temperature = isRecord(status.temperature) ? num(status.temperature.tC) : undefined;
  const watts = num(status.apower);
  const event = {
    kind: 'switch' as const,
    source,
    ...(typeof status.output === 'boolean' ? { output: status.output } : {}),
    ...(watts !== undefined ? { watts } : {}),
    ...(energy !== undefined ? { energyWh: energy } : {}),
    ...(temperature !== undefined ? { temperatureC: temperature } : {}),
  };
  return Object.keys(event).length > 2 ? event : null;
}

export const shellyMatchers: readonly MessageMatcher<ShellyEvent>[] = [
  // <prefix>/status/switch:0 and GET /rpc/Switch.GetStatus?id=0:
  // {"id":0,"source":"SHC","output":true,"apower":0.8,"voltage":231.5,"current":0.014,"aenergy":{"total":1.936,…},"temperature":{"tC":42,…}}
  (m) =>
    m.source === `status/${SWITCH}` || m.source.startsWith('/rpc/Switch.GetStatus')
      ? switchEvent(m.source, m.payload)
      : null,
  // <prefix>/events/rpc: {"method":"NotifyStatus","params":{"ts":…,"switch:0":{"id":0,"aenergy":{…}}}}
  // (a delta), or NotifyFullStatus with every component.
  (m) => {
    if (m.source !== 'events/rpc' || !isRecord(m.payload) || !isRecord(m.payload.params))
      return null;
    if (m.payload.method !== 'NotifyStatus' && m.payload.method !== 'NotifyFullStatus') return null;
    return switchEvent(m.source, m.payload.params[SWITCH]);
  },
  // GET /rpc/Shelly.GetStatus, or the answer to our Shelly.GetStatus over MQTT (`rpc` source):
  // {"ble":{},"cloud":{…},"switch:0":{…},"sys":{…},"wifi":{…}}
  (m) => {
    const body =
      m.source === 'rpc' && isRecord(m.payload)
        ? m.payload.result
        : m.source === '/rpc/Shelly.GetStatus'
          ? m.payload
          : undefined;
    return isRecord(body) ? switchEvent(m.source, body[SWITCH]) : null;
  },
  // <prefix>/online: `true` when the device connects, `false` as its last will.
  (m) =>
    m.source === 'online' && (m.payload === true || m.payload === false)
      ? { kind: 'online', source: m.source, online: m.payload }
      : null,
  // GET /rpc/Shelly.GetDeviceInfo: {"id":"shellyplusplugs-…","model":"SNPL-00112EU","gen":2,"ver":"1.0.8",…}
  (m) =>
    m.source === '/rpc/Shelly.GetDeviceInfo' &&
    isRecord(m.payload) &&
    typeof m.payload.model === 'string'
      ? {
          kind: 'device',
          source: m.source,
          model: m.payload.model,
          firmware: `Shelly ${m.payload.model} ${String(m.payload.ver ?? '')}`.trim(),
        }
      : null,
];
