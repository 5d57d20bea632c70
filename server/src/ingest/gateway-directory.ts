/**
 * The gateways the server issued credentials to, by id: their site and machines. The ingest keeps
 * it from the store (read at load, again at each change the credentials repository tells) and asks
 * it when the broker cannot say who published a message (an external broker, a journal replay):
 * the payload's `gateway` must then be an issued gateway of the topic's site that owns the
 * topic's machine. Revoked gateways stay in it: what they sent before the revocation was
 * acknowledged and is kept.
 * @module
 */
import type { GatewayCredential } from '../store/gateway-credentials.js';

export class GatewayDirectory {
  #gateways = new Map<string, { site: string; machines: ReadonlySet<string> }>();

  constructor(credentials: readonly GatewayCredential[] = []) {
    this.replace(credentials);
  }

  /** Takes the issued gateways as the store has them now. */
  replace(credentials: readonly GatewayCredential[]): void {
    this.#gateways = new Map(
      credentials.map((c) => [c.gateway, { site: c.site, machines: new Set(c.machines) }]),
    );
  }

  /** Whether `gateway` was issued for `site` and, for a machine topic, owns `machine`. */
  vouches(gateway: string, site: string, machine?: string): boolean {
    const g = this.#gateways.get(gateway);
    if (!g || g.site !== site) return false;
    return machine === undefined || g.machines.has(machine);
  }
}
