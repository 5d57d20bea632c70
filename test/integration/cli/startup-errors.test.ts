/**
 * A newcomer's mistakes at start: one clear line naming the file, the field or the port, and the
 * fix — never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, script), ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { code: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe('startup errors', () => {
  it('the gateway names the config file and each wrong field, in one line, without a stack trace', () => {
    const dir = tempDir('mf-cli-');
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      'site: Atelier Nord\ngateway: gw-1\nmachines:\n  - id: laser-1\n    name: Laser\n    kind: toaster\n    port: /dev/ttyUSB0\n',
    );
    const { code, stderr } = run('gateway/src/main.ts', ['--config', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`manufacto-gateway: ${file}: site: use lowercase letters`);
    expect(stderr).toContain('machines[0].kind');
    expect(stderr).toContain('see gateway.example.yaml');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('the gateway says when the config file does not exist', () => {
    const { code, stderr } = run('gateway/src/main.ts', ['--config', '/nonexistent/gateway.yaml']);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(
      'manufacto-gateway: /nonexistent/gateway.yaml: file not found',
    );
  });

  it('probing a port that does not exist names the port and what to check', () => {
    const { code, stderr } = run('gateway/src/main.ts', ['probe', '/dev/ttyNOPE0']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /serial port \/dev\/ttyNOPE0 not found: is the machine on and its USB cable plugged in\?/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('the server names each wrong environment variable', () => {
    const { code, stderr } = run('server/src/main.ts', [], {
      PORT: 'huit-mille',
      LOG_LEVEL: 'bavard',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^manufacto-server: invalid environment: PORT="huit-mille": .*LOG_LEVEL="bavard"/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
