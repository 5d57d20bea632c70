/**
 * A link to one network device: the I/O edge the network runner receives from a factory, so that
 * the same runner runs against our simulators in tests and against the printer in the workshop.
 * A link reconnects by itself (with backoff) and says when it is up or down.
 * @module
 */
import type { AnyNetworkProfile, NetworkMessage } from '@manufacto/firmware-profiles';
import type { NetworkMachine } from './config.js';

export interface LinkHandlers {
  /** A message from the device, its source already relative to the device (see the profile). */
  onMessage(message: NetworkMessage): void;
  /** Connected (or the first poll answered). */
  onUp(): void;
  /** Lost or unreachable, with why; the link keeps trying. */
  onDown(reason: string): void;
  log(line: string): void;
}

export interface NetworkLink {
  start(): void;
  stop(): Promise<void>;
  /**
   * Switches the relay in front of the machine (the profile's `relay`), resolving once the device
   * or its broker took the request; rejects with why (not connected, refused, no relay).
   */
  switchRelay(on: boolean): Promise<void>;
}

export interface LinkOptions {
  readonly machine: NetworkMachine;
  readonly profile: AnyNetworkProfile;
  readonly handlers: LinkHandlers;
  /** The gateway's id, for client ids the device or broker shows. */
  readonly gateway: string;
  /** First reconnection delay; doubles up to 30 s. */
  readonly backoffMs?: number;
}

export type LinkFactory = (options: LinkOptions) => NetworkLink;

/** Exponential backoff from `first` to 30 s. */
export function backoff(first = 1000, max = 30_000) {
  let next = first;
  return {
    next(): number {
      const delay = next;
      next = Math.min(next * 2, max);
      return delay;
    },
    reset(): void {
      next = first;
    },
  };
}

/** The device's address without credentials, for logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid url)';
  }
}
