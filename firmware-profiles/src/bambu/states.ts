/**
 * Bambu Lab's states as data: `gcode_state` (the job) and `stg_cur` (what the printer is doing
 * inside it), mapped to the common vocabulary. Stage numbers from
 * <https://github.com/greghesp/ha-bambulab/blob/main/custom_components/bambu_lab/pybambu/const.py>
 * (`CURRENT_STAGE_IDS`), states from <https://github.com/Doridian/OpenBambuAPI/blob/main/mqtt.md>.
 * @module
 */
import type { DeviceState, StateDetail } from '../contract/index.js';

export interface BambuStateRow {
  readonly state: Exclude<DeviceState, 'offline'>;
  readonly detail?: StateDetail;
  /** A job is under way (preparing, printing or paused). */
  readonly jobActive: boolean;
}

export const GCODE_STATES: Readonly<Record<string, BambuStateRow>> = {
  IDLE: { state: 'idle', jobActive: false },
  INIT: { state: 'idle', jobActive: false },
  OFFLINE: { state: 'idle', jobActive: false },
  SLICING: { state: 'preparing', jobActive: true },
  PREPARE: { state: 'preparing', jobActive: true },
  RUNNING: { state: 'running', jobActive: true },
  PAUSE: { state: 'paused', detail: 'hold', jobActive: true },
  // The last job's end stays on until the next one: the machine itself is free.
  FINISH: { state: 'idle', jobActive: false },
  FAILED: { state: 'idle', jobActive: false },
};

/** While `RUNNING`, the stages that are not printing yet: the job is preparing. */
export const PREPARING_STAGES: Readonly<Record<number, StateDetail | undefined>> = {
  1: 'probing', // auto bed levelling
  2: 'heating', // heatbed preheating
  3: 'checking', // vibration compensation
  7: 'heating', // hotend heating
  8: 'checking', // extrusion calibration
  9: 'probing', // bed surface scan
  11: 'checking', // build plate identification
  12: 'checking', // micro lidar calibration
  13: 'homing',
  14: undefined, // nozzle tip cleaning
  15: 'checking', // extruder temperature check
  19: 'checking', // extrusion flow calibration
  25: 'checking', // motor noise calibration
  40: 'probing', // bed levelling at high temperature
};

/** While `RUNNING`, the stages where the printer waits for someone: paused. */
export const PAUSED_STAGES: ReadonlySet<number> = new Set([
  5, 6, 16, 17, 20, 21, 23, 26, 27, 28, 30, 32, 33, 34, 35,
]);
