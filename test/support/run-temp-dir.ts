/**
 * The integration project's global set-up: one temp folder for the whole run, handed to the test
 * workers as TMPDIR (they are started after this, with this environment), and removed when the
 * run ends. `tempDir()` removes its folders when their test finishes; one made in a `beforeAll` or
 * at a module's top level was to go at the worker's exit, but vitest ends its workers without
 * Node's 'exit' event (checked: startDashboardServer's folders stayed), and a plain mkdtemp of a
 * harness or file was never removed at all. 0755: mosquitto drops to its own user and must reach
 * its folder inside.
 * @module
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'mf-run-'));
  chmodSync(dir, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
