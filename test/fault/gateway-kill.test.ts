/**
 * The gateway process killed with SIGKILL while its outbox holds messages the broker never
 * acknowledged (the server was down), then restarted: every message arrives, none twice in the
 * store, no gap in the sequence. Real processes: the server and the gateway CLI as children,
 * simulated lasers on socat ptys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { autoplay } from '../simulators/demo-jobs.js';
import { startGrblSimulator } from '../simulators/grbl/simulator.js';
import { openPtyPair } from '../support/pty.js';
import { testServerEnv } from '../support/server-env.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
const cleanups: Array<() => unknown> = [];
/** Temp folders, removed once every process using them is gone. */
const removals: Array<() => void> = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  for (const c of cleanups.reverse()) await c();
  for (const remove of removals) remove();
});

function node(script: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, script), ...args],
    { cwd: root, env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' },
  );
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((r) =>
    child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r()),
  );

interface Diagnostics {
  outbox: { pending: number; nextSeq: number };
}

/** The gateway's diagnostics snapshot, once one written after `since` (ms) meets `check`. */
async function snapshotAfter(file: string, since: number, check: (d: Diagnostics) => void) {
  let snapshot: Diagnostics | undefined;
  await vi.waitFor(
    () => {
      expect(statSync(file).mtimeMs, 'a snapshot written since').toBeGreaterThan(since);
      snapshot = JSON.parse(readFileSync(file, 'utf8')) as Diagnostics;
      check(snapshot);
    },
    // Snapshots come every 5 s: two chances.
    { timeout: 12_000, interval: 100 },
  );
  return snapshot!;
}

/** A metric of the server: the gateway's (`{gateway="gw-kill"}`), or an unlabelled one. */
async function metric(
  port: string,
  name: string,
  labels = '{gateway="gw-kill"}',
): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const escaped = labels.replace(/[{}]/g, '\\$&');
  const m = new RegExp(`^${name}${escaped} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('gateway killed with SIGKILL', () => {
  it('resends what was never acknowledged: no gap, no loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-gw-kill-'));
    removals.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = await testServerEnv(dir);
    const port = env.PORT!;
    const startServer = async () => {
      const server = node('server/src/main.ts', [], env);
      await vi.waitFor(
        async () => expect((await fetch(`http://127.0.0.1:${port}/health`)).ok).toBe(true),
        { timeout: 20_000, interval: 100 },
      );
      return server;
    };

    const machines = ['laser-a', 'laser-b'];
    const ports: string[] = [];
    for (const [i, id] of machines.entries()) {
      const pair = await openPtyPair({ name: id });
      cleanups.push(() => pair.stop());
      const sim = await startGrblSimulator({ path: pair.devicePath, machine: 'laser', speed: 4 });
      cleanups.push(() => sim.stop());
      cleanups.push(autoplay(sim, { seed: 7 + i, kind: 'laser' }));
      ports.push(pair.hostPath);
    }
    const config = join(dir, 'gateway.yaml');
    const dataDir = join(dir, 'gateway');
    writeFileSync(
      config,
      [
        'site: atelier-test',
        'gateway: gw-kill',
        'broker:',
        `  url: mqtt://127.0.0.1:${env.MQTT_PORT}`,
        '  reconnectSeconds: 0.5',
        `dataDir: ${JSON.stringify(dataDir)}`,
        'machines:',
        ...machines.flatMap((id, i) => [
          `  - id: ${id}`,
          `    name: ${id}`,
          '    kind: laser',
          '    profile: grbl',
          `    port: ${JSON.stringify(ports[i])}`,
          '    pollHz: 5',
        ]),
      ].join('\n'),
    );

    let server = await startServer();
    let gateway = node('gateway/src/main.ts', ['--config', config], {});
    await vi.waitFor(
      async () => expect(await metric(port, 'manufacto_gateway_last_seq')).toBeGreaterThan(20),
      { timeout: 30_000, interval: 200 },
    );

    // The server goes away: the gateway keeps working into its outbox, unacknowledged. The
    // gateway is held still meanwhile, so what the server had is known exactly.
    gateway.kill('SIGSTOP');
    // What was on its way when it stopped lands: the server's mark holds still.
    let had = await metric(port, 'manufacto_gateway_last_seq');
    await vi.waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 300));
        const now = await metric(port, 'manufacto_gateway_last_seq');
        const moved = now !== had;
        had = now;
        expect(moved, 'the server still receives').toBe(false);
      },
      { timeout: 10_000, interval: 0 },
    );
    server.kill('SIGTERM');
    await exited(server);
    const resumedAt = Date.now();
    gateway.kill('SIGCONT');
    // A diagnostics snapshot (every 5 s) taken since, showing the backlog the kill will cut.
    const atKill = await snapshotAfter(join(dataDir, 'diagnostics.json'), resumedAt, (d) =>
      expect(
        d.outbox.pending,
        'messages waiting in the outbox when the gateway is killed',
      ).toBeGreaterThan(0),
    );
    gateway.kill('SIGKILL');
    await exited(gateway);

    server = await startServer();
    // What the server holds of the gateway before it comes back: what it had, not more (a mark
    // ahead would drop the backlog as duplicates), and the killed process had more.
    const held = await metric(port, 'manufacto_gateway_last_seq');
    // (The journal's replay at start may already have accepted a few: counted from here.)
    const acceptedBefore = (await metric(port, 'manufacto_ingest_accepted_total', ''))!;
    expect(held, 'the restarted server remembers how far the gateway got').toBe(had);
    expect(atKill.outbox.nextSeq - 1, 'the kill cut messages the server never had').toBeGreaterThan(
      held!,
    );
    gateway = node('gateway/src/main.ts', ['--config', config], {});
    // The restarted gateway is back on the broker and through the killed process's backlog.
    await vi.waitFor(
      async () =>
        expect(await metric(port, 'manufacto_gateway_last_seq')).toBeGreaterThanOrEqual(
          atKill.outbox.nextSeq - 1,
        ),
      { timeout: 30_000, interval: 200 },
    );
    // Quiet the machines, let the last messages through, then stop the gateway cleanly: its last
    // snapshot says how far its sequence went.
    for (const c of cleanups.splice(0).reverse()) await c();
    await new Promise((r) => setTimeout(r, 2000));
    gateway.kill('SIGTERM');
    await exited(gateway);
    const snapshot = JSON.parse(
      readFileSync(join(dataDir, 'diagnostics.json'), 'utf8'),
    ) as Diagnostics;
    expect(snapshot.outbox.pending).toBe(0);
    // Every message after what the server held — the killed process's backlog, then the new
    // ones — is accepted exactly once by the restarted server: none lost, none taken twice. (A
    // message is acknowledged once journaled, and handled just after: the figures are polled.)
    await vi.waitFor(
      async () =>
        expect({
          lastSeq: await metric(port, 'manufacto_gateway_last_seq'),
          losses: await metric(port, 'manufacto_ingest_losses'),
          accepted: (await metric(port, 'manufacto_ingest_accepted_total', ''))! - acceptedBefore,
        }).toEqual({
          lastSeq: snapshot.outbox.nextSeq - 1,
          losses: 0,
          accepted: snapshot.outbox.nextSeq - 1 - held!,
        }),
      { timeout: 10_000, interval: 200 },
    );
    server.kill('SIGTERM');
    await exited(server);
  });
});
