/**
 * Access at the machine, end to end: a real server (embedded broker, SQLite, MQTT logins), a real
 * gateway logged in with the secret the server issued, its access page, and our Shelly plug
 * simulator on a real mosquitto (the workshop's broker) in front of a laser. A refused code leaves
 * the plug open (unpowered) and says why; an accepted one closes it, and the job cut then is
 * credited to the person who typed the code — not to the member whose slot it starts in. A start
 * from the dashboard closes the plug through the server's MQTT `unlock`.
 */
import { join } from 'node:path';
import { parseGatewayConfig, startGateway } from '@manufacto/gateway';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShellySimulator } from '../../simulators/shelly/simulator.js';
import { startBroker } from '../../support/broker.js';
import { startSite } from '../../support/site.js';
import { cleanUp, cleanups } from '../defects/harness.js';

afterEach(cleanUp);

const SITE = 'atelier-acces';
const MACHINE = 'laser-ruida';
const PREFIX = 'shellyplusplugs-80646fd031f8';
const MINUTE = 60_000;
const allDay = [{ open: '00:00', close: '24:00' }];

describe('unlocking a machine with a code', () => {
  it('refuses with the reason and the relay open, then unlocks and credits who started the job', async () => {
    const workshop = await startBroker('mosquitto');
    const plug = await ShellySimulator.start({
      brokerUrl: workshop.url,
      prefix: PREFIX,
      idleWatts: 40,
      reportMs: 300,
    });
    cleanups.push(() => plug.stop());
    // The server's clock is moved on at the end, for the keeper to judge the slot once begun.
    let shift = 0;
    const site = await startSite({ prefix: 'mf-access-', clock: () => Date.now() + shift });
    const { server, dir, admin } = site;
    const api = async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await site.api(path, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as T;
    };
    // A workshop open round the clock (in UTC), with a setting-up grace of an hour: a job that
    // starts within the hour before a slot is its holder's unless the machine says who started it.
    await api('PUT', `/sites/${SITE}`, {
      name: 'Atelier accès',
      timezone: 'UTC',
      openingHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, allDay])),
      holidays: 'none',
      rules: {
        granularityMin: 15,
        minMin: 15,
        maxMin: 240,
        cancelDeadlineMin: 0,
        moveDeadlineMin: 0,
        noShowGraceMin: 60,
        releaseGraceMin: 15,
      },
    });
    await api('PUT', '/plans/libre', {
      name: 'Libre',
      site: SITE,
      priorityClass: 1,
      bookAheadDays: 28,
      quotas: [],
    });
    await api('PUT', '/qualifications/laser', { name: 'Découpe laser', site: SITE });
    for (const id of ['camille', 'lucas', 'nadia'])
      await api('PUT', `/members/${id}`, {
        name: { camille: 'Camille Roux', lucas: 'Lucas Petit', nadia: 'Nadia Benali' }[id],
        email: `${id}@example.fr`,
        plan: 'libre',
        sites: [SITE],
      });
    await api('PUT', `/machines/${MACHINE}/sharing`, {
      site: SITE,
      name: 'Laser CO2 (Ruida)',
      kind: 'laser',
      hourlyRateCents: 2500,
      bufferMin: 0,
      qualification: 'laser',
      billingMode: 'used',
    });
    await api('PUT', '/members/camille/qualifications/laser');
    await api('PUT', '/members/lucas/qualifications/laser');
    // Lucas holds the laser from the quarter hour after the next 16 minutes.
    const start = Math.ceil((Date.now() + 16 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
    const held = await api<{ reservation: { status: string } }>('POST', '/reservations', {
      member: 'lucas',
      machine: MACHINE,
      start: new Date(start).toISOString(),
      end: new Date(start + 60 * MINUTE).toISOString(),
    });
    expect(held.reservation.status).toBe('confirmed');
    await api('PUT', '/members/camille/access-code', { code: '24681012' });
    await api('PUT', '/members/nadia/access-code', { code: '13579111' });
    const { password } = await api<{ password: string }>('PUT', '/gateways/gw-acces', {
      site: SITE,
      machines: [MACHINE],
    });

    const gateway = startGateway({
      config: parseGatewayConfig({
        site: SITE,
        gateway: 'gw-acces',
        broker: { url: server.mqttUrl, username: 'gw-acces', password, reconnectSeconds: 0.5 },
        server: { url: server.httpUrl },
        access: { port: 0 },
        dataDir: join(dir, 'gateway'),
        machines: [
          {
            id: MACHINE,
            name: 'Laser CO2 (Ruida)',
            kind: 'laser',
            transport: 'mqtt',
            profile: 'shelly',
            url: workshop.url,
            device: PREFIX,
            power: { idleBelowW: 60, workingAboveW: 250, startAfterSeconds: 1, endAfterSeconds: 2 },
          },
        ],
      }),
      log: () => undefined,
    });
    cleanups.push(() => gateway.stop());
    const port = await gateway.accessPort();
    expect(port).toBeGreaterThan(0);
    await vi.waitFor(
      async () => {
        const view = await (await fetch(`${server.httpUrl}/api/machines/${MACHINE}`)).json();
        expect(view).toMatchObject({ state: 'idle', metrics: { power_w: 40 } });
      },
      { timeout: 20_000, interval: 200 },
    );
    // Locked between people: the plug is open.
    await gateway.switchRelay(MACHINE, false);
    await vi.waitFor(() => expect(plug.output).toBe(false), { timeout: 10_000 });
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(page).toContain('<option value="laser-ruida">Laser CO2 (Ruida)</option>');
    const type = async (code: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/unlock`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ machine: MACHINE, code }).toString(),
      });
      return { status: res.status, html: await res.text() };
    };

    // Nadia has no laser training: refused, in words, and the plug stays open.
    const refused = await type('13579111');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Il vous faut la formation « Découpe laser »');
    expect(refused.html).toContain('data-code="no_qualification"');
    const unknown = await type('00000000');
    expect([unknown.status, unknown.html.includes('Code inconnu.')]).toEqual([403, true]);
    expect(plug.output).toBe(false);

    // Camille walks in before Lucas's slot: the plug closes and the page says until when.
    const allowed = await type('24681012');
    expect(allowed.status, allowed.html).toBe(200);
    expect(allowed.html).toContain('est à vous, Camille Roux');
    expect(allowed.html).toContain('Créneau suivant');
    await vi.waitFor(() => expect(plug.output).toBe(true), { timeout: 10_000 });

    // She cuts; the session ends; once Lucas's slot has begun the keeper judges it: hers.
    await plug.cut(800, 3);
    const sessions = async () =>
      (
        (await (
          await fetch(`${server.httpUrl}/api/usage-sessions?machine=${MACHINE}`, { headers: admin })
        ).json()) as {
          usageSessions: Array<{ id: string; member: string | null; reservation: string | null }>;
        }
      ).usageSessions;
    await vi.waitFor(async () => expect(await sessions()).toHaveLength(1), {
      timeout: 20_000,
      interval: 300,
    });
    // Locked again, a manager starts it for her from the dashboard: the server tells the gateway
    // over MQTT (unlock on the machine's command topic) and the plug closes.
    await gateway.switchRelay(MACHINE, false);
    await vi.waitFor(() => expect(plug.output).toBe(false), { timeout: 10_000 });
    const started = await api('POST', `/machines/${MACHINE}/access`, { member: 'camille' });
    expect(started).toMatchObject({ allowed: true, as: 'walk_in', gateway: 'told' });
    await vi.waitFor(() => expect(plug.output).toBe(true), { timeout: 10_000 });

    shift = start + 5 * MINUTE - Date.now();
    await server.keepSchedule();
    expect(await sessions()).toMatchObject([{ member: 'camille', reservation: null }]);
  }, 90_000);
});
