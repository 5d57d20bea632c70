import { describe, expect, it } from 'vitest';
import { BridgeTraffic } from './traffic.js';

describe('BridgeTraffic', () => {
  it('calls a stream of moves a job, queries not; the job ends idleMs after its last answer', () => {
    const t = new BridgeTraffic({ idleMs: 1000 });
    t.fromClient('M105\nM114\n$G\n', 0);
    expect(t.jobActive(0)).toBe(false);
    t.fromClient('G1 X10 F3000\n', 10);
    expect(t.jobActive(20)).toBe(true);
    // Unanswered (a heating wait): still on long after.
    expect(t.jobActive(60_000)).toBe(true);
    t.fromMachine('ok', 60_000);
    t.fromMachine('ok', 60_000);
    t.fromMachine('ok', 60_000);
    t.fromMachine('ok', 60_000);
    expect(t.jobActive(60_500)).toBe(true);
    expect(t.jobActive(61_000)).toBe(false);
  });

  it('keeps status reports the client did not ask for out of its stream while the gateway polls', () => {
    const t = new BridgeTraffic({ pollingMs: 2000 });
    expect(t.gatewayPolls(0)).toBe(true);
    expect(t.fromMachine('<Idle|MPos:0.000,0.000,0.000|FS:0,0>', 0)).toBe(false);
    expect(t.fromMachine('ok', 0)).toBe(true);
    t.fromClient('?', 100);
    expect(t.clientPolls(200)).toBe(true);
    expect(t.fromMachine('<Idle|MPos:0.000,0.000,0.000|FS:0,0>', 200)).toBe(true);
    // The client stopped polling two seconds ago: the gateway polls again, for itself.
    expect(t.gatewayPolls(2200)).toBe(true);
    expect(t.fromMachine('<Run|MPos:1.000,0.000,0.000|FS:100,0>', 2200)).toBe(false);
  });
});
