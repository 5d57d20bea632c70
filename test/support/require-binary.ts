/**
 * Real parts, not mocks: a harness that needs a Debian binary finds it or fails with the package
 * to install. Nothing is skipped silently.
 * @module
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/bin'];

/** Absolute path of `command`, or an error naming the Debian package that provides it. */
export function requireBinary(command: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(`${command} is not installed: apt-get install -y ${debianPackage}`);
}
