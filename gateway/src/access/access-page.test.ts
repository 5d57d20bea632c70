import { request } from 'node:http';
import { hostname } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGatewayConfig } from '../config.js';
import { AccessPage, type AccessPageOptions } from './access-page.js';
import { askServer, type AccessAnswer } from './ask-server.js';
import { RelayKeeper } from './relay-keeper.js';

const pages: AccessPage[] = [];
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.stop();
  for (const s of stops.splice(0)) s();
});

async function open(
  over: Partial<AccessPageOptions> &
    Pick<AccessPageOptions, 'ask'> & { working?: () => boolean; recheckMs?: number },
) {
  const switched: boolean[] = [];
  const relays = new RelayKeeper({
    relay: async (_m, on) => void switched.push(on),
    working: over.working ?? (() => false),
    recheckMs: over.recheckMs ?? 30_000,
    log: () => undefined,
  });
  const page = new AccessPage({
    listen: '127.0.0.1',
    port: 0,
    machines: [{ id: 'laser', name: 'Laser' }],
    relays,
    whenServerAway: 'refuse',
    offlineMinutes: 30,
    log: () => undefined,
    ...over,
  });
  pages.push(page);
  stops.push(() => relays.stop());
  const port = await page.start();
  const type = async (code: string, machine = 'laser', from: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/unlock`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...from },
      body: new URLSearchParams({ machine, code }).toString(),
    });
    return { status: res.status, html: await res.text() };
  };
  return { switched, type, port };
}

const granted = (until: number): AccessAnswer => ({
  allowed: true,
  as: 'walk_in',
  member: { id: 'camille', name: 'Camille <Roux>' },
  until,
  next: null,
});

describe('the access page', () => {
  it('switches the relay on when allowed and off when the grant runs out, not while the machine works', async () => {
    let working = true;
    let looked = 0;
    const { switched, type } = await open({
      ask: async () => granted(Date.now() + 50),
      working: () => {
        looked += 1;
        return working;
      },
      recheckMs: 20,
    });
    const res = await type('24681012');
    expect(res.status).toBe(200);
    // The name is the server's words, escaped.
    expect(res.html).toContain('Camille &#60;Roux&#62;');
    // The grant ran out and the lock looked twice at the working machine: still on.
    await vi.waitFor(() => expect(looked).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    expect(switched).toEqual([true]);
    working = false;
    await vi.waitFor(() => expect(switched).toEqual([true, false]), { timeout: 2000 });
  });

  it('leaves the relay alone and shows the reasons when refused', async () => {
    const { switched, type } = await open({
      ask: async () => ({
        allowed: false,
        reasons: [{ code: 'not_your_slot', message: { fr: 'Pas à vous.', en: 'Not yours.' } }],
      }),
    });
    const res = await type('24681012');
    expect(res.status).toBe(403);
    expect(res.html).toContain('<li data-code="not_your_slot">Pas à vous.');
    expect(switched).toEqual([]);
    expect((await type('1', 'nope')).status).toBe(400);
  });

  it('refuses a form posted from another site’s page, and takes one from its own', async () => {
    let asked = 0;
    const { switched, type, port } = await open({
      ask: async () => {
        asked += 1;
        return granted(Date.now() + 60_000);
      },
    });
    const forged = await type('24681012', 'laser', { origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('depuis cette page');
    const crossSite = await type('24681012', 'laser', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await type('24681012', 'laser', { origin: 'null' })).toMatchObject({ status: 403 });
    expect([asked, switched]).toEqual([0, []]);
    const own = await type('24681012', 'laser', {
      origin: `http://127.0.0.1:${port}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    expect(switched).toEqual([true]);
  });

  it('answers 421 to a request for another host, as under DNS rebinding, and takes its own names', async () => {
    let asked = 0;
    const { switched, port } = await open({
      ask: async () => {
        asked += 1;
        return granted(Date.now() + 60_000);
      },
      hostnames: ['Atelier-GW.local'],
    });
    // A raw request: fetch() will not set Host, and a rebound browser sends its own page's name.
    const send = (method: 'GET' | 'POST', headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const body = new URLSearchParams({ machine: 'laser', code: '24681012' }).toString();
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path: method === 'GET' ? '/' : '/unlock',
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.once('error', reject);
        req.end(method === 'POST' ? body : undefined);
      });
    const evil = `evil.example:${port}`;
    expect(await send('GET', { host: evil })).toBe(421);
    expect(
      await send('POST', {
        host: evil,
        origin: `http://${evil}`,
        'sec-fetch-site': 'same-origin',
      }),
    ).toBe(421);
    expect([asked, switched]).toEqual([0, []]);
    // The gateway's own names: the listen address, localhost, and access.hostnames (any case).
    expect(await send('GET', { host: `localhost:${port}` })).toBe(200);
    expect(await send('GET', { host: `atelier-gw.local:${port}` })).toBe(200);
    // The box's own name and its mDNS name, with no access.hostnames: a kiosk typing either.
    expect(await send('GET', { host: `${hostname()}:${port}` })).toBe(200);
    expect(await send('GET', { host: `${hostname()}.local:${port}` })).toBe(200);
    // An origin among them, whatever the Host said; never another one.
    expect(await send('POST', { host: `127.0.0.1:${port}`, origin: `http://${evil}` })).toBe(403);
    expect(
      await send('POST', {
        host: `atelier-gw.local:${port}`,
        origin: `http://atelier-gw.local:${port}`,
      }),
    ).toBe(200);
    expect(switched).toEqual([true]);
  });

  it('refuses when the server is away, unless the config says to unlock for a while', async () => {
    // A port nothing listens on (opened free, then closed): the server is away.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const ask = (machine: string, code: string) =>
      askServer(
        { serverUrl: `http://127.0.0.1:${port}`, gateway: 'gw', password: 'x' },
        machine,
        code,
      );
    const refusing = await open({ ask });
    const refused = await refusing.type('24681012');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('data-code="server_unreachable"');
    expect(refusing.switched).toEqual([]);
    const lenient = await open({ ask, whenServerAway: 'unlock' });
    const let_in = await lenient.type('24681012');
    expect(let_in.status).toBe(200);
    expect(let_in.html).toContain('sans l’avis du serveur');
    expect(lenient.switched).toEqual([true]);
  });

  it('needs server.url in the config when the page is on, naming the field', () => {
    const config = {
      site: 'atelier',
      gateway: 'gw',
      access: { port: 8090 },
      machines: [
        { id: 'laser', name: 'Laser', kind: 'laser', profile: 'grbl', port: '/dev/ttyUSB0' },
      ],
    };
    expect(() => parseGatewayConfig(config)).toThrow(
      /server\.url: the access page asks the server/,
    );
    expect(
      parseGatewayConfig({ ...config, server: { url: 'http://manufacto.local' } }).access,
    ).toEqual({
      port: 8090,
      listen: '127.0.0.1',
      hostnames: [],
      whenServerAway: 'refuse',
      offlineMinutes: 60,
    });
  });
});
