/**
 * Who may publish and subscribe what on the broker. A gateway publishes only under its own site
 * and for its own machines (state, telemetry, events) and its own presence, and subscribes only
 * to its own machines' command topics. The server's ingest is no client: it reads the embedded
 * broker in process. Pure.
 * @module
 */
import { parseTopic } from '@manufacto/firmware-profiles/contract';

export type BrokerIdentity =
  | {
      readonly kind: 'gateway';
      readonly id: string;
      readonly site: string;
      readonly machines: ReadonlySet<string>;
    }
  /** Only when MQTT_ALLOW_ANONYMOUS=true (a closed lab network, development). */
  | { readonly kind: 'anonymous' };

export function mayPublish(who: BrokerIdentity, topic: string): boolean {
  if (who.kind !== 'gateway') return true;
  const t = parseTopic(topic);
  if (!t || t.site !== who.site) return false;
  if (t.kind === 'presence') return t.gateway === who.id;
  return t.channel !== 'command' && who.machines.has(t.machine);
}

export function maySubscribe(who: BrokerIdentity, filter: string): boolean {
  if (who.kind !== 'gateway') return true;
  // Exact topics only: a wildcard would reach other machines' commands.
  if (/[#+]/.test(filter)) return false;
  const t = parseTopic(filter);
  return (
    t !== null &&
    t.kind === 'machine' &&
    t.channel === 'command' &&
    t.site === who.site &&
    who.machines.has(t.machine)
  );
}
