import * as contract from '@manufacto/firmware-profiles/contract';
import { describe, expect, it } from 'vitest';
import { isBusy, MACHINE_KINDS, MACHINE_STATES } from './vocabulary.js';

describe('the dashboard vocabulary', () => {
  it('lists the same machine kinds as the contract', () => {
    expect(MACHINE_KINDS).toEqual(contract.MACHINE_KINDS);
  });

  it('lists the same machine states as the contract', () => {
    expect(MACHINE_STATES).toEqual(contract.MACHINE_STATES);
  });

  it('agrees with the contract on which states are busy', () => {
    for (const state of MACHINE_STATES) expect(isBusy(state), state).toBe(contract.isBusy(state));
  });
});
