import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTRACT_VERSION, topics } from '@manufacto/firmware-profiles/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobCommandHandler, type JobCommandsOptions } from './job-commands.js';

const GCODE = 'G21\nG1 X10 Y10 F3000\n';
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve).closeAllConnections())),
  );
});

/** A real HTTP server; `answer` writes the response, every request is kept. */
async function serve(answer: (res: import('node:http').ServerResponse) => void) {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    answer(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { requests, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function gateway(options: Partial<JobCommandsOptions>) {
  const started: { machine: string; name: string; gcode: string }[] = [];
  const logs: string[] = [];
  const handle = jobCommandHandler({
    jobs: {
      start: async (machine, name, gcode) => {
        started.push({ machine, name, gcode });
        return undefined as never;
      },
      job: () => {
        throw new Error('no job');
      },
    },
    log: (l) => logs.push(l),
    username: 'gw-1',
    password: 'secret',
    ...options,
  });
  const send = (job: { name: string; url: string; bytes?: number; sha256?: string }) =>
    handle(
      topics.machine('atelier', 'laser-1', 'command'),
      Buffer.from(
        JSON.stringify({ v: CONTRACT_VERSION, ts: Date.now(), command: 'job_start', job }),
      ),
    );
  return { started, logs, send };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('job_start', () => {
  it('sends the credentials to the server only: another origin is refused, unfetched', async () => {
    const server = await serve((res) => res.end(GCODE));
    const elsewhere = await serve((res) => res.end(GCODE));
    const g = gateway({ serverUrl: server.origin });
    g.send({ name: 'a.nc', url: `${elsewhere.origin}/api/jobs/j1/file` });
    g.send({ name: 'b.nc', url: `${server.origin}/api/jobs/j2/file`, bytes: GCODE.length });
    await vi.waitFor(() => expect(g.started).toHaveLength(1), { timeout: 3000 });
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('gw-1:secret').toString('base64')}`,
    );
    expect(g.logs.join('\n')).toMatch(/a\.nc refused: the file's address .* is not the server's/);
  });

  it('without server.url, only the broker’s host', async () => {
    const server = await serve((res) => res.end(GCODE));
    const g = gateway({ brokerUrl: 'mqtt://10.9.9.9:1883' });
    g.send({ name: 'a.nc', url: `${server.origin}/api/jobs/j1/file` });
    expect(server.requests).toHaveLength(0);
    expect(g.logs.join('\n')).toMatch(/not the broker's \(10\.9\.9\.9\); set server\.url/);
  });

  it('starts a job once, though the command comes twice (QoS 1)', async () => {
    const server = await serve((res) => res.end(GCODE));
    const g = gateway({ serverUrl: server.origin });
    const job = { name: 'a.nc', url: `${server.origin}/api/jobs/j1/file`, sha256: sha256(GCODE) };
    g.send(job);
    g.send(job);
    await vi.waitFor(() => expect(g.logs.join('\n')).toMatch(/already started/), { timeout: 3000 });
    await vi.waitFor(() => expect(g.started).toHaveLength(1), { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(g.started).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a file larger than the configured maximum, and one the server never finishes', async () => {
    const big = await serve((res) => res.end('G1 X1\n'.repeat(1000)));
    const g = gateway({ serverUrl: big.origin, maxFileBytes: 1000 });
    g.send({ name: 'big.nc', url: `${big.origin}/api/jobs/j1/file` });
    await vi.waitFor(() => expect(g.logs.join('\n')).toMatch(/big\.nc: 6000 bytes, at most 1000/), {
      timeout: 3000,
    });
    const silent = await serve(() => undefined);
    const s = gateway({ serverUrl: silent.origin, fetchTimeoutMs: 200 });
    s.send({ name: 'slow.nc', url: `${silent.origin}/api/jobs/j2/file` });
    await vi.waitFor(
      () => expect(s.logs.join('\n')).toMatch(/job_start failed: .*(timeout|abort)/i),
      {
        timeout: 3000,
      },
    );
    expect(g.started).toEqual([]);
    expect(s.started).toEqual([]);
  });
});

describe('unlock and lock (access at the machine)', () => {
  const command = (body: object) =>
    Buffer.from(JSON.stringify({ v: CONTRACT_VERSION, ts: Date.now(), ...body }));
  const topic = topics.machine('atelier', 'laser-1', 'command');

  it('switches the relay on until the grant’s end, and off on lock', async () => {
    const calls: string[] = [];
    const { logs } = gateway({});
    const handle = jobCommandHandler({
      jobs: { start: async () => undefined as never, job: () => undefined as never },
      log: (l) => logs.push(l),
      relays: {
        unlock: async (machine, until) => void calls.push(`unlock ${machine} ${until}`),
        lock: async (machine) => void calls.push(`lock ${machine}`),
        end: (machine, until) => void calls.push(`end ${machine} ${until}`),
      },
    });
    handle(topic, command({ command: 'unlock', until: 1_800_000_000_000, member: 'camille' }));
    handle(topic, command({ command: 'lock' }));
    // A lock with an end (what the server sent for "J'ai fini" before `release`) waits too.
    handle(topic, command({ command: 'lock', until: 1_700_000_000_000 }));
    await vi.waitFor(() =>
      expect(calls).toEqual([
        'unlock laser-1 1800000000000',
        'lock laser-1',
        'end laser-1 1700000000000',
      ]),
    );
    await vi.waitFor(() => expect(logs).toContain('laser-1: unlock for camille'));
  });

  it('ends the grant on release ("J\'ai fini"): off once the machine stops, never at once', async () => {
    const calls: string[] = [];
    const logs: string[] = [];
    const handle = jobCommandHandler({
      jobs: { start: async () => undefined as never, job: () => undefined as never },
      log: (l) => logs.push(l),
      now: () => 1_700_000_000_000,
      maxAgeMs: Number.POSITIVE_INFINITY,
      relays: {
        unlock: async (machine, until) => void calls.push(`unlock ${machine} ${until}`),
        lock: async (machine) => void calls.push(`lock ${machine}`),
        end: (machine, until) => void calls.push(`end ${machine} ${until}`),
      },
    });
    handle(topic, command({ command: 'release', until: 1_700_000_000_000 }));
    // Without an end: now.
    handle(topic, command({ command: 'release' }));
    await vi.waitFor(() =>
      expect(calls).toEqual(['end laser-1 1700000000000', 'end laser-1 1700000000000']),
    );
    expect(logs.filter((l) => l.includes('refused'))).toEqual([]);
  });

  it('says so when the gateway has no relay to switch', () => {
    const logs: string[] = [];
    const handle = jobCommandHandler({
      jobs: { start: async () => undefined as never, job: () => undefined as never },
      log: (l) => logs.push(l),
    });
    handle(topic, command({ command: 'unlock', until: 1_800_000_000_000 }));
    expect(logs).toEqual(['laser-1: unlock ignored: no relay to switch']);
  });
});
