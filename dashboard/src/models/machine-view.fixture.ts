/**
 * A machine view for unit tests, shaped like what `GET /api/machines` returns.
 * @module
 */
import type { MachineView } from '@manufacto/firmware-profiles/contract';

export function machineView(
  overrides: Partial<MachineView> & Pick<MachineView, 'id'>,
): MachineView {
  return {
    site: 'la-fabrique',
    name: overrides.id,
    kind: 'printer',
    profile: 'marlin',
    firmware: null,
    state: 'idle',
    detail: null,
    reason: null,
    reasonCode: null,
    since: '2026-11-22T14:00:00.000Z',
    metrics: {},
    job: null,
    awaitingCheck: null,
    gateway: 'atelier-1',
    gatewayOnline: true,
    updatedAt: '2026-11-22T14:00:00.000Z',
    ...overrides,
  };
}
