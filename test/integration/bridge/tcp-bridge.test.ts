/**
 * The bridge for desktop software: a TCP client (as LightBurn or a G-code sender on a laptop)
 * drives the GRBL simulator on a real pty through the gateway's open port, while the gateway
 * keeps watching: the client's program is a job on the wall, the gateway's own `?` reports stay
 * out of a client that does not poll and stop when it does, a second client is refused. Marlin:
 * a host's stream is a job too (issue 16, defect 8), temperatures still come by autoreport.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpBridge } from '../../../gateway/src/bridge/tcp-bridge.js';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../../simulators/marlin/simulator.js';
import { cleanUp, cleanups, watch, wire } from '../defects/harness.js';

afterEach(cleanUp);

interface Client {
  readonly socket: Socket;
  readonly lines: string[];
  closed: boolean;
  /** Sends `line` and waits for its `ok` or `error:` (send-and-wait, the simplest sender). */
  request(line: string): Promise<string>;
}

async function client(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  const c: Client = { socket, lines: [], closed: false, request: undefined as never };
  let partial = '';
  const waiters: Array<(line: string) => void> = [];
  socket.on('data', (chunk: Buffer) => {
    partial += chunk.toString('latin1');
    for (let i = partial.indexOf('\n'); i !== -1; i = partial.indexOf('\n')) {
      const line = partial.slice(0, i).replace(/\r$/, '');
      partial = partial.slice(i + 1);
      c.lines.push(line);
      if (/^ok\b|^error:/.test(line)) waiters.shift()?.(line);
    }
  });
  socket.on('close', () => {
    c.closed = true;
  });
  c.request = (line) =>
    new Promise<string>((resolve) => {
      waiters.push(resolve);
      socket.write(`${line}\n`);
    });
  cleanups.push(async () => socket.destroy());
  return c;
}

async function bridgeTo(m: ReturnType<typeof watch>): Promise<TcpBridge> {
  const bridge = new TcpBridge({
    machineId: 'machine-1',
    host: m.runner,
    port: 0,
    listen: '127.0.0.1',
    log: (l) => m.logs.push(l),
    traffic: { idleMs: 1500 },
  });
  await bridge.start();
  cleanups.push(() => bridge.stop());
  return bridge;
}

const PROGRAM = Array.from({ length: 60 }, (_, i) => `G1 X${i} Y${i % 7} S500 F3000`);

describe('the TCP bridge', () => {
  it('GRBL: a client streams through the gateway, its job is on the wall, a second client is refused', async () => {
    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { lineMs: 10 },
    });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'laser', profile: 'grbl' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ phase: 'polling', state: 'idle' }),
    );
    const bridge = await bridgeTo(m);
    const accepted: string[] = [];
    sim.on('accepted', (l) => accepted.push(l));

    const laptop = await client(bridge.port);
    const answers: string[] = [];
    for (const line of PROGRAM.slice(0, 30)) answers.push(await laptop.request(line));

    // A second sender is told who has the machine, and closed.
    const other = await client(bridge.port);
    await m.until(() => expect(other.closed).toBe(true));
    expect(other.lines).toEqual([
      expect.stringMatching(
        /^\[MSG:manufacto: machine-1 is in use by bridge 127\.0\.0\.1:\d+; one client at a time\]$/,
      ),
    ]);

    for (const line of PROGRAM.slice(30)) answers.push(await laptop.request(line));
    expect(answers).toEqual(PROGRAM.map(() => 'ok'));
    // In order, once each (the runner's `$$` at connection may come first).
    expect(accepted.filter((l) => l.startsWith('G1'))).toEqual(PROGRAM);
    // The gateway polls for the wall meanwhile, and keeps those reports to itself.
    const polled = sim.reportCount;
    await m.until(() => expect(sim.reportCount).toBeGreaterThan(polled + 3));
    expect(laptop.lines.filter((l) => l.startsWith('<'))).toEqual([]);
    const started = m.events().find((e) => e.type === 'job_started');
    expect(started).toMatchObject({
      job: { name: expect.stringMatching(/^bridge 127\.0\.0\.1:/) },
    });
    expect(m.states().map((s) => s.state)).toContain('running');

    // Once it polls itself, it gets its reports and the gateway's own `?` stop.
    const before = sim.reportCount;
    let asked = 0;
    for (let i = 0; i < 10; i += 1) {
      laptop.socket.write('?');
      asked += 1;
      await new Promise((r) => setTimeout(r, 150));
    }
    await m.until(() => expect(laptop.lines.filter((l) => l.startsWith('<')).length).toBe(asked));
    // At most the one poll already on its way when the client began.
    expect(sim.reportCount - before).toBeLessThanOrEqual(asked + 1);

    // The program is over: the job ends after the idle time, and the laptop still has the port.
    await m.until(() =>
      expect(m.events().find((e) => e.type === 'job_finished')).toMatchObject({
        job: { outcome: 'completed' },
      }),
    );
    expect(laptop.closed).toBe(false);
    laptop.socket.destroy();
    await m.until(() => expect(m.runner.status().client).toBeUndefined());
  }, 60_000);

  it('Marlin: a host streaming through the bridge is a job, and temperatures still arrive', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator({ ...w.device });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer', profile: 'marlin' });
    // The runner arms the autoreport (M155) by its own line polls, which stop while the port is
    // lent: a client taking the port in the first seconds gets no temperatures until it asks.
    const autoreport = (since: string) =>
      m.runner.status().recentLines.some((l) => l > since && /^\S+ < {1,2}T:/.test(l));
    await m.until(() => expect(autoreport('')).toBe(true));
    const bridge = await bridgeTo(m);
    const host = await client(bridge.port);
    expect(await host.request('M105')).toMatch(/^ok T:/); // a query: not a job
    for (const line of PROGRAM.slice(0, 20)) expect(await host.request(line)).toBe('ok');
    await m.until(() =>
      expect(m.events().find((e) => e.type === 'job_started')).toMatchObject({
        job: { name: expect.stringMatching(/^bridge /) },
      }),
    );
    // The runner still hears the autoreport (temperatures unchanged are not re-published).
    const since = new Date().toISOString();
    await m.until(() => expect(autoreport(since)).toBe(true));
    host.socket.destroy();
    await m.until(() =>
      expect(m.events().find((e) => e.type === 'job_finished')).toMatchObject({
        job: { outcome: 'completed' },
      }),
    );
  }, 60_000);
});
