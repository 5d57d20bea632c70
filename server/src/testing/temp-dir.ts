/**
 * A temp folder for a unit test, removed when the test finishes (vitest's `onTestFinished`). The
 * integration tests have test/support/temp-dir.ts; a package's tests cannot import from test/.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

export function tempDir(prefix = 'mf-unit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
