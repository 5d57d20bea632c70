import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { connectOnce } from '../../support/mqtt-connect.js';
import { testServerEnv } from '../../support/server-env.js';
import { tempDir } from '../../support/temp-dir.js';

let server: RunningServer;
const lines: string[] = [];

beforeAll(async () => {
  const dir = tempDir('mf-reinstall-');
  server = await startServer(
    loadEnv(await testServerEnv(dir)),
    createLogger('warn', (line) => void lines.push(line)),
  );
});
afterAll(() => server?.stop());

const telemetry = (epoch: string, seq: number) =>
  JSON.stringify({
    v: 1,
    gateway: 'gw-again',
    epoch,
    seq,
    ts: Date.now(),
    metrics: { power_w: seq },
  });

it('takes the messages of a reinstalled gateway, seq back to 0 under a new epoch', async () => {
  const client = await connectOnce(server.mqttUrl, { clientId: 'gw-again' });
  const topic = 'manufacto/v1/nord/machines/laser-again/telemetry';
  for (const seq of [0, 1, 2, 3, 5])
    await client.publishAsync(topic, telemetry('first-install', seq), { qos: 1 });
  // The box is reinstalled: new data folder, new outbox, new epoch.
  for (const seq of [0, 1, 2])
    await client.publishAsync(topic, telemetry('second-install', seq), { qos: 1 });
  client.end(true);
  await expect.poll(() => server.ingest.counters.accepted, { timeout: 5000 }).toBe(8);
  expect(server.ingest.counters.duplicates).toBe(0);
  expect(server.ingest.gatewayStats().find((g) => g.id === 'gw-again')).toMatchObject({
    epoch: 'second-install',
    lastSeq: 2,
    epochLosses: 0,
    losses: 1,
  });
  expect(
    lines.some((l) =>
      /gateway gw-again has a new outbox epoch second-install.*epoch first-install ended at seq 5 with 1 loss/.test(
        l,
      ),
    ),
  ).toBe(true);
});
