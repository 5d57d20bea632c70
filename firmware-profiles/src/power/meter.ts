/**
 * The model every power meter profile shares (Shelly, Tasmota): the last readings, whether the
 * relay is closed, whether the device is online, and the usage detector's state. The profiles only
 * read their own payloads into a `MeterReading`.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import type { NetworkDevice, NetworkSnapshot } from '../network.js';
import type { ReduceResult } from '../profile.js';
import {
  initialPowerState,
  type PowerState,
  type PowerThresholds,
  powerSnapshotPart,
  powerStep,
} from './detector.js';

/** What one meter message says; every field is optional (Shelly sends deltas). */
export interface MeterReading {
  readonly watts?: number;
  /** The meter's own energy counter, Wh. */
  readonly energyWh?: number;
  /** The relay: closed (the machine has power) or open. */
  readonly output?: boolean;
}

export interface MeterModel {
  readonly thresholds: PowerThresholds;
  readonly power: PowerState;
  readonly watts?: number;
  readonly energyWh?: number;
  readonly output?: boolean;
  /** `false` once the device's last will or `online: false` said so; unknown until told. */
  readonly online?: boolean;
  readonly firmware?: string;
  /** The energy counter when the draw crossed `workingAboveW` (the start of a job to be). */
  readonly energyAtCrossingWh?: number;
}

/** Used when a config gives no thresholds: any draw above 20 W for 5 s is work. */
export const DEFAULT_THRESHOLDS: PowerThresholds = {
  idleBelowW: 10,
  workingAboveW: 20,
  startAfterSeconds: 5,
  endAfterSeconds: 60,
};

export function initialMeterModel(device: NetworkDevice): MeterModel {
  return { thresholds: device.power ?? DEFAULT_THRESHOLDS, power: initialPowerState };
}

const noNotices = (model: MeterModel): ReduceResult<MeterModel> => ({ model, notices: [] });

export function meterReading(
  model: MeterModel,
  r: MeterReading,
  now: number,
): ReduceResult<MeterModel> {
  // An open relay means no draw at all, whatever the last reading said.
  const watts = r.output === false ? (r.watts ?? 0) : r.watts;
  const power =
    watts !== undefined ? powerStep(model.power, watts, now, model.thresholds) : model.power;
  // The counter as this reading gives it is the counter at the crossing (before it, idle draw).
  const crossed = power.aboveSince !== undefined && power.aboveSince !== model.power.aboveSince;
  const counter = r.energyWh ?? model.energyWh;
  return noNotices({
    ...model,
    online: true,
    power,
    ...(crossed && counter !== undefined ? { energyAtCrossingWh: counter } : {}),
    ...(watts !== undefined ? { watts } : {}),
    ...(r.energyWh !== undefined ? { energyWh: r.energyWh } : {}),
    ...(r.output !== undefined ? { output: r.output } : {}),
  });
}

export function meterTick(model: MeterModel, now: number): ReduceResult<MeterModel> {
  const power = powerStep(model.power, undefined, now, model.thresholds);
  return noNotices(power === model.power ? model : { ...model, power });
}

export function meterOnline(model: MeterModel, online: boolean): ReduceResult<MeterModel> {
  return noNotices({ ...model, online });
}

export function meterSnapshot(model: MeterModel, offlineReason: string): NetworkSnapshot {
  const metrics: Metrics = {
    ...(model.watts !== undefined ? { power_w: Math.round(model.watts * 10) / 10 } : {}),
    ...(model.energyWh !== undefined
      ? { energy_wh: Math.round(model.energyWh * 1000) / 1000 }
      : {}),
  };
  if (model.online === false)
    return { state: 'idle', metrics, jobActive: false, offline: offlineReason };
  if (model.output === false)
    return {
      state: 'idle',
      reason: 'Prise coupée : la machine n’est pas alimentée',
      metrics,
      jobActive: false,
    };
  const part = powerSnapshotPart(model.power);
  const since = model.power.workingSince;
  return {
    ...part,
    metrics,
    ...(part.state === 'running' && since !== undefined
      ? {
          jobSince: {
            at: since,
            ...(model.energyAtCrossingWh !== undefined
              ? { energyWh: model.energyAtCrossingWh }
              : {}),
          },
        }
      : {}),
  };
}
