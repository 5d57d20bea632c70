/**
 * A full job on every serial profile, detected with `profile: auto`, through the real chain
 * (simulator on a pty → gateway → aedes → server), ending as a completed usage session with the
 * right firmware and, where the firmware gives them, active and beam/spindle time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGrblSimulator, type GrblSimulator } from '../../simulators/grbl/simulator.js';
import { startMarlinSimulator, type MarlinSimulator } from '../../simulators/marlin/simulator.js';
import { openPtyPair, type PtyPair } from '../../support/pty.js';
import { startStack, type Stack } from '../../support/stack.js';

interface Case {
  id: string;
  kind: 'printer' | 'laser' | 'cnc';
  profile: string;
  firmware: RegExp;
  start: (path: string) => Promise<MarlinSimulator | GrblSimulator>;
}

const SPEED = 10;
const cases: Case[] = [
  {
    id: 'marlin-1',
    kind: 'printer',
    profile: 'marlin',
    firmware: /^Marlin 2\.1/,
    start: (path) => startMarlinSimulator({ path, speed: SPEED }),
  },
  {
    id: 'prusa-1',
    kind: 'printer',
    profile: 'prusa',
    firmware: /^Prusa-Firmware 3\.13/,
    start: (path) => startMarlinSimulator({ path, speed: SPEED, flavour: 'prusa' }),
  },
  {
    id: 'grbl-1',
    kind: 'laser',
    profile: 'grbl',
    firmware: /^Grbl 1\.1h/,
    start: (path) => startGrblSimulator({ path, speed: SPEED, machine: 'laser' }),
  },
  {
    id: 'grblhal-1',
    kind: 'cnc',
    profile: 'grblhal',
    firmware: /^grblHAL/,
    start: (path) => startGrblSimulator({ path, speed: SPEED, machine: 'cnc', variant: 'grblhal' }),
  },
  {
    id: 'fluidnc-1',
    kind: 'cnc',
    profile: 'fluidnc',
    firmware: /^FluidNC 3\.7/,
    start: (path) => startGrblSimulator({ path, speed: SPEED, machine: 'cnc', variant: 'fluidnc' }),
  },
  {
    id: 'smoothie-1',
    kind: 'laser',
    profile: 'smoothieware',
    firmware: /^Smoothieware edge-/,
    start: (path) =>
      startGrblSimulator({ path, speed: SPEED, machine: 'laser', variant: 'smoothieware' }),
  },
];

let stack: Stack;
const sims = new Map<string, MarlinSimulator | GrblSimulator>();
const pairs: PtyPair[] = [];

beforeAll(async () => {
  const machines = [];
  for (const c of cases) {
    const pair = await openPtyPair({ name: c.id });
    pairs.push(pair);
    sims.set(c.id, await c.start(pair.devicePath));
    machines.push({ id: c.id, name: c.id, kind: c.kind, profile: 'auto', port: pair.hostPath });
  }
  stack = await startStack({ machines, influx: false });
});

afterAll(async () => {
  await stack?.stop();
  for (const sim of sims.values()) await sim.stop();
  for (const pair of pairs) await pair.stop();
});

async function view(id: string) {
  return (await (await fetch(`${stack.server.httpUrl}/api/machines/${id}`)).json()) as {
    state: string;
    profile: string;
    firmware: string | null;
  };
}

describe.concurrent('a full job on every profile', () => {
  it.each(cases)('$profile: detected, runs a job, and records it as completed', async (c) => {
    await vi.waitFor(
      async () =>
        expect(await view(c.id)).toMatchObject({
          state: 'idle',
          profile: c.profile,
          firmware: expect.stringMatching(c.firmware),
        }),
      {
        timeout: 30_000,
        interval: 250,
      },
    );
    sims.get(c.id)!.startJob({ name: `${c.id}.job`, durationS: 40 });
    await vi.waitFor(
      async () => expect(['preparing', 'running']).toContain((await view(c.id)).state),
      { timeout: 15_000, interval: 100 },
    );
    await vi.waitFor(
      async () => {
        const { usageSessions } = (await (
          await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=${c.id}`, {
            headers: stack.admin,
          })
        ).json()) as {
          usageSessions: Array<{
            outcome: string;
            activeSeconds: number;
            wallSeconds: number;
            beamSeconds: number | null;
            spindleSeconds: number | null;
          }>;
        };
        expect(usageSessions).toHaveLength(1);
        const [session] = usageSessions;
        expect(session?.outcome).toBe('completed');
        expect(session!.activeSeconds).toBeGreaterThan(0);
        expect(session!.activeSeconds).toBeLessThanOrEqual(session!.wallSeconds);
        if (c.profile === 'grbl') expect(session!.beamSeconds).toBeGreaterThan(0);
        if (c.profile === 'grblhal' || c.profile === 'fluidnc')
          expect(session!.spindleSeconds).toBeGreaterThan(0);
      },
      { timeout: 45_000, interval: 500 },
    );
  });
});
