/**
 * Keeps the relays of access at the machine: switched on for a grant (from the access page, or
 * the server's `unlock` command when a member starts their slot from the dashboard) and off again
 * once it runs out — never under a working machine: the lock waits for it to stop, so a print is
 * never cut. A newer grant on the machine replaces the older one's end. A switch-off that fails
 * (the plug unreachable) is tried again every `recheckMs` until it goes through. Grants are kept
 * in a small file (`grantsFile`), so after a crash or a restart `restore` re-arms the live ones and
 * switches off the relays left on without one — once the machine's state is known and it is not
 * working: a gateway that just started has not seen the machine yet, and a print must not be cut.
 * @module
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Where the live grants' ends are kept: machine → epoch ms. */
export interface GrantStore {
  read(): Record<string, number>;
  write(grants: Record<string, number>): void;
}

/** A JSON file, replaced whole (written beside, then renamed: never half a file after a crash). */
export function grantsFile(file: string): GrantStore {
  return {
    read() {
      if (!existsSync(file)) return {};
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (typeof data !== 'object' || data === null) return {};
        return Object.fromEntries(
          Object.entries(data).filter((e): e is [string, number] => typeof e[1] === 'number'),
        );
      } catch {
        // A damaged file: no live grant is known, so the relays are switched off (safe side).
        return {};
      }
    },
    write(grants) {
      writeFileSync(`${file}.tmp`, JSON.stringify(grants));
      renameSync(`${file}.tmp`, file);
    },
  };
}

export interface RelayKeeperOptions {
  readonly relay: (machine: string, on: boolean) => Promise<void>;
  /** Whether the machine is working (running, paused): then its relay is not switched off yet. */
  readonly working: (machine: string) => boolean;
  readonly log: (line: string) => void;
  readonly clock?: () => number;
  /** How often a lock waiting for a working machine looks again (ms). */
  readonly recheckMs?: number;
  /** Whether the machine's state has been seen (absent: always): unknown, it is not switched off. */
  readonly known?: (machine: string) => boolean;
  /** Keeps the grants across restarts (absent: in memory only). */
  readonly store?: GrantStore;
}

export class RelayKeeper {
  readonly #o: RelayKeeperOptions;
  readonly #locks = new Map<string, NodeJS.Timeout>();
  readonly #grants: Record<string, number>;

  constructor(options: RelayKeeperOptions) {
    this.#o = options;
    this.#grants = { ...options.store?.read() };
  }

  /**
   * At start: the machines' grants kept from before the restart are re-armed to their end; a
   * relay without a live grant is switched off (once its machine is seen, and not working).
   */
  restore(machines: readonly string[]): void {
    const now = (this.#o.clock ?? Date.now)();
    for (const machine of machines) {
      const until = this.#grants[machine];
      if (until !== undefined && until > now)
        this.#arm(machine, Math.min(until - now, 2 ** 31 - 1));
      else {
        if (until !== undefined) this.#forget(machine);
        this.#arm(machine, 0);
      }
    }
  }

  #keep(machine: string, until: number): void {
    this.#grants[machine] = until;
    this.#save();
  }

  #forget(machine: string): void {
    if (!(machine in this.#grants)) return;
    delete this.#grants[machine];
    this.#save();
  }

  /**
   * A grants file that cannot be written (disk full, dataDir read-only) must not leave a relay on
   * with no switch-off: the grant still ends on time in memory, only a restart would forget it.
   */
  #save(): void {
    try {
      this.#o.store?.write(this.#grants);
    } catch (err) {
      this.#o.log(`access: grants file not written (${(err as Error).message})`);
    }
  }

  /** Switches the machine on until `until` (epoch ms). */
  async unlock(machine: string, until: number): Promise<void> {
    await this.#o.relay(machine, true);
    this.#clear(machine);
    const wait = Math.max(0, until - (this.#o.clock ?? Date.now)());
    this.#arm(machine, Math.min(wait, 2 ** 31 - 1));
    this.#keep(machine, until);
  }

  /**
   * Ends the machine's grant at `until` ("J'ai fini", the server's `lock` with an end): off then,
   * or once it stops working — a person done with the machine does not cut a print still running.
   */
  end(machine: string, until: number): void {
    this.#clear(machine);
    const wait = Math.max(0, until - (this.#o.clock ?? Date.now)());
    this.#arm(machine, Math.min(wait, 2 ** 31 - 1));
    this.#keep(machine, until);
  }

  /** Switches the machine off now (the server's `lock`), even while it works: asked for. */
  async lock(machine: string): Promise<void> {
    this.#clear(machine);
    await this.#o.relay(machine, false);
    this.#forget(machine);
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
    const unseen = this.#o.known !== undefined && !this.#o.known(machine);
    if (unseen || this.#o.working(machine)) return this.#arm(machine, this.#o.recheckMs ?? 30_000);
    this.#o.relay(machine, false).then(
      () => {
        this.#forget(machine);
        this.#o.log(`access: ${machine} locked again (its grant ran out)`);
      },
      (error: Error) => {
        // A plug away for a moment must not leave the machine on: try again, unless a new grant
        // or a lock came in meanwhile (then that one keeps the relay).
        this.#o.log(`access: ${machine} could not be locked, trying again: ${error.message}`);
        if (!this.#locks.has(machine)) this.#arm(machine, this.#o.recheckMs ?? 30_000);
      },
    );
  }
}
