/**
 * Issue 16's "done when": a 50,000-line file uploaded through the server's HTTP API (real server,
 * embedded broker, a real gateway logged in with the secret the server issued) runs on our Marlin
 * and GRBL simulators at once, each on a socat pty, with its firmware's flow control: Marlin's
 * numbered, checksummed lines through an injected checksum error (`Resend:`) and a line dropped
 * on the wire (`ok` timeout, resent); GRBL's character counting into a 128-byte buffer that loses
 * what overflows it. Each simulator records the lines it accepted: every line once, in order. The
 * job is on the wall with its name and progress, and recorded as a usage session.
 * The default is 15,000 lines a machine: past the garbled (1,000th) and dropped (2,000th) lines,
 * past the API's 64 KiB body limit (the job upload has its own), and ~8 s of job on a quiet box,
 * long enough for the wall to show progress between 0 and 100 % (at 5,000 lines, ~3 s of job on a
 * quiet box once showed none); ~30 % of the 50,000-line run's time. `MANUFACTO_JOB_LINES=50000`
 * runs issue 16's size.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../../simulators/marlin/simulator.js';
import { startSite, startSiteGateway } from '../../support/site.js';
import { followLive } from '../../support/stack.js';
import { cleanUp, cleanups, wire } from '../defects/harness.js';

afterEach(cleanUp);

const LINES = Number(process.env.MANUFACTO_JOB_LINES ?? 15_000);

/** `n` distinct moves: a lost, doubled or swapped line shows in the comparison. */
function program(n: number, feed: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => `G1 X${(i % 200).toFixed(1)} Y${Math.floor(i / 200)}.${i % 10} F${feed}`,
  );
}

describe('a long job uploaded through the API', () => {
  it(`runs on Marlin (resend, dropped line) and GRBL (character counting) at once: ${LINES} lines each, once, in order`, async () => {
    const site = await startSite({ prefix: 'mf-api-job-' });
    const { server, admin, api } = site;
    const password = await site.issueGateway('gw-jobs', ['printer-1', 'laser-1']);

    const printerWire = await wire('pty');
    const laserWire = await wire('pty');
    const marlin = await startMarlinSimulator({ ...printerWire.device });
    cleanups.push(() => marlin.stop());
    const grbl = await startGrblSimulator({
      ...laserWire.device,
      machine: 'laser',
      rxBuffer: { rxBytes: 128, lineMs: 1, linesPerTick: 8 },
    });
    cleanups.push(() => grbl.stop());
    const gateway = startSiteGateway(site, {
      gateway: 'gw-jobs',
      password,
      machines: [
        {
          id: 'printer-1',
          name: 'Imprimante',
          kind: 'printer',
          profile: 'marlin',
          port: printerWire.port,
          pollHz: 5,
          // The dropped line costs this once; the sender's 30 s default would dominate the run.
          okTimeoutSeconds: 1,
        },
        {
          id: 'laser-1',
          name: 'Laser',
          kind: 'laser',
          profile: 'grbl',
          port: laserWire.port,
          pollHz: 5,
        },
      ],
    });
    await site.untilIdle(gateway, ['printer-1', 'laser-1']);
    const live = followLive(server.httpUrl);
    cleanups.push(() => live.stop());

    const printerLines = program(LINES, 1800);
    const laserLines = program(LINES, 3000);
    const printed: string[] = [];
    marlin.on('accepted', (line) => {
      printed.push(line);
      // Noise flips a byte of one line (checksum error → Resend), another vanishes whole.
      if (printed.length === 1000) marlin.garbleNextLine();
      if (printed.length === 2000) marlin.dropNextLine();
    });
    // What came over the wire, numbered: a line sent twice is a resend.
    const numbers = new Map<string, number>();
    marlin.on('command', (raw: string) => {
      const n = /^N(\d+) /.exec(raw)?.[1];
      if (n) numbers.set(n, (numbers.get(n) ?? 0) + 1);
    });
    const engraved: string[] = [];
    grbl.on('accepted', (line) => engraved.push(line));

    const upload = async (machine: string, name: string, body: string) => {
      const res = await fetch(
        `${server.httpUrl}/api/machines/${machine}/jobs?name=${encodeURIComponent(name)}`,
        { method: 'POST', headers: { ...admin, 'content-type': 'application/octet-stream' }, body },
      );
      expect(res.status, await res.clone().text()).toBe(202);
    };
    const started = Date.now();
    await Promise.all([
      upload('printer-1', 'benchy.gcode', `; sliced\n${printerLines.join('\n')}\n`),
      upload('laser-1', 'plaque.nc', `(plaque)\n${laserLines.join('\n')}\n`),
    ]);

    const recorded = async (machine: string, name: string) =>
      vi.waitFor(
        async () => {
          const sessions = JSON.stringify(
            await (await api(`/usage-sessions?machine=${machine}`)).json(),
          );
          expect(sessions).toContain(name);
        },
        { timeout: 400_000, interval: 1000 },
      );
    await Promise.all([recorded('printer-1', 'benchy.gcode'), recorded('laser-1', 'plaque.nc')]);
    console.info(`two ${LINES}-line jobs through the API: ${(Date.now() - started) / 1000} s`);

    expect(printed.filter((l) => l.startsWith('G1 '))).toEqual(printerLines);
    expect(engraved.filter((l) => l.startsWith('G1 '))).toEqual(laserLines);
    expect(grbl.overflows).toBe(0);
    // Marlin asked for the garbled line again, and the dropped one was resent after its timeout.
    expect([...numbers.values()].filter((times) => times > 1).length).toBeGreaterThanOrEqual(2);
    // On the wall: each job by its name, with its progress while it ran.
    for (const [id, name] of [
      ['printer-1', 'benchy.gcode'],
      ['laser-1', 'plaque.nc'],
    ] as const) {
      const views = live.events.filter((e) => e.view.id === id).map((e) => e.view);
      expect(views.some((v) => JSON.stringify(v.job ?? null).includes(name))).toBe(true);
      expect(
        views.some((v) => {
          const pct = (v as { metrics?: { progress_pct?: number } }).metrics?.progress_pct ?? 0;
          return pct > 0 && pct < 100;
        }),
      ).toBe(true);
    }
  }, 600_000);
});
