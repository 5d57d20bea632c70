import { describe, expect, it } from 'vitest';
import type { PortClient } from '../machines/port-client.js';
import { type JobHost, JobStream } from './job-stream.js';

/** A runner as a job sees it: a profile, a state, a port that records what is written. */
function host(profile: string, state: string | undefined, reason?: string) {
  const written: string[] = [];
  let client: PortClient | undefined;
  const h: JobHost = {
    profile: { id: profile },
    status: () => ({ state, reason }),
    attach: async (c) => {
      client = c;
      return { write: async (data) => void written.push(data), release: () => undefined };
    },
    hostJob: () => undefined,
    endHostJob: () => undefined,
  };
  return { h, written, answer: (line: string) => client?.onLine(line) };
}

const start = (h: JobHost, gcode: string) =>
  JobStream.start({
    machineId: 'laser-1',
    host: h,
    name: 'plaque.nc',
    gcode,
    log: () => {},
    okTimeoutMs: 30_000,
  });

describe('JobStream.start', () => {
  it('refuses a machine that is not idle, saying what it is doing', async () => {
    await expect(start(host('grbl', 'error', 'Alarme 1').h, 'G1 X1')).rejects.toThrow(
      /machine laser-1 is in alarm or error \(Alarme 1\)/,
    );
    await expect(start(host('marlin', 'running').h, 'G1 X1')).rejects.toThrow(
      /machine laser-1 is busy \(running\)/,
    );
    await expect(start(host('marlin', undefined).h, 'G1 X1')).rejects.toThrow(
      /machine laser-1 is offline/,
    );
    const idle = host('grbl', 'idle');
    const job = await start(idle.h, 'G1 X1');
    expect(idle.written[0]).toContain('G1 X1\n');
    job.cancel();
  });

  it('refuses before streaming a line longer than GRBL 1.1 takes (80-byte buffer), naming it', async () => {
    const long = `G1 X1.000 Y2.000 ${'S1000 '.repeat(11)}F3000`; // 88 characters
    const grbl = host('grbl', 'idle');
    await expect(start(grbl.h, `G21\n${long}\n`)).rejects.toThrow(
      /line 2: 88 characters, the machine takes at most 79 per line/,
    );
    expect(grbl.written).toEqual([]);
    // grblHAL's buffer takes it.
    const hal = host('grblhal', 'idle');
    const job = await start(hal.h, `G21\n${long}\n`);
    expect(hal.written.join('')).toContain(long);
    job.cancel();
  });
});
