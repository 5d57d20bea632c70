/**
 * Shelly Gen2/Gen3 plugs and relays (Plus Plug S, Plug S Gen3, Pro 1PM…) as power meters: a machine
 * that says nothing itself (a CO2 laser on a Ruida controller) is watched through its draw. MQTT
 * (the device publishes `status/switch:0` on every change) or HTTP RPC polling.
 * @module
 */
import type { MeterModel } from '../power/meter.js';
import { powerMeterProfile } from '../power/profile.js';
import { type ShellyEvent, shellyMatchers } from './parsers.js';

/** Our RPC client name: the device answers `Shelly.GetStatus` on `<src>/rpc`. */
const rpcSource = (prefix: string) => `${prefix}-manufacto`;

function prefixOf(device: { device?: string }): string {
  if (!device.device)
    throw new Error(
      'a Shelly needs its MQTT topic prefix as `device` (e.g. shellyplusplugs-80646fd031f8)',
    );
  return device.device;
}

export interface ShellyModel extends MeterModel {}

export const shellyProfile = powerMeterProfile<ShellyEvent>({
  id: 'shelly',
  label: 'Shelly Gen2/Gen3 (prise ou relais mesurant la puissance)',
  transports: ['mqtt', 'http'],
  mqtt: {
    defaultPort: 1883,
    tls: false,
    subscriptions: (device) => {
      const prefix = prefixOf(device);
      return [
        `${prefix}/status/switch:0`,
        `${prefix}/online`,
        `${prefix}/events/rpc`,
        `${rpcSource(prefix)}/rpc`,
      ];
    },
    sourceOf: (topic, device) => {
      const prefix = prefixOf(device);
      if (topic === `${rpcSource(prefix)}/rpc`) return 'rpc';
      return topic.startsWith(`${prefix}/`) ? topic.slice(prefix.length + 1) : null;
    },
    onConnect: (device) => {
      const prefix = prefixOf(device);
      // https://shelly-api-docs.shelly.cloud/gen2/General/RPCChannels#mqtt: a request on <prefix>/rpc
      // is answered on <src>/rpc.
      return [
        {
          topic: `${prefix}/rpc`,
          payload: JSON.stringify({ id: 1, src: rpcSource(prefix), method: 'Shelly.GetStatus' }),
        },
      ];
    },
  },
  http: {
    once: ['/rpc/Shelly.GetDeviceInfo'],
    paths: ['/rpc/Switch.GetStatus?id=0'],
    everyMs: 2000,
  },
  // https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Switch#switchset: the device
  // answers `{"was_on": false}`, then publishes its new status/switch:0.
  relay: {
    mqtt: (on, device) => {
      const prefix = prefixOf(device);
      return {
        topic: `${prefix}/rpc`,
        payload: JSON.stringify({
          id: 2,
          src: rpcSource(prefix),
          method: 'Switch.Set',
          params: { id: 0, on },
        }),
      };
    },
    http: (on) => ({ path: `/rpc/Switch.Set?id=0&on=${on}` }),
  },

  matchers: shellyMatchers,
  news: (event) =>
    event.kind === 'switch'
      ? { reading: event }
      : event.kind === 'online'
        ? { online: event.online }
        : { firmware: event.firmware },
  offlineReason: 'La prise Shelly a quitté le broker MQTT (hors tension ou hors réseau)',
});
