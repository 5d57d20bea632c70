/**
 * GRBL machine states → the common vocabulary.
 * Source: https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#real-time-status-reports
 * @module
 */
import type { DeviceState, StateDetail } from '../contract/index.js';

export type GrblState =
  | 'Idle'
  | 'Run'
  | 'Hold'
  | 'Jog'
  | 'Alarm'
  | 'Door'
  | 'Check'
  | 'Home'
  | 'Sleep'
  | 'Tool';

export const GRBL_STATES: Readonly<
  Record<GrblState, { state: Exclude<DeviceState, 'offline'>; detail?: StateDetail }>
> = {
  Idle: { state: 'idle' },
  Run: { state: 'running' },
  Hold: { state: 'paused', detail: 'hold' },
  Door: { state: 'paused', detail: 'door' },
  // A jog is a person moving the head by hand: not a job.
  Jog: { state: 'idle', detail: 'jogging' },
  Home: { state: 'preparing', detail: 'homing' },
  Alarm: { state: 'error', detail: 'alarm' },
  Check: { state: 'idle', detail: 'checking' },
  Sleep: { state: 'idle', detail: 'sleeping' },
  // grblHAL: waiting for a manual tool change.
  Tool: { state: 'paused', detail: 'tool_change' },
};

export function isGrblState(s: string): s is GrblState {
  return Object.hasOwn(GRBL_STATES, s);
}
