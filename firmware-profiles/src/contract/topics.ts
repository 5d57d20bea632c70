/**
 * The MQTT topic scheme.
 *
 * ```
 * manufacto/v1/{site}/machines/{machine}/state       retained, QoS 1: current state of one machine
 * manufacto/v1/{site}/machines/{machine}/telemetry   QoS 1: metric readings (temperatures, progress…)
 * manufacto/v1/{site}/machines/{machine}/event       QoS 1: job started / finished, alarms
 * manufacto/v1/{site}/machines/{machine}/command     QoS 1, server → gateway: job_start/pause/resume/cancel, unlock/lock (access at the machine)
 * manufacto/v1/{site}/gateways/{gateway}/presence    retained, QoS 1: online / offline (last will)
 * ```
 * `machines` and `gateways` keep ids in separate namespaces, so a machine may be called anything
 * the id rule allows.
 * @module
 */
import { TOPIC_ROOT } from './version.js';

/** Ids of sites, machines and gateways: lowercase, digits and dashes, as they appear in topics and URLs. */
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export type MachineChannel = 'state' | 'telemetry' | 'event' | 'command';

export const topics = {
  machine: (site: string, machine: string, channel: MachineChannel) =>
    `${TOPIC_ROOT}/${site}/machines/${machine}/${channel}`,
  presence: (site: string, gateway: string) => `${TOPIC_ROOT}/${site}/gateways/${gateway}/presence`,
  /** What the server subscribes to: every message of every site. */
  all: `${TOPIC_ROOT}/#`,
  /** Everything one site publishes. */
  site: (site: string) => `${TOPIC_ROOT}/${site}/#`,
} as const;

export type ParsedTopic =
  | { kind: 'machine'; site: string; machine: string; channel: MachineChannel }
  | { kind: 'presence'; site: string; gateway: string };

const CHANNELS: ReadonlySet<string> = new Set(['state', 'telemetry', 'event', 'command']);

/**
 * Topics already split, by their text: a workshop has a few hundred, and every message's topic is
 * split on its way in (the broker's access check, then the decoder), each time a split and two
 * patterns. Bounded: a client sending made-up topics only empties it now and then. The parts
 * given back are shared: read them, never change them.
 */
const parsedTopics = new Map<string, Readonly<ParsedTopic> | null>();
const MAX_PARSED_TOPICS = 4096;

/** Splits a topic into its parts; `null` when it is not one of ours (wrong root, bad id, unknown channel). */
export function parseTopic(topic: string): ParsedTopic | null {
  let parsed = parsedTopics.get(topic);
  if (parsed === undefined) {
    parsed = splitTopic(topic);
    if (parsed) Object.freeze(parsed);
    if (parsedTopics.size >= MAX_PARSED_TOPICS) parsedTopics.clear();
    parsedTopics.set(topic, parsed);
  }
  return parsed;
}

function splitTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 6 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  const [, , site, collection, id, leaf] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!ID_PATTERN.test(site) || !ID_PATTERN.test(id)) return null;
  if (collection === 'machines' && CHANNELS.has(leaf)) {
    return { kind: 'machine', site, machine: id, channel: leaf as MachineChannel };
  }
  if (collection === 'gateways' && leaf === 'presence')
    return { kind: 'presence', site, gateway: id };
  return null;
}
