import { expect, it } from 'vitest';
import { connectOnce } from '../../support/mqtt-connect.js';
import { siteForAll } from '../../support/site.js';

const lines: string[] = [];
// Scripted clients log in as nobody here; the server's warnings are read by the test.
const site = siteForAll({
  prefix: 'mf-reinstall-',
  mqttAuth: false,
  log: (line) => void lines.push(line),
});

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
  const client = await connectOnce(site.server.mqttUrl, { clientId: 'gw-again' });
  const topic = 'manufacto/v1/nord/machines/laser-again/telemetry';
  for (const seq of [0, 1, 2, 3, 5])
    await client.publishAsync(topic, telemetry('first-install', seq), { qos: 1 });
  // The box is reinstalled: new data folder, new outbox, new epoch.
  for (const seq of [0, 1, 2])
    await client.publishAsync(topic, telemetry('second-install', seq), { qos: 1 });
  client.end(true);
  await expect.poll(() => site.server.ingest.counters.accepted, { timeout: 5000 }).toBe(8);
  expect(site.server.ingest.counters.duplicates).toBe(0);
  expect(site.server.ingest.gatewayStats().find((g) => g.id === 'gw-again')).toMatchObject({
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
