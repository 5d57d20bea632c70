/**
 * The lender's bookkeeping of answers, alone: the runner hands its port over only once its own
 * line commands are answered, and counts the client's lines and answers the same way.
 */
import { describe, expect, it } from 'vitest';
import type { LineConnection } from '../transports/connection.js';
import { PortLender } from './port-client.js';

const connection: LineConnection = {
  write: async () => undefined,
  onLine: () => undefined,
  onClose: () => undefined,
  close: async () => undefined,
};
const client = { name: 'sender', onLine: () => undefined, onDetach: () => undefined };

/** Resolves true if `promise` settles before the event loop's next turns (no timer waited out). */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  for (let i = 0; i < 5; i += 1) await new Promise((r) => setImmediate(r));
  return settled;
}

describe('PortLender', () => {
  it('waits for the runner’s own answers before lending', async () => {
    const lender = new PortLender('m', () => undefined);
    lender.sent(2);
    const lease = lender.lend(client, connection, 60_000);
    expect(await settlesAtOnce(lease)).toBe(false);
    lender.heard('ok', true);
    lender.heard('ok', true);
    expect(await settlesAtOnce(lease)).toBe(true);
  });

  it('lends again at once after a loan whose lines were all answered (7: no settle wait)', async () => {
    const lender = new PortLender('m', () => undefined);
    const first = await lender.lend(client, connection, 60_000);
    await first.write('G1 X1\nG1 X2\nG1 X3\n');
    for (let i = 0; i < 3; i += 1) lender.heard('ok', true);
    first.release();
    const second = lender.lend(client, connection, 60_000);
    expect(await settlesAtOnce(second)).toBe(true);
  });
});
