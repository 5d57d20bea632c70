/**
 * A job sent through the server's API: a real server (embedded broker, SQLite), a real gateway
 * logged in with the secret the server issued, the GRBL simulator on a real pty. The file is
 * fetched by that gateway from `/api/jobs/{id}/file`, streamed line by line, shown on the wall
 * while it runs and recorded as a usage session; a manager of another site is refused, and the
 * file is 404 to another gateway.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startSite, startSiteGateway } from '../../support/site.js';
import { followLive } from '../../support/stack.js';
import { cleanUp, cleanups, wire } from '../defects/harness.js';

afterEach(cleanUp);

describe('a job sent through the API', () => {
  it('is fetched by the machine’s gateway, streamed, on the wall and recorded', async () => {
    const site = await startSite({ prefix: 'mf-upload-' });
    const { server, admin, api } = site;
    const secret = await site.issueGateway('gw-job', ['laser-1']);
    const strangerSecret = await site.issueGateway('gw-stranger', ['laser-2']);

    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { lineMs: 2 },
    });
    cleanups.push(() => sim.stop());
    const gateway = startSiteGateway(site, {
      gateway: 'gw-job',
      password: secret,
      machines: [
        { id: 'laser-1', name: 'Laser', kind: 'laser', profile: 'grbl', port: w.port, pollHz: 5 },
      ],
    });
    await site.untilIdle(gateway, ['laser-1']);
    const live = followLive(server.httpUrl);
    cleanups.push(() => live.stop());
    const accepted: string[] = [];
    sim.on('accepted', (l) => accepted.push(l));
    const lines = Array.from(
      { length: 400 },
      (_, i) => `G1 X${i % 40} Y${Math.floor(i / 40)} S250 F3000`,
    );
    const file = `(plaque)\n${lines.join('\n')}\n`;

    const send = (headers: Record<string, string>) =>
      fetch(`${server.httpUrl}/api/machines/laser-1/jobs?name=plaque.nc`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: file,
      });
    const sent = await send(admin);
    expect(sent.status, await sent.clone().text()).toBe(202);
    const { job } = (await sent.json()) as { job: string };

    await vi.waitFor(() => expect(accepted.filter((l) => l.startsWith('G1'))).toEqual(lines), {
      timeout: 60_000,
      interval: 200,
    });
    expect(
      live.events.some(
        (e) => e.view.id === 'laser-1' && JSON.stringify(e.view.job ?? null).includes('plaque.nc'),
      ),
    ).toBe(true);
    await vi.waitFor(
      async () => {
        const sessions = JSON.stringify(
          await (await api('/usage-sessions?machine=laser-1')).json(),
        );
        expect(sessions).toContain('plaque.nc');
      },
      { timeout: 30_000, interval: 500 },
    );

    // Another gateway, even of the same site, does not get the file; its own gateway does.
    const basic = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });
    const fileUrl = `${server.httpUrl}/api/jobs/${job}/file`;
    expect((await fetch(fileUrl, { headers: basic('gw-stranger', strangerSecret) })).status).toBe(
      404,
    );
    expect((await fetch(fileUrl, { headers: admin })).status).toBe(404);
    expect((await fetch(fileUrl, { headers: basic('gw-job', secret) })).status).toBe(200);
  }, 120_000);
});
