/**
 * Probing a port (what `manufacto-gateway probe PORT` does) on a real pty with each simulator
 * flavour: it names the firmware and the profile to put in gateway.yaml; the CLI says so when
 * nothing answers. The time each probe took is printed (a banner answers at once; otherwise every
 * dialect is asked at the same time after 1.5 s).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSerialConnection, probePort } from '@manufacto/gateway';
import { describe, expect, it } from 'vitest';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../../simulators/marlin/simulator.js';
import { openPtyPair } from '../../support/pty.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function probe(path: string): Promise<{ code: number | null; out: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(root, 'gateway/src/main.ts'), 'probe', path],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    // 'close', not 'exit': the output may still be in the pipes when the process exits.
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - started }));
  });
}

const cases = [
  { flavour: 'marlin', profile: 'marlin' },
  { flavour: 'prusa', profile: 'prusa' },
  { flavour: 'grbl', profile: 'grbl' },
  { flavour: 'grblhal', profile: 'grblhal' },
  { flavour: 'fluidnc', profile: 'fluidnc' },
  { flavour: 'smoothieware', profile: 'smoothieware' },
] as const;

describe.concurrent('probing a serial port', () => {
  // Concurrent tests take their hooks from their own context.
  it.for(cases)(
    'names $flavour and its profile',
    async ({ flavour, profile }, { onTestFinished }) => {
      const pair = await openPtyPair({ name: `probe-${flavour}` });
      onTestFinished(() => pair.stop());
      const sim =
        flavour === 'marlin' || flavour === 'prusa'
          ? await startMarlinSimulator({ path: pair.devicePath, flavour })
          : await startGrblSimulator({ path: pair.devicePath, machine: 'laser', variant: flavour });
      onTestFinished(() => sim.stop());
      const started = performance.now();
      // In the test process (several CLIs compiling TypeScript at once would only measure tsx).
      const result = await probePort(openSerialConnection, pair.hostPath, 115200);
      console.log(`probe ${flavour}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      expect(result.identity?.profile, result.lines.join('\n')).toBe(profile);
    },
  );

  it('the CLI says so when nothing answers', async ({ onTestFinished }) => {
    const pair = await openPtyPair({ name: 'probe-silent' });
    onTestFinished(() => pair.stop());
    const result = await probe(pair.hostPath);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`no known firmware answered on ${pair.hostPath} at 115200 baud`);
  });
});
