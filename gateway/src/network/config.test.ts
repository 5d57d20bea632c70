import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigError, parseGatewayConfig } from '../config.js';
import { redact } from '../diagnostics.js';
import { type NetworkMachineConfig, resolveNetworkMachine } from './config.js';
import { tempDir } from '../temp-dir.test-harness.js';

const base = { site: 'atelier-nord', gateway: 'gw-atelier' };
const bambu = {
  id: 'bambu-x1c',
  name: 'Bambu X1C',
  kind: 'printer',
  transport: 'mqtt',
  profile: 'bambu',
  url: 'mqtts://192.168.1.50:8883',
  device: '01S00C123456789',
  tls: { trust: 'any' },
};

function problems(machine: Record<string, unknown>): string[] {
  try {
    parseGatewayConfig({ ...base, machines: [machine] });
    return [];
  } catch (error) {
    return (error as ConfigError).problems as string[];
  }
}

describe('network machines in gateway.yaml', () => {
  it('takes a machine without transport as serial, and one with mqtt, http or websocket as network', () => {
    const config = parseGatewayConfig({
      ...base,
      machines: [
        { id: 'laser-1', name: 'Laser', kind: 'laser', port: '/dev/ttyUSB0' },
        bambu,
        {
          id: 'voron',
          name: 'Voron',
          kind: 'printer',
          transport: 'websocket',
          profile: 'moonraker',
          url: 'ws://voron.local:7125',
        },
      ],
    });
    expect(config.machines.map((m) => m.transport)).toEqual(['serial', 'mqtt', 'websocket']);
  });

  it('names each wrong field: profile, transport the profile does not speak, url, device, power, tls', () => {
    expect(problems({ ...bambu, profile: 'creality' })).toEqual([
      'machines[0].profile: unknown network profile "creality"; known network profiles: bambu, moonraker, octoprint, prusalink, shelly, tasmota',
    ]);
    expect(problems({ ...bambu, transport: 'http', url: 'http://192.168.1.50' })).toEqual([
      'machines[0].transport: profile bambu speaks mqtt, not http',
    ]);
    expect(problems({ ...bambu, url: 'http://192.168.1.50' })).toEqual([
      'machines[0].url: "http://192.168.1.50" is not a mqtt address (e.g. mqtts://192.168.1.50:8883)',
    ]);
    const { device: _d, ...noDevice } = bambu;
    expect(problems(noDevice)).toEqual([
      "machines[0].device: profile bambu needs the device's name in its topics (serial number, topic prefix)",
    ]);
    expect(problems({ ...bambu, tls: {} })).toEqual([
      'machines[0].tls: give tls.caFile (the device’s certificate, e.g. from `openssl s_client -connect HOST:PORT -showcerts`) or tls.trust: any',
    ]);
    const shelly = {
      id: 'laser',
      name: 'Laser',
      kind: 'laser',
      transport: 'mqtt',
      profile: 'shelly',
      url: 'mqtt://10.0.0.2',
      device: 'shelly-1',
    };
    expect(problems(shelly)).toEqual([
      'machines[0].power: profile shelly is a power meter: give power.idleBelowW and power.workingAboveW',
    ]);
    expect(problems({ ...shelly, power: { idleBelowW: 100, workingAboveW: 50 } })).toEqual([
      'machines[0].power: workingAboveW (50 W) must be above idleBelowW (100 W): the band between them is the hysteresis',
    ]);
    expect(problems({ ...bambu, transport: 'zigbee' })).toEqual([
      'machines[0].transport: transport must be serial (the default), mqtt, http or websocket',
    ]);
  });

  it('reads secrets from a file or the environment at boot, and names the field when one is missing', () => {
    const dir = tempDir('mf-secret-');
    writeFileSync(join(dir, 'code'), '12345678\n');
    const config = parseGatewayConfig({
      ...base,
      machines: [{ ...bambu, password: { file: join(dir, 'code') } }],
    });
    const machine = config.machines[0] as NetworkMachineConfig;
    expect(resolveNetworkMachine(machine, 'machines[0]').password).toBe('12345678');
    const fromEnv = { ...machine, password: { env: 'BAMBU_CODE' } };
    expect(resolveNetworkMachine(fromEnv, 'machines[0]', { BAMBU_CODE: 'abcd' }).password).toBe(
      'abcd',
    );
    expect(() => resolveNetworkMachine(fromEnv, 'machines[0]', {})).toThrow(
      'machines[0].password: environment variable BAMBU_CODE is not set',
    );
    expect(() =>
      resolveNetworkMachine({ ...machine, password: { file: join(dir, 'nope') } }, 'machines[0]'),
    ).toThrow(`machines[0].password: cannot read ${join(dir, 'nope')} (ENOENT)`);
  });

  it('never shows a machine’s password or API key in diagnostics', () => {
    const config = parseGatewayConfig({
      ...base,
      machines: [
        { ...bambu, password: 'secret-code' },
        {
          id: 'mk4',
          name: 'MK4',
          kind: 'printer',
          transport: 'http',
          profile: 'prusalink',
          url: 'http://10.0.0.9',
          apiKey: 'key-1',
        },
      ],
    });
    const text = JSON.stringify(redact(config));
    expect(text).not.toContain('secret-code');
    expect(text).not.toContain('key-1');
    expect(text.match(/REDACTED/g)).toHaveLength(2);
  });
});
