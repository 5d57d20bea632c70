/**
 * `manufacto-gateway send MACHINE FILE`: the CLI (a real process) hands the file to the running
 * gateway through its control socket; the gateway, which owns the port, streams it to the GRBL
 * simulator on a real pty. Mistakes are named: an unknown machine, no gateway running.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGatewayConfig } from '../../../gateway/src/config.js';
import { startGateway } from '../../../gateway/src/gateway.js';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { cleanUp, cleanups, wire } from '../defects/harness.js';
import { tempDir } from '../../support/temp-dir.js';

afterEach(cleanUp);

const root = fileURLToPath(new URL('../../..', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(root, 'gateway/src/main.ts'), ...args],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stdout: stdout.trim(),
          stderr: stderr.trim(),
        }),
    );
  });
}

describe('manufacto-gateway send', () => {
  it('streams a file through the running gateway and says how it ended', async () => {
    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { lineMs: 2 },
    });
    cleanups.push(() => sim.stop());
    const dir = tempDir('mf-send-');
    const yaml = [
      'site: atelier-nord',
      'gateway: gw-1',
      'broker:',
      '  url: mqtt://127.0.0.1:1',
      `dataDir: ${dir}`,
      'machines:',
      '  - id: laser-1',
      '    name: Laser',
      '    kind: laser',
      '    profile: grbl',
      `    port: ${w.port}`,
      '    pollHz: 5',
    ].join('\n');
    const configFile = join(dir, 'gateway.yaml');
    writeFileSync(configFile, yaml);
    const gateway = startGateway({ config: loadGatewayConfig(configFile), log: () => undefined });
    cleanups.push(() => gateway.stop());
    await vi.waitFor(
      () => expect(gateway.status().machines[0]).toMatchObject({ phase: 'polling', state: 'idle' }),
      { timeout: 20_000, interval: 100 },
    );
    const lines = Array.from(
      { length: 500 },
      (_, i) => `G1 X${i % 100} Y${Math.floor(i / 100)} S300 F3000`,
    );
    const file = join(dir, 'plaque.nc');
    writeFileSync(file, `(plaque)\n${lines.join('\n')}\n`);
    const accepted: string[] = [];
    sim.on('accepted', (l) => accepted.push(l));

    const sent = await cli(['send', 'laser-1', file, '--config', configFile]);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^laser-1: 500 lines, about \d+ s/);
    expect(sent.stdout).toMatch(/laser-1: completed$/);
    expect(accepted.filter((l) => l.startsWith('G1'))).toEqual(lines);

    const unknown = await cli(['send', 'laser-9', file, '--config', configFile]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'manufacto-gateway: no serial machine "laser-9" on this gateway',
    });
    const nothing = await cli(['cancel', 'laser-1', '--config', configFile]);
    expect(nothing).toMatchObject({
      code: 1,
      stderr: 'manufacto-gateway: machine laser-1 has no job streamed by the gateway',
    });

    await gateway.stop();
    const stopped = await cli(['send', 'laser-1', file, '--config', configFile]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('no gateway is running with this config');
  }, 120_000);
});
