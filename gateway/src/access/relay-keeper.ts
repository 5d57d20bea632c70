/**
 * Keeps the relays of access at the machine: switched on for a grant (from the access page, or
 * the server's `unlock` command when a member starts their slot from the dashboard) and off again
 * once it runs out — never under a working machine: the lock waits for it to stop, so a print is
 * never cut. A newer grant on the machine replaces the older one's end. A switch-off that fails
 * (the plug unreachable) is tried again every `recheckMs` until it goes through. Not yet: grants
 * are kept in memory only, so relays left on by a gateway crash stay on until a new grant ends.
 * @module
 */

export interface RelayKeeperOptions {
  readonly relay: (machine: string, on: boolean) => Promise<void>;
  /** Whether the machine is working (running, paused): then its relay is not switched off yet. */
  readonly working: (machine: string) => boolean;
  readonly log: (line: string) => void;
  readonly clock?: () => number;
  /** How often a lock waiting for a working machine looks again (ms). */
  readonly recheckMs?: number;
}

export class RelayKeeper {
  readonly #o: RelayKeeperOptions;
  readonly #locks = new Map<string, NodeJS.Timeout>();

  constructor(options: RelayKeeperOptions) {
    this.#o = options;
  }

  /** Switches the machine on until `until` (epoch ms). */
  async unlock(machine: string, until: number): Promise<void> {
    await this.#o.relay(machine, true);
    this.#clear(machine);
    const wait = Math.max(0, until - (this.#o.clock ?? Date.now)());
    this.#arm(machine, Math.min(wait, 2 ** 31 - 1));
  }

  /**
   * Ends the machine's grant at `until` ("J'ai fini", the server's `lock` with an end): off then,
   * or once it stops working — a person done with the machine does not cut a print still running.
   */
  end(machine: string, until: number): void {
    this.#clear(machine);
    const wait = Math.max(0, until - (this.#o.clock ?? Date.now)());
    this.#arm(machine, Math.min(wait, 2 ** 31 - 1));
  }

  /** Switches the machine off now (the server's `lock`), even while it works: asked for. */
  async lock(machine: string): Promise<void> {
    this.#clear(machine);
    await this.#o.relay(machine, false);
  }

  stop(): void {
    for (const t of this.#locks.values()) clearTimeout(t);
    this.#locks.clear();
  }

  #clear(machine: string): void {
    const old = this.#locks.get(machine);
    if (old) clearTimeout(old);
    this.#locks.delete(machine);
  }

  #arm(machine: string, ms: number): void {
    const timer = setTimeout(() => this.#lockWhenIdle(machine), ms);
    timer.unref?.();
    this.#locks.set(machine, timer);
  }

  #lockWhenIdle(machine: string): void {
    this.#locks.delete(machine);
    if (this.#o.working(machine)) return this.#arm(machine, this.#o.recheckMs ?? 30_000);
    this.#o.relay(machine, false).then(
      () => this.#o.log(`access: ${machine} locked again (its grant ran out)`),
      (error: Error) => {
        // A plug away for a moment must not leave the machine on: try again, unless a new grant
        // or a lock came in meanwhile (then that one keeps the relay).
        this.#o.log(`access: ${machine} could not be locked, trying again: ${error.message}`);
        if (!this.#locks.has(machine)) this.#arm(machine, this.#o.recheckMs ?? 30_000);
      },
    );
  }
}
