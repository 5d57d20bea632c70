/**
 * The server's way in: a `job_start` command on the machine's contract topic (through a real
 * mosquitto) names where the file is; the gateway fetches it with its own credentials, checks its
 * SHA-256 and streams it to the GRBL simulator on a real pty, and the job comes back on the event
 * topic. A stale command (sent long ago) starts nothing.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { topics } from '@manufacto/firmware-profiles/contract';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseGatewayConfig } from '../../../gateway/src/config.js';
import { startGateway } from '../../../gateway/src/gateway.js';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startBroker } from '../../support/broker.js';
import { cleanUp, cleanups, wire } from '../defects/harness.js';
import { tempDir } from '../../support/temp-dir.js';

afterEach(cleanUp);

describe('job commands on the contract topic', () => {
  it('job_start fetches the file with the gateway credentials, checks it and streams it', async () => {
    const broker = await startBroker('mosquitto');
    const lines = Array.from(
      { length: 300 },
      (_, i) => `G1 X${i % 50} Y${Math.floor(i / 50)} S200 F3000`,
    );
    const file = Buffer.from(`${lines.join('\n')}\n`);
    const asked: string[] = [];
    const files = createServer((req, res) => {
      asked.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== `Basic ${Buffer.from('gw-1:s3cret').toString('base64')}`) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(file);
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => files.close(() => r(undefined))));
    const address = files.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/jobs/j1/file`;

    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { lineMs: 2 },
    });
    cleanups.push(() => sim.stop());
    const logs: string[] = [];
    const gateway = startGateway({
      config: parseGatewayConfig({
        site: 'atelier-nord',
        gateway: 'gw-1',
        broker: { url: broker.url, username: 'gw-1', password: 's3cret' },
        dataDir: tempDir('mf-cmd-'),
        machines: [
          { id: 'laser-1', name: 'Laser', kind: 'laser', profile: 'grbl', port: w.port, pollHz: 5 },
        ],
      }),
      log: (l) => logs.push(l),
    });
    cleanups.push(() => gateway.stop());
    await vi.waitFor(
      () =>
        expect(gateway.status()).toMatchObject({
          broker: { connected: true },
          machines: [{ phase: 'polling' }],
        }),
      { timeout: 20_000, interval: 100 },
    );

    const server = await mqtt.connectAsync(broker.url);
    cleanups.push(() => server.endAsync());
    const events: Array<{ type: string; job?: { name?: string; outcome?: string } }> = [];
    await server.subscribeAsync(topics.machine('atelier-nord', 'laser-1', 'event'), { qos: 1 });
    server.on('message', (_t, payload) => events.push(JSON.parse(payload.toString())));
    const accepted: string[] = [];
    sim.on('accepted', (l) => accepted.push(l));
    const command = (ts: number) =>
      JSON.stringify({
        v: 1,
        ts,
        command: 'job_start',
        job: {
          name: 'plaque.nc',
          url,
          bytes: file.length,
          sha256: createHash('sha256').update(file).digest('hex'),
        },
      });
    const topic = topics.machine('atelier-nord', 'laser-1', 'command');

    // Sent ten minutes ago (a server's queue after an outage): dropped, nothing fetched.
    await server.publishAsync(topic, command(Date.now() - 10 * 60_000), { qos: 1 });
    await vi.waitFor(() =>
      expect(logs.some((l) => /job_start dropped: sent 60\d s ago/.test(l))).toBe(true),
    );
    expect(asked).toEqual([]);

    await server.publishAsync(topic, command(Date.now()), { qos: 1 });
    await vi.waitFor(
      () =>
        expect(events.find((e) => e.type === 'job_finished')).toMatchObject({
          job: { name: 'plaque.nc', outcome: 'completed' },
        }),
      { timeout: 60_000, interval: 100 },
    );
    expect(accepted.filter((l) => l.startsWith('G1'))).toEqual(lines);
    expect(events.find((e) => e.type === 'job_started')).toMatchObject({
      job: { name: 'plaque.nc' },
    });
  }, 120_000);
});
