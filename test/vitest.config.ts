/**
 * The one vitest configuration: a project per package for unit tests (beside the code), plus the
 * integration and end-to-end tests of this folder. Run from the repository root:
 * `vitest run --config test/vitest.config.ts [--project NAME]`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// Internal packages export a `source` condition pointing at src/*.ts, so tests run live code, not dist.
const resolve = { conditions: ['source', 'import', 'module', 'node', 'default'] };

const unit = (name: string) => ({
  resolve,
  ssr: { resolve: { conditions: resolve.conditions, externalConditions: ['source'] } },
  test: {
    name,
    root: `${root}${name}`,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Files of a worker share their imported modules: each server test file imported the whole
    // app again (98 s of the server's 178 s on the shared box, 8 s so). A test that changes a
    // global (fake timers, a stub) restores it in its own hooks.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    projects: [
      unit('firmware-profiles'),
      unit('gateway'),
      unit('server'),
      unit('dashboard'),
      {
        resolve,
        ssr: { resolve: { conditions: resolve.conditions, externalConditions: ['source'] } },
        test: {
          name: 'integration',
          root: `${root}test`,
          include: [
            'integration/**/*.test.ts',
            'fault/**/*.test.ts',
            'simulators/**/*.test.ts',
            'support/**/*.test.ts',
            'e2e/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One temp folder for the run, removed at its end (support/run-temp-dir.ts).
          globalSetup: ['support/run-temp-dir.ts'],
          // Real daemons and ptys: run files one after another so that two suites never fight for the CPU.
          fileParallelism: false,
          // One worker for all the files, sharing the modules they import: each file imported the
          // server, the gateway and the simulators again (import was half of this project's wall
          // time on the shared box). Every file stops what it starts (harnesses end with their
          // test), and what a file leaves running is killed when the worker exits.
          isolate: false,
          // After the unit projects, as before: a group holds projects of one worker count.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
