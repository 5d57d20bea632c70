/**
 * Issue 16's "done when": a TCP client (as LightBurn on a laptop) drives the GRBL simulator on a
 * real pty through the bridge of a real gateway, logged in to a real server (embedded broker),
 * while the server's wall (its live feed and machine view) shows the client's program as a job.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { freePort } from '../../support/free-port.js';
import { startSite, startSiteGateway } from '../../support/site.js';
import { followLive } from '../../support/stack.js';
import { cleanUp, cleanups, wire } from '../defects/harness.js';

afterEach(cleanUp);

describe('the bridge seen from the wall', () => {
  it('a TCP client drives the GRBL simulator through the bridge while the wall shows the job', async () => {
    const site = await startSite({ prefix: 'mf-bridge-wall-' });
    const { server, api } = site;
    const password = await site.issueGateway('gw-bridge', ['laser-1']);

    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { lineMs: 10 },
    });
    cleanups.push(() => sim.stop());
    const bridgePort = await freePort();
    const gateway = startSiteGateway(site, {
      gateway: 'gw-bridge',
      password,
      machines: [
        {
          id: 'laser-1',
          name: 'Laser',
          kind: 'laser',
          profile: 'grbl',
          port: w.port,
          pollHz: 5,
          bridge: { port: bridgePort },
        },
      ],
    });
    await site.untilIdle(gateway, ['laser-1']);
    const live = followLive(server.httpUrl);
    cleanups.push(() => live.stop());

    // The laptop: send a line, wait for its `ok` (the simplest sender), until the wall shows it.
    const socket = connect(bridgePort, '127.0.0.1');
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', resolve).once('error', reject),
    );
    cleanups.push(async () => socket.destroy());
    const heard: string[] = [];
    let partial = '';
    const waiters: Array<(line: string) => void> = [];
    socket.on('data', (chunk: Buffer) => {
      partial += chunk.toString('latin1');
      for (let i = partial.indexOf('\n'); i !== -1; i = partial.indexOf('\n')) {
        const line = partial.slice(0, i).replace(/\r$/, '');
        partial = partial.slice(i + 1);
        heard.push(line);
        if (/^ok\b|^error:/.test(line)) waiters.shift()?.(line);
      }
    });
    const request = (line: string) =>
      new Promise<string>((resolve) => {
        waiters.push(resolve);
        socket.write(`${line}\n`);
      });
    const accepted: string[] = [];
    sim.on('accepted', (l) => accepted.push(l));
    const sent: string[] = [];
    const onTheWall = () =>
      live.events.some(
        (e) =>
          e.view.id === 'laser-1' &&
          e.view.state === 'running' &&
          /"name":"bridge 127\.0\.0\.1:\d+"/.test(JSON.stringify(e.view.job ?? null)),
      );
    for (let i = 0; i < 3000 && !onTheWall(); i += 1) {
      const line = `G1 X${i % 100} Y${i % 7} S500 F3000`;
      sent.push(line);
      expect(await request(line)).toBe('ok');
    }
    expect(onTheWall()).toBe(true);
    // The machine's own view says so too, while the laptop still holds the port.
    const view = (await (await api('/machines/laser-1')).json()) as {
      job: { name: string } | null;
    };
    expect(view.job?.name).toMatch(/^bridge 127\.0\.0\.1:/);
    // What the laptop sent reached the machine once, in order; the gateway's polls stayed out.
    expect(accepted.filter((l) => l.startsWith('G1'))).toEqual(sent);
    expect(heard.filter((l) => l.startsWith('<'))).toEqual([]);
  }, 90_000);
});
