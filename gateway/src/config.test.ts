import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig, parseGatewayConfig } from './config.js';
import { tempDir } from './temp-dir.test-harness.js';

const machine = { id: 'laser-1', name: 'Laser CO2', kind: 'laser', port: '/dev/ttyUSB0' };

function write(text: string): string {
  const file = join(tempDir('mf-config-'), 'gateway.yaml');
  writeFileSync(file, text);
  return file;
}

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway config', () => {
  it('fills every default from the schema', () => {
    const config = parseGatewayConfig({ site: 'atelier', gateway: 'gw-1', machines: [machine] });
    expect(config.broker.url).toBe('mqtt://localhost:1883');
    expect(config.outbox).toEqual({
      maxMessages: 1_000_000,
      whenFull: 'drop-oldest-telemetry',
      maxInFlight: 100,
    });
    expect(config.machines[0]).toMatchObject({
      profile: 'auto',
      baudRate: 115200,
      pollHz: 2,
      transport: 'serial',
      okTimeoutSeconds: 30,
    });
  });

  it('names the file and the field that is wrong', () => {
    const message = problems(() =>
      parseGatewayConfig(
        { site: 'Atelier Nord', gateway: 'gw-1', machines: [{ ...machine, kind: 'oven' }] },
        'gw.yaml',
      ),
    );
    expect(message).toMatch(/^gw\.yaml: /);
    expect(message).toContain('site: use lowercase letters');
    expect(message).toContain('machines[0].kind');
  });

  it('lists the known profiles when a profile is unknown', () => {
    const message = problems(() =>
      parseGatewayConfig({
        site: 'a',
        gateway: 'g',
        machines: [{ ...machine, profile: 'reprap' }],
      }),
    );
    expect(message).toMatch(
      /machines\[0\]\.profile: unknown profile "reprap"; known profiles: .*auto/,
    );
  });

  it('refuses two machines on one serial port', () => {
    const message = problems(() =>
      parseGatewayConfig({
        site: 'a',
        gateway: 'g',
        machines: [machine, { ...machine, id: 'laser-2' }],
      }),
    );
    expect(message).toContain(
      'machines[1].port: /dev/ttyUSB0 is already used by machine "laser-1"',
    );
  });

  it('takes a bridge port per machine, listening on this box only by default, and refuses one port twice', () => {
    const config = parseGatewayConfig({
      site: 'a',
      gateway: 'g',
      machines: [{ ...machine, bridge: { port: 2323 } }],
    });
    // Unauthenticated: the workshop's Wi-Fi reaches it only when the file says so.
    expect(config.machines[0]).toMatchObject({ bridge: { port: 2323, listen: '127.0.0.1' } });
    const open = parseGatewayConfig({
      site: 'a',
      gateway: 'g',
      machines: [{ ...machine, bridge: { port: 2323, listen: '0.0.0.0' } }],
    });
    expect(open.machines[0]).toMatchObject({ bridge: { listen: '0.0.0.0' } });
    const message = problems(() =>
      parseGatewayConfig({
        site: 'a',
        gateway: 'g',
        machines: [
          { ...machine, bridge: { port: 2323 } },
          { ...machine, id: 'cnc-1', port: '/dev/ttyUSB1', bridge: { port: 2323 } },
        ],
      }),
    );
    expect(message).toContain(
      'machines[1].bridge.port: 2323 is already the bridge of machine "laser-1"',
    );
  });

  it('takes a network serial port (FluidNC telnet, ser2net) and names a malformed one', () => {
    const config = parseGatewayConfig({
      site: 'a',
      gateway: 'g',
      machines: [{ ...machine, port: 'tcp://192.168.1.40:23' }],
    });
    expect(config.machines[0]).toMatchObject({ port: 'tcp://192.168.1.40:23' });
    for (const port of ['tcp://fluidnc.local', 'tcp://host:99999', 'tcp://:23']) {
      expect(
        problems(() =>
          parseGatewayConfig({ site: 'a', gateway: 'g', machines: [{ ...machine, port }] }),
        ),
      ).toContain(
        `machines[0].port: "${port}" is not a network serial address; write tcp://host:port`,
      );
    }
  });

  it('refuses polling faster than 5 Hz', () => {
    expect(
      problems(() =>
        parseGatewayConfig({ site: 'a', gateway: 'g', machines: [{ ...machine, pollHz: 10 }] }),
      ),
    ).toContain('machines[0].pollHz');
  });

  it('reports broken YAML with its line', () => {
    const file = write('site: a\nmachines:\n  - id: [unclosed\n');
    expect(problems(() => loadGatewayConfig(file))).toMatch(/gateway\.yaml: line \d+, column \d+/);
  });

  it('says when the file does not exist', () => {
    expect(problems(() => loadGatewayConfig('/nonexistent/gateway.yaml'))).toBe(
      '/nonexistent/gateway.yaml: file not found',
    );
  });

  it('loads a valid YAML file', () => {
    const file = write(
      'site: atelier\ngateway: gw-1\nmachines:\n  - id: cnc-1\n    name: Fraiseuse\n    kind: cnc\n    port: /dev/ttyACM0\n',
    );
    expect(loadGatewayConfig(file).machines[0]?.id).toBe('cnc-1');
  });
});
