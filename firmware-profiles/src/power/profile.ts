/**
 * One power meter profile, many devices: a Shelly and a Tasmota plug differ only in their topics,
 * their payloads and their relay command. Each device folder gives its matchers and says what each
 * of its events means for the shared meter model (`meter.ts`); the detector, the snapshot and the
 * rest are the same for all.
 * @module
 */
import type { MachineKind } from '../contract/index.js';
import {
  type ClockTick,
  type HttpPlan,
  type MessageMatcher,
  matchMessage,
  type MqttPlan,
  type NetworkEvent,
  type NetworkProfile,
  type NetworkTransport,
  type RelayPlan,
  type UnknownMessage,
} from '../network.js';
import {
  initialMeterModel,
  type MeterModel,
  type MeterReading,
  meterOnline,
  meterReading,
  meterSnapshot,
  meterTick,
} from './meter.js';

/** What one of the device's events tells the meter model; `null`: nothing it keeps. */
export type MeterNews =
  | { readonly reading: MeterReading }
  | { readonly online: boolean }
  | { readonly firmware: string }
  | null;

export interface PowerMeterDevice<E extends NetworkEvent> {
  readonly id: string;
  readonly label: string;
  readonly transports: readonly NetworkTransport[];
  readonly mqtt?: MqttPlan;
  readonly http?: HttpPlan;
  readonly relay?: RelayPlan;
  readonly matchers: readonly MessageMatcher<E>[];
  news(event: E): MeterNews;
  /** Why the machine is offline when the device's last will says it left. */
  readonly offlineReason: string;
}

/** Any machine can sit behind a plug. */
const KINDS: readonly MachineKind[] = ['laser', 'cnc', 'printer', 'other'];

export function powerMeterProfile<E extends NetworkEvent>(
  d: PowerMeterDevice<E>,
): NetworkProfile<E, MeterModel> {
  return {
    id: d.id,
    label: d.label,
    kinds: KINDS,
    transports: d.transports,
    ...(d.mqtt ? { mqtt: d.mqtt } : {}),
    ...(d.http ? { http: d.http } : {}),
    ...(d.relay ? { relay: d.relay } : {}),
    needsDevice: true,
    needsPower: true,
    // The runner uses the machine's power.endAfterSeconds as the job's end grace.
    jobEndGraceMs: 0,
    parse: (message) => matchMessage(d.matchers, message),
    initialModel: (device) => initialMeterModel(device),
    reduce(model, event: E | UnknownMessage | ClockTick, now) {
      if (event.kind === 'tick') return meterTick(model, now);
      if (event.kind === 'unknown') return { model, notices: [] };
      const news = d.news(event as E);
      if (!news) return { model, notices: [] };
      if ('reading' in news) return meterReading(model, news.reading, now);
      if ('online' in news) return meterOnline(model, news.online);
      return { model: { ...model, firmware: news.firmware }, notices: [] };
    },
    snapshot: (model) => meterSnapshot(model, d.offlineReason),
    firmware: (model) => model.firmware,
  };
}
