/** The demo's autoplay on a real pty: machines start jobs by themselves and stop when told. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { openPtyPair } from '../support/pty.js';
import { autoplay } from './demo-jobs.js';
import { startGrblSimulator } from './grbl/simulator.js';
import { startMarlinSimulator } from './marlin/simulator.js';

describe('demo autoplay', () => {
  it('makes a printer and a laser run jobs by themselves, and stops when told', async () => {
    const printerPty = await openPtyPair();
    const laserPty = await openPtyPair();
    onTestFinished(() => printerPty.stop());
    onTestFinished(() => laserPty.stop());
    // At 100× a 40–90-s print takes under a second; pauses are scaled too.
    const printer = await startMarlinSimulator({ path: printerPty.devicePath, speed: 100 });
    const laser = await startGrblSimulator({
      path: laserPty.devicePath,
      machine: 'laser',
      speed: 100,
    });
    onTestFinished(() => printer.stop());
    onTestFinished(() => laser.stop());
    const printed = new Promise<{ outcome: string }>((r) => printer.once('job-finished', r));
    const cut = new Promise<{ outcome: string }>((r) => laser.once('job-finished', r));
    const stops = [
      autoplay(printer, { seed: 1, kind: 'printer' }),
      autoplay(laser, { seed: 2, kind: 'laser' }),
    ];
    expect((await printed).outcome).toBe('completed');
    expect((await cut).outcome).toBe('completed');
    for (const stop of stops) stop();
  });
});
