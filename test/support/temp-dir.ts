/**
 * Temp folders of the tests, removed when they are no longer used: at the end of the test that
 * made one (vitest's `onTestFinished`), or, made outside a test (a `beforeAll`, a module), when
 * the test process exits, which vitest's workers do without Node's 'exit' event: in the
 * integration project such a folder goes with the run's own temp folder (`run-temp-dir.ts`).
 *
 * @example
 * const dir = tempDir('mf-upload-');
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished, TestRunner } from 'vitest';

const atExit = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of atExit) rmSync(dir, { recursive: true, force: true });
  atExit.clear();
}

/** True while a test runs (not in a `beforeAll`, nor at a module's top level). */
export function insideTest(): boolean {
  return TestRunner.getCurrentTest() !== undefined;
}

/**
 * Runs `undo` when the current test finishes (last registered, first run); throws `what` is to
 * be started inside a test when there is none, so that nothing outlives its test unnoticed.
 */
export function whenTestEnds(what: string, undo: () => unknown): void {
  if (!insideTest())
    throw new Error(`${what} stops with its test: start it inside a test, not in a hook`);
  onTestFinished(async () => {
    await undo();
  });
}

/** A fresh folder under the system's temp dir, named `prefix` + random, removed after use. */
export function tempDir(prefix = 'mf-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (insideTest()) {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } else {
    atExit.add(dir);
    if (!hooked) {
      hooked = true;
      process.on('exit', removeAll);
    }
  }
  return dir;
}
