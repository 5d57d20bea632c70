/**
 * HTTPS polling (PrusaLink, OctoPrint) and Moonraker's WebSocket behind TLS with a workshop's own
 * CA: `tls.caFile` holds the CA, not the device's certificate, and the certificate the CA signed
 * names the device (prusa-mk4.atelier), not the address the gateway dials (127.0.0.1).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNetworkProfile } from '@manufacto/firmware-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { networkMachineSchema, resolveNetworkMachine } from './config.js';
import { deviceHttp } from './http-request.js';
import { openWebSocketLink } from './websocket-link.js';

const dir = mkdtempSync(join(tmpdir(), 'mf-private-ca-'));
const file = (name: string) => join(dir, name);

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: 'pipe', cwd: dir });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('openssl is missing: apt-get install openssl');
    throw error;
  }
}

/** A CA: its key and its self-signed certificate. */
function makeCa(name: string): void {
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    ]),
  );
}

let server: Server;
let wss: WebSocketServer;
let base: string;

beforeAll(async () => {
  makeCa('atelier-ca');
  makeCa('other-ca');
  openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-subj',
      '/CN=prusa-mk4.atelier',
      '-keyout',
      'device.key',
      '-out',
      'device.csr',
    ]),
  );
  writeFileSync(file('ext.cnf'), 'subjectAltName=DNS:prusa-mk4.atelier\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'device.csr',
      '-CA',
      'atelier-ca.pem',
      '-CAkey',
      'atelier-ca.key',
    ].concat(['-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'device.pem']),
  );
  server = createServer(
    { key: readFileSync(file('device.key')), cert: readFileSync(file('device.pem')) },
    (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"printer":{"state":"IDLE"}}');
    },
  );
  wss = new WebSocketServer({ server });
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const { id } = JSON.parse(data.toString()) as { id: number };
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, result: { klippy_state: 'ready' } }));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  wss?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const ca = (name: string) => readFileSync(file(`${name}.pem`), 'utf8');

describe('a device behind TLS with a private CA', () => {
  it('HTTPS polling trusts a certificate the CA of tls.caFile signed, and no other', async () => {
    const trusted = deviceHttp({ base, ca: ca('atelier-ca'), timeoutMs: 5000 });
    const answer = await trusted.request('GET', '/api/v1/status', {});
    trusted.close();
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('IDLE');

    const other = deviceHttp({ base, ca: ca('other-ca'), timeoutMs: 5000 });
    await expect(other.request('GET', '/api/v1/status', {})).rejects.toThrow(/certificate/i);
    other.close();
  });

  it('the WebSocket link (Moonraker over wss) trusts the CA of tls.caFile, whatever name the device’s certificate gives', async () => {
    const machineWith = (caFile: string) =>
      resolveNetworkMachine(
        networkMachineSchema.parse({
          id: 'voron',
          name: 'Voron',
          kind: 'printer',
          transport: 'websocket',
          profile: 'moonraker',
          url: base.replace('https:', 'wss:'),
          tls: { caFile },
        }),
        'machines[0]',
      );
    const run = (caFile: string) =>
      new Promise<string>((resolve) => {
        const machine = machineWith(caFile);
        const link = openWebSocketLink({
          machine,
          profile: getNetworkProfile('moonraker'),
          gateway: 'gw-1',
          backoffMs: 60_000,
          handlers: {
            onMessage: () => undefined,
            onUp: () => void link.stop().then(() => resolve('up')),
            onDown: (reason) => void link.stop().then(() => resolve(reason)),
            log: () => undefined,
          },
        });
        link.start();
      });
    expect(await run(file('atelier-ca.pem'))).toBe('up');
    expect(await run(file('other-ca.pem'))).toMatch(/certificate/i);
  });
});
