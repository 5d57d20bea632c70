/**
 * The normalised vocabulary every profile maps to: machine kinds and states. Zod-free, so the
 * dashboard takes these lists from here (the package has no side effects) without the schemas.
 *
 * `maintenance` is set by people (a fab manager), never by a device; gateways must not publish it.
 * @module
 */

/** What a machine is, as the wall groups and draws it. */
export const MACHINE_KINDS = ['printer', 'laser', 'cnc', 'other'] as const;
export type MachineKind = (typeof MACHINE_KINDS)[number];

/** States a gateway may publish, in the order the wall sorts them. */
export const DEVICE_STATES = [
  'offline',
  'idle',
  'preparing',
  'running',
  'paused',
  'error',
] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** All states a machine can be in, including those set by people. */
export const MACHINE_STATES = [...DEVICE_STATES, 'maintenance'] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/**
 * What a machine is doing inside a state, when the firmware says it:
 * `preparing` is heating or homing, `paused` is a feed hold or an open door, and so on.
 */
export const STATE_DETAILS = [
  'heating',
  'homing',
  'probing',
  'jogging',
  'checking',
  'hold',
  'door',
  'alarm',
  'halted',
  'sleeping',
  'disconnected',
  'unresponsive',
  /** Waiting for someone to change the tool (grblHAL's `Tool` state after an M6). */
  'tool_change',
] as const;
export type StateDetail = (typeof STATE_DETAILS)[number];

/**
 * Numeric code per state, written beside the state string so that Grafana can graph it.
 * Stable: never renumber, only append.
 */
export const STATE_CODES: Readonly<Record<MachineState, number>> = {
  offline: 0,
  idle: 1,
  preparing: 2,
  running: 3,
  paused: 4,
  error: 5,
  maintenance: 6,
};

/** True when the machine is doing work someone asked for (a job is under way). */
export function isBusy(state: MachineState): boolean {
  return state === 'preparing' || state === 'running' || state === 'paused';
}
