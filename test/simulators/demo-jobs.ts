/**
 * Makes simulated machines work by themselves for the demo: jobs of plausible lengths with idle
 * pauses between them, seeded so that a demo behaves the same each time, and now and then a
 * fault (an alarm on the CNC, a door opened on the laser) that clears after a while.
 * @module
 */
import type { GrblSimulator } from './grbl/simulator.js';
import type { MarlinSimulator } from './marlin/simulator.js';
import { seededRandom } from '../support/seeded-random.js';

export interface AutoplayOptions {
  readonly seed: number;
  readonly kind: 'printer' | 'laser' | 'cnc';
}

const JOBS = {
  printer: {
    names: ['support-etagere.gcode', 'boitier-capteur.gcode', 'figurine-lot-3.gcode'],
    seconds: [40, 90],
  },
  laser: {
    names: ['plaque-gravure.nc', 'boite-contreplaque.nc', 'enseigne-atelier.nc'],
    seconds: [20, 40],
  },
  cnc: { names: ['plateau-chene.nc', 'pieds-table.nc', 'moule-silicone.nc'], seconds: [30, 60] },
} as const;

/** Starts the loop; returns a function that stops it. */
export function autoplay(
  sim: MarlinSimulator | GrblSimulator,
  { seed, kind }: AutoplayOptions,
): () => void {
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)] as T;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Pauses are simulated seconds too: a simulator running 3× faster idles 3× shorter.
  const speed = sim.speed > 0 ? sim.speed : 1;
  const later = (seconds: number, fn: () => void) => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        if (!stopped) fn();
      },
      (seconds * 1000) / speed,
    );
  };
  const cycle = () => {
    const job = JOBS[kind];
    const [min, max] = job.seconds;
    const durationS = Math.round(min + rand() * (max - min));
    sim.startJob({ name: pick(job.names), durationS });
    const running = 'jobRunning' in sim ? sim.jobRunning : sim.printing;
    // A job refused (printer halted, machine alarmed or disconnected): try again a bit later.
    if (!running) return later(10, cycle);
    const fault = rand();
    if (kind === 'cnc' && fault < 0.2 && 'alarm' in sim) {
      // A hard limit mid-job; someone unlocks the machine a bit later.
      later(durationS * 0.4, () => {
        sim.alarm(1);
        later(20, () => {
          sim.clearAlarm();
          later(5 + rand() * 10, cycle);
        });
      });
      return;
    }
    if (kind === 'laser' && fault < 0.15 && 'door' in sim) {
      later(durationS * 0.5, () => {
        sim.door();
        later(8, () => {
          sim.resume();
          sim.once('job-finished', () => later(5 + rand() * 15, cycle));
        });
      });
      return;
    }
    sim.once('job-finished', () => later(5 + rand() * 20, cycle));
  };
  later(2 + rand() * 5, cycle);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
