import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelayKeeper } from './relay-keeper.js';

const keepers: RelayKeeper[] = [];
afterEach(() => {
  for (const k of keepers.splice(0)) k.stop();
});

describe('the relay keeper', () => {
  it('tries the switch-off again when the plug did not answer, until it goes through', async () => {
    const tries: boolean[] = [];
    let failures = 2;
    const lines: string[] = [];
    const keeper = new RelayKeeper({
      relay: async (_m, on) => {
        tries.push(on);
        if (!on && failures-- > 0) throw new Error('plug unreachable');
      },
      working: () => false,
      recheckMs: 10,
      log: (line) => lines.push(line),
    });
    keepers.push(keeper);
    await keeper.unlock('laser', Date.now());
    await vi.waitFor(() => expect(tries).toEqual([true, false, false, false]), { timeout: 2000 });
    expect(lines.at(-1)).toBe('access: laser locked again (its grant ran out)');
  });

  it('ends a grant early only once the machine stops working, never under a running job', async () => {
    const tries: boolean[] = [];
    let working = true;
    let looked = 0;
    const keeper = new RelayKeeper({
      relay: async (_m, on) => void tries.push(on),
      working: () => {
        looked += 1;
        return working;
      },
      recheckMs: 10,
      log: () => undefined,
    });
    keepers.push(keeper);
    await keeper.unlock('laser', Date.now() + 3_600_000);
    keeper.end('laser', Date.now());
    await vi.waitFor(() => expect(looked).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    expect(tries).toEqual([true]);
    working = false;
    await vi.waitFor(() => expect(tries).toEqual([true, false]), { timeout: 2000 });
  });
});
