/**
 * `manufacto-gateway probe PORT`: opens a port, listens to the banner, asks in every dialect we
 * know, and says which firmware answered. Used when adding a machine.
 * @module
 */
import {
  identifyFirmware,
  serialProfiles,
  type FirmwareIdentity,
} from '@manufacto/firmware-profiles';
import type { ConnectionFactory } from '../transports/connection.js';
import { identificationQuestions } from './identification.js';

export interface ProbeResult {
  readonly identity: FirmwareIdentity | null;
  /** Every line heard, for the person adding the machine to read. */
  readonly lines: readonly string[];
}

export async function probePort(
  connect: ConnectionFactory,
  path: string,
  baudRate: number,
  waitMs = 3000,
): Promise<ProbeResult> {
  const connection = await connect({ path, baudRate });
  const lines: string[] = [];
  let identity: FirmwareIdentity | null = null;
  let wake: (() => void) | undefined;
  connection.onLine((line) => {
    lines.push(line);
    identity ??= identifyFirmware(line);
    if (identity) wake?.();
  });
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (identity) return resolve();
      wake = resolve;
      setTimeout(resolve, ms).unref();
    });
  try {
    // A board that resets on open introduces itself; give it a moment.
    await wait(Math.min(waitMs, 1500));
    // Then ask in every dialect at once (see identification.ts).
    if (!identity) {
      for (const question of identificationQuestions(serialProfiles))
        await connection.write(question);
      await wait(waitMs);
    }
    // Let the rest of the identification report arrive (M115 sends several lines).
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await connection.close();
  }
  return { identity, lines };
}
