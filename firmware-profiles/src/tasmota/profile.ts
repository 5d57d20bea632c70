/**
 * Tasmota plugs and relays with an energy monitor, as power meters (see `../power/`). MQTT only:
 * Tasmota publishes `tele/<topic>/SENSOR` every TelePeriod (300 s by default, too slow to see a
 * cut), so the gateway asks `Status 10` every few seconds as well.
 * @module
 */
import type { MeterModel } from '../power/meter.js';
import { powerMeterProfile } from '../power/profile.js';
import { type TasmotaEvent, tasmotaMatchers } from './parsers.js';

function topicOf(device: { device?: string }): string {
  if (!device.device)
    throw new Error('a Tasmota device needs its MQTT Topic as `device` (e.g. tasmota_A1B2C3)');
  return device.device;
}

/** Tasmota's default FullTopic is `%prefix%/%topic%/`. */
const PREFIXES = ['tele', 'stat'] as const;

const askStatus = (topic: string) => [{ topic: `cmnd/${topic}/Status`, payload: '10' }];

export interface TasmotaModel extends MeterModel {}

export const tasmotaProfile = powerMeterProfile<TasmotaEvent>({
  id: 'tasmota',
  label: 'Tasmota (prise ou relais mesurant la puissance)',
  transports: ['mqtt'],
  mqtt: {
    defaultPort: 1883,
    tls: false,
    subscriptions: (device) => {
      const topic = topicOf(device);
      return PREFIXES.map((p) => `${p}/${topic}/+`);
    },
    sourceOf: (topic, device) => {
      const own = topicOf(device);
      const [prefix, name, suffix, ...rest] = topic.split('/');
      if (name !== own || suffix === undefined || rest.length > 0) return null;
      return `${prefix}/${suffix}`;
    },
    onConnect: (device) => [
      ...askStatus(topicOf(device)),
      // The relay's state (answered on stat/<topic>/RESULT and stat/<topic>/POWER).
      { topic: `cmnd/${topicOf(device)}/POWER`, payload: '' },
    ],
    refresh: { everyMs: 5000, messages: (device) => askStatus(topicOf(device)) },
  },
  // https://tasmota.github.io/docs/Commands/#power: answered on stat/<topic>/RESULT and POWER.
  relay: {
    mqtt: (on, device) => ({ topic: `cmnd/${topicOf(device)}/POWER`, payload: on ? 'ON' : 'OFF' }),
  },

  matchers: tasmotaMatchers,
  news: (event) => {
    switch (event.kind) {
      case 'energy':
        return { reading: event };
      case 'relay':
        return { reading: { output: event.output } };
      case 'online':
        return { online: event.online };
      case 'firmware':
        return { firmware: event.firmware };
    }
  },
  offlineReason: 'La prise Tasmota a quitté le broker MQTT (dernière volonté « Offline »)',
});
