/**
 * The wall's clock: one signal ticking every second, shifted by the server's offset so that
 * "depuis 12 min" is right even on a kiosk whose own clock drifted.
 * @module
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

export interface Clock {
  /** Now, epoch ms, corrected by the server offset. */
  readonly now: ReadonlySignal<number>;
  start(): void;
  stop(): void;
}

export function createClock(
  serverOffsetMs: ReadonlySignal<number>,
  tickMs = 1000,
  read: () => number = Date.now,
): Clock {
  const local = signal(read());
  const now = computed(() => local.value + serverOffsetMs.value);
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    now,
    start() {
      if (timer === undefined) timer = setInterval(() => (local.value = read()), tickMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
