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

/** A device key and its certificate, named `name`, signed by `caName` (self-signed without it). */
function makeDevice(name: string, caName?: string): void {
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const subj = ['-subj', `/CN=${name}`, '-keyout', `${name}.key`];
  writeFileSync(file(`${name}.cnf`), `subjectAltName=DNS:${name}\n`);
  if (!caName) {
    openssl(['req', '-x509', ...newKey, '-days', '2', ...subj, '-out', `${name}.pem`]);
    return;
  }
  openssl(['req', '-new', ...newKey, ...subj, '-out', `${name}.csr`]);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${caName}.pem`,
      '-CAkey',
      `${caName}.key`,
    ].concat(['-CAcreateserial', '-days', '2', '-extfile', `${name}.cnf`, '-out', `${name}.pem`]),
  );
}

const servers: { server: Server; wss: WebSocketServer }[] = [];

/** An HTTPS + wss device at 127.0.0.1 presenting the certificate `name`; its https:// base. */
async function serve(name: string): Promise<string> {
  const server = createServer(
    { key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.pem`)) },
    (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"printer":{"state":"IDLE"}}');
    },
  );
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const { id } = JSON.parse(data.toString()) as { id: number };
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, result: { klippy_state: 'ready' } }));
    }),
  );
  servers.push({ server, wss });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The PrusaLink (prusa-mk4.atelier, signed by the workshop CA). */
let base: string;
/** Another device of the same workshop CA (voron.atelier). */
let otherDevice: string;
/** An OctoPrint with its own self-signed certificate (octopi.local). */
let selfSigned: string;

beforeAll(async () => {
  makeCa('atelier-ca');
  makeCa('other-ca');
  makeDevice('prusa-mk4.atelier', 'atelier-ca');
  makeDevice('voron.atelier', 'atelier-ca');
  makeDevice('octopi.local');
  base = await serve('prusa-mk4.atelier');
  otherDevice = await serve('voron.atelier');
  selfSigned = await serve('octopi.local');
});

afterAll(async () => {
  for (const { server, wss } of servers) {
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

const ca = (name: string) => readFileSync(file(`${name}.pem`), 'utf8');

const get = async (o: { base: string; ca: string; servername?: string }) => {
  const client = deviceHttp({ ...o, timeoutMs: 5000 });
  try {
    return await client.request('GET', '/api/v1/status', {});
  } finally {
    client.close();
  }
};

/** Moonraker over wss at `url`, trusting `caFile`: 'up' or the reason it went down. */
const runWs = (url: string, caFile: string, servername?: string) =>
  new Promise<string>((resolve) => {
    const machine = resolveNetworkMachine(
      networkMachineSchema.parse({
        id: 'voron',
        name: 'Voron',
        kind: 'printer',
        transport: 'websocket',
        profile: 'moonraker',
        url: url.replace('https:', 'wss:'),
        tls: { caFile, ...(servername !== undefined ? { servername } : {}) },
      }),
      'machines[0]',
    );
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

describe('a device behind TLS with a private CA', () => {
  it('HTTPS polling trusts a certificate the CA of tls.caFile signed for tls.servername, and no other CA', async () => {
    const answer = await get({ base, ca: ca('atelier-ca'), servername: 'prusa-mk4.atelier' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('IDLE');
    await expect(
      get({ base, ca: ca('other-ca'), servername: 'prusa-mk4.atelier' }),
    ).rejects.toThrow(/certificate/i);
  });

  it('another device’s certificate signed by the same CA is refused', async () => {
    // voron.atelier answering where the PrusaLink is expected would collect its API key.
    const atelier = ca('atelier-ca');
    await expect(
      get({ base: otherDevice, ca: atelier, servername: 'prusa-mk4.atelier' }),
    ).rejects.toThrow(/voron\.atelier/);
    // Without tls.servername the name is the host dialled, which no CA-signed certificate names here.
    await expect(get({ base: otherDevice, ca: atelier })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(get({ base, ca: atelier })).rejects.toThrow(/127\.0\.0\.1/);
    expect(await runWs(otherDevice, file('atelier-ca.pem'), 'prusa-mk4.atelier')).toMatch(
      /voron\.atelier/,
    );
  });

  it('a device’s own self-signed certificate in tls.caFile is the check, whatever it names', async () => {
    const answer = await get({ base: selfSigned, ca: ca('octopi.local') });
    expect(answer.status).toBe(200);
    // Pinning wins over a servername the certificate does not carry.
    expect(
      (await get({ base: selfSigned, ca: ca('octopi.local'), servername: 'x.y' })).status,
    ).toBe(200);
    expect(await runWs(selfSigned, file('octopi.local.pem'))).toBe('up');
  });

  it('the WebSocket link (Moonraker over wss) trusts the CA of tls.caFile for the device named in tls.servername', async () => {
    expect(await runWs(base, file('atelier-ca.pem'), 'prusa-mk4.atelier')).toBe('up');
    expect(await runWs(base, file('other-ca.pem'), 'prusa-mk4.atelier')).toMatch(/certificate/i);
  });

  it('tls.servername is a host name', () => {
    const parse = (servername: string) =>
      networkMachineSchema.safeParse({
        id: 'voron',
        name: 'Voron',
        kind: 'printer',
        transport: 'websocket',
        profile: 'moonraker',
        url: 'wss://192.168.1.70:7125',
        tls: { caFile: '/etc/manufacto/atelier-ca.pem', servername },
      }).success;
    expect(parse('voron.atelier')).toBe(true);
    expect(parse('https://voron.atelier')).toBe(false);
    expect(parse('')).toBe(false);
  });
});
