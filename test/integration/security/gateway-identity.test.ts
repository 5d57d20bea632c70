/**
 * A gateway speaks only for itself (issue 12): on the embedded broker with credentials, the
 * `gateway` of a payload must be the gateway that logged in (a false one is refused and counted,
 * and cannot poison another gateway's sequence numbers); no gateway is created from a payload;
 * a job id cannot overwrite another gateway's usage session; revoking or rotating a secret closes
 * the gateway's open connections at once.
 */
import type mqtt from 'mqtt';
import { describe, expect, it, onTestFinished } from 'vitest';
import { connectOnce } from '../../support/mqtt-connect.js';
import { siteForAll } from '../../support/site.js';

const site = siteForAll({
  prefix: 'mf-gw-identity-',
  logLevel: process.env.DEBUG_LOG ? 'info' : 'error',
  log: (line) => console.log(line),
});

/** A gateway's MQTT login, issued by the site's manager (PUT /api/gateways/{id}). */
const issue = async (gateway: string, siteId: string, machines: string[]) => ({
  username: gateway,
  password: await site.issueGateway(gateway, machines, siteId),
});

async function login(gateway: string, siteId: string, machines: string[]) {
  const cred = await issue(gateway, siteId, machines);
  const client = await connectOnce(site.server.mqttUrl, { clientId: gateway, ...cred });
  onTestFinished(() => void client.end(true));
  return Object.assign(client, { secret: cred.password });
}

const telemetry = (gateway: string, seq: number) =>
  JSON.stringify({ v: 1, gateway, seq, ts: Date.now(), metrics: { power_w: seq } });

const jobFinished = (gateway: string, seq: number, jobId: string, wallSeconds: number) =>
  JSON.stringify({
    v: 1,
    gateway,
    seq,
    ts: Date.now(),
    type: 'job_finished',
    job: {
      id: jobId,
      startedAt: Date.now() - wallSeconds * 1000,
      endedAt: Date.now(),
      outcome: 'completed',
      wallSeconds,
      activeSeconds: wallSeconds,
    },
  });

async function metric(name: string): Promise<string[]> {
  const text = await (await fetch(`${site.server.httpUrl}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(name));
}

const accepted = async () =>
  Number((await metric('manufacto_ingest_accepted_total'))[0]?.split(' ')[1] ?? 0);

const publish = (client: mqtt.MqttClient, topic: string, payload: string) =>
  client.publishAsync(topic, payload, { qos: 1 });

describe('a gateway speaks only for itself', () => {
  it("refuses and counts a payload naming another gateway, which cannot poison that gateway's sequence", async () => {
    const a = await login('gw-poison-a', 'nord', ['laser-pa']);
    const b = await login('gw-poison-b', 'nord', ['laser-pb']);
    const before = await accepted();
    // Gateway A, on its own topic, claims to be B with a sequence number near the top.
    await publish(
      a,
      'manufacto/v1/nord/machines/laser-pa/telemetry',
      telemetry('gw-poison-b', 9007199254740981),
    );
    for (let seq = 0; seq < 5; seq += 1)
      await publish(
        b,
        'manufacto/v1/nord/machines/laser-pb/telemetry',
        telemetry('gw-poison-b', seq),
      );
    await expect.poll(accepted, { timeout: 5000 }).toBe(before + 5);
    expect(await metric('manufacto_ingest_rejected_total{reason="identity"}')).toEqual([
      'manufacto_ingest_rejected_total{reason="identity"} 1',
    ]);
    expect(await metric('manufacto_gateway_last_seq{gateway="gw-poison-b"}')).toEqual([
      'manufacto_gateway_last_seq{gateway="gw-poison-b"} 4',
    ]);
  });

  it('creates no gateway from a payload: invented ids are refused, not stored', async () => {
    const a = await login('gw-inventor', 'nord', ['laser-inv']);
    for (let i = 0; i < 30; i += 1)
      await publish(
        a,
        'manufacto/v1/nord/machines/laser-inv/telemetry',
        telemetry(`gw-fake-${i}`, i),
      );
    await publish(a, 'manufacto/v1/nord/machines/laser-inv/telemetry', telemetry('gw-inventor', 0));
    await expect
      .poll(async () => (await metric('manufacto_gateway_last_seq{gateway="gw-inventor"}')).length)
      .toBe(1);
    expect(
      (await metric('manufacto_gateway_last_seq')).filter((l) => l.includes('gw-fake')),
    ).toEqual([]);
  });

  it("keeps each gateway's usage session under its own job id, across sites", async () => {
    const a = await login('gw-job-a', 'site-a', ['laser-ja']);
    const b = await login('gw-job-b', 'site-b', ['laser-jb']);
    await publish(
      a,
      'manufacto/v1/site-a/machines/laser-ja/event',
      jobFinished('gw-job-a', 1, 'job-42', 600),
    );
    const sessions = async () => {
      const res = await site.api(`/usage-sessions?limit=100`);
      const body = (await res.json()) as {
        usageSessions: Array<{ site: string; machine: string; wallSeconds: number }>;
      };
      return body.usageSessions
        .filter((s) => s.machine === 'laser-ja' || s.machine === 'laser-jb')
        .map((s) => `${s.site}/${s.machine}/${s.wallSeconds}`)
        .sort();
    };
    await expect.poll(sessions, { timeout: 5000 }).toEqual(['site-a/laser-ja/600']);
    // Site B's gateway finishes a job that happens to bear the same id.
    await publish(
      b,
      'manufacto/v1/site-b/machines/laser-jb/event',
      jobFinished('gw-job-b', 1, 'job-42', 5),
    );
    await expect
      .poll(sessions, { timeout: 5000 })
      .toEqual(['site-a/laser-ja/600', 'site-b/laser-jb/5']);
  });

  it.each([
    ['revoking', (id: string) => site.api(`/gateways/${id}`, { method: 'DELETE' })],
    ['rotating', (id: string) => issue(id, 'nord', ['laser-rot'])],
  ])('closes the open connection of a gateway at once when %s its secret', async (_, change) => {
    const id = `gw-cut-${_.slice(0, 3)}`;
    const client = await login(id, 'nord', ['laser-rot']);
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    await change(id);
    await closed;
    // And the old secret does not get it back in.
    if (_ === 'rotating')
      await expect(
        connectOnce(site.server.mqttUrl, {
          clientId: `${id}-again`,
          username: id,
          password: client.secret,
        }),
      ).rejects.toThrow(/Bad username or password/i);
  });
});
