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
});
