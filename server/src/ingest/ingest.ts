/**
 * The ingest: subscribes to every Manufacto topic on the broker (embedded or external), validates
 * each message against the contract, drops duplicates by (gateway, seq) and counts gaps, keeps the
 * machines' live views, writes points, records usage sessions and tells the live feeds.
 *
 * A gateway speaks only for itself: the payload's `gateway` must be the gateway the broker
 * authenticated (or, when the broker cannot say, a gateway issued for that site and machine);
 * anything else is refused as `identity`, so no gateway is created from a payload and none can
 * poison another's sequence numbers.
 *
 * A malformed payload is counted and logged (throttled) and never stops the others.
 * States and events are persisted in arrival order at once; views changed by telemetry only, and
 * the per-gateway sequence bookkeeping, are saved every couple of seconds. A machine's telemetry
 * is merged into its view once a turn of the event loop (and the live feeds told then), not at
 * every message; anything that reads or changes the views merges what is gathered first.
 * @module
 */
import {
  decodeMessage,
  TOPIC_ROOT,
  type DecodedMessage,
  type MachineView,
} from '@manufacto/firmware-profiles/contract';
import mqtt, { type MqttClient } from 'mqtt';
import {
  applyAwaitingCheck,
  applyMessage,
  applyPresence,
  gatherTelemetry,
  mergeTelemetry,
  type TelemetryTurn,
} from '../domain/telemetry/machine-view.js';
import {
  emptySequence,
  observe,
  restoredSequence,
  type GatewaySequence,
} from '../domain/telemetry/deduplicate-sequences.js';
import { usageSessionFromJob } from '../domain/telemetry/usage-session.js';
import type { EmbeddedBroker } from '../broker/embedded.js';
import type { PointWriter } from '../influx/writer.js';
import { pointsFor } from '../influx/points.js';
import type { LiveHub } from '../live/hub.js';
import type { Logger } from '../log.js';
import type { GatewaysRepository, StoredGateway } from '../store/gateways.js';
import type { MachinesRepository } from '../store/machines.js';
import type { UsageSessionsRepository } from '../store/usage-sessions.js';
import { newCounters, type IngestCounters } from './counters.js';
import type { GatewayCredentialsRepository } from '../store/gateway-credentials.js';
import { GatewayDirectory } from './gateway-directory.js';

/**
 * Who handed a message over: the gateway id the broker authenticated; `null` for an anonymous
 * client (MQTT_ALLOW_ANONYMOUS, a closed lab: its payloads are trusted); `undefined` when the
 * broker cannot say (an external broker, a journal replay): the directory decides then.
 */
export type Publisher = string | null | undefined;

export interface IngestOptions {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly machines: MachinesRepository;
  readonly gateways: GatewaysRepository;
  readonly usageSessions: UsageSessionsRepository;
  readonly writer: PointWriter;
  readonly hub: LiveHub;
  readonly log: Logger;
  readonly saveEveryMs?: number;
  /**
   * The issued gateways, for messages whose publisher the broker cannot name: the ingest keeps
   * its directory of them from these, read at load and again at every issue, rotation or
   * revocation. Without them (a lab that allows anonymous clients) such messages are trusted.
   */
  readonly credentials?: Pick<GatewayCredentialsRepository, 'list' | 'onChange'> | undefined;
  /** Called with each message from the broker once handled: the journal's receipt. */
  readonly onHandled?: (topic: string, payload: Buffer) => void;
  /** When a gateway was last heard from (default `Date.now`): a replayed week has its own clock. */
  readonly clock?: () => number;
}

interface GatewayInfo {
  site: string;
  online: boolean;
  lastSeen: number;
  sequence: GatewaySequence;
}

export class Ingest {
  readonly #o: IngestOptions;
  readonly counters: IngestCounters = newCounters();
  readonly #views = new Map<string, { view: MachineView; stateTs: number }>();
  readonly #gateways = new Map<string, GatewayInfo>();
  readonly #dirtyViews = new Set<string>();
  readonly #dirtyGateways = new Set<string>();
  /** Telemetry gathered this turn, by machine, merged into the views at its end. */
  readonly #turns = new Map<string, TelemetryTurn>();
  #merging = false;
  /** Awaited after-use checks of machines that have no view yet: laid over their first one. */
  readonly #unseenChecks = new Map<string, NonNullable<MachineView['awaitingCheck']>>();
  #client: MqttClient | undefined;
  #chain: Promise<void> = Promise.resolve();
  #saveTimer: NodeJS.Timeout | undefined;
  /** The gateways' marks being saved (after the writer's flush), if any. */
  #savingGateways: Promise<void> | undefined;
  #connected = false;
  #loaded = false;
  #brokerUrl = '';
  /** Empty until `load()`: nothing the broker cannot name is vouched for before the store is read. */
  readonly #directory: GatewayDirectory | undefined;
  #stopListening: (() => void) | undefined;

  constructor(options: IngestOptions) {
    this.#o = options;
    this.#directory = options.credentials ? new GatewayDirectory() : undefined;
  }

  get connected(): boolean {
    return this.#connected;
  }

  views(): MachineView[] {
    this.#mergeTurns();
    return [...this.#views.values()]
      .map((v) => v.view)
      .sort((a, b) => a.site.localeCompare(b.site) || a.name.localeCompare(b.name, 'fr'));
  }

  view(id: string): MachineView | undefined {
    this.#mergeTurn(id);
    return this.#views.get(id)?.view;
  }

  losses(): number {
    let n = 0;
    for (const g of this.#gateways.values()) n += g.sequence.losses;
    return n;
  }

  gatewayStats(): Array<{
    id: string;
    site: string;
    online: boolean;
    lastSeq: number;
    losses: number;
    duplicates: number;
    epoch: string | null;
    epochLosses: number;
  }> {
    return [...this.#gateways].map(([id, g]) => ({
      id,
      site: g.site,
      online: g.online,
      lastSeq: g.sequence.highest,
      losses: g.sequence.losses,
      duplicates: g.sequence.duplicates,
      epoch: g.sequence.epoch ?? null,
      epochLosses: g.sequence.epochLosses,
    }));
  }

  /**
   * Listens to the broker. The embedded one hands messages over in this process (`subscribe`):
   * the journal has them on disk before the gateway's PUBACK, so nothing is gained by a second
   * QoS 1 hop over a socket, and that hop was a third of the server's CPU. An external broker is
   * joined as an MQTT client with a persistent session.
   */
  async start(broker: string | Pick<EmbeddedBroker, 'url' | 'subscribe'>): Promise<void> {
    await this.load();
    if (typeof broker !== 'string') {
      this.#brokerUrl = `${broker.url} (in process)`;
      await broker.subscribe(`${TOPIC_ROOT}/#`, (topic, payload, who) => {
        this.handle(topic, payload, who?.kind === 'gateway' ? who.id : who ? null : undefined);
        this.#o.onHandled?.(topic, payload);
      });
      this.#connected = true;
      this.#o.log.info(`ingest: subscribed to ${TOPIC_ROOT}/# on the embedded broker, in process`);
      this.#startSaving();
      return;
    }
    const brokerUrl = broker;
    this.#brokerUrl = brokerUrl;
    const client = mqtt.connect(brokerUrl, {
      clientId: 'manufacto-server-ingest',
      // A persistent session: an external broker keeps QoS 1 messages for us while we restart.
      clean: false,
      reconnectPeriod: 1000,
      ...(this.#o.username ? { username: this.#o.username } : {}),
      ...(this.#o.password ? { password: this.#o.password } : {}),
    });
    this.#client = client;
    client.on('message', (topic, payload) => {
      // An external broker does not say who published: the directory vouches for the payload.
      this.handle(topic, payload, undefined);
      this.#o.onHandled?.(topic, payload);
    });
    client.on('connect', () => {
      this.#connected = true;
      this.#o.log.info(`ingest: subscribed to ${TOPIC_ROOT}/# on ${this.#brokerUrl}`);
    });
    client.on('close', () => {
      if (this.#connected)
        this.#o.log.warn(`ingest: lost the broker ${this.#brokerUrl}; reconnecting`);
      this.#connected = false;
    });
    client.on('error', (error) =>
      this.#o.log.throttled(
        'ingest-broker',
        'warn',
        `ingest: broker ${this.#brokerUrl}: ${error.message}`,
      ),
    );
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(
        () => reject(new Error(`cannot reach the MQTT broker at ${this.#brokerUrl}`)),
        10_000,
      );
      client.once('connect', () => {
        clearTimeout(timeout);
        resolve();
      });
    });
    await client.subscribeAsync(`${TOPIC_ROOT}/#`, { qos: 1 });
    this.#startSaving();
  }

  #startSaving(): void {
    this.#saveTimer = setInterval(() => this.#saveDirty(), this.#o.saveEveryMs ?? 2000);
    this.#saveTimer.unref();
  }

  #reject(topic: string, category: string, reason: string): void {
    this.counters.rejected.set(category, (this.counters.rejected.get(category) ?? 0) + 1);
    this.#o.log.throttled(
      `reject-${category}`,
      'warn',
      `ingest: rejected message on ${topic.slice(0, 200)}: ${reason}`,
    );
  }

  /**
   * One raw MQTT message and who published it (see `Publisher`). Public so that tests and
   * benchmarks can feed it directly.
   */
  handle(topic: string, payload: Buffer | string, publisher?: Publisher): void {
    this.counters.received += 1;
    const result = decodeMessage(topic, payload);
    if (!result.ok) return this.#reject(topic, result.category, result.reason);
    const decoded = result.value;
    if (decoded.kind === 'command') return;
    const claimed = decoded.kind === 'presence' ? decoded.gateway : decoded.message.gateway;
    if (
      publisher === undefined
        ? !this.#vouched(claimed, decoded)
        : publisher !== null && publisher !== claimed
    ) {
      return this.#reject(
        topic,
        'identity',
        publisher
          ? `gateway ${publisher} sent a payload in the name of "${claimed.slice(0, 64)}"`
          : `"${claimed.slice(0, 64)}" is no gateway issued for this site and machine`,
      );
    }
    if (decoded.kind === 'presence') return this.#presence(decoded);

    const gatewayId = decoded.message.gateway;
    let gateway = this.#gateways.get(gatewayId);
    if (!gateway) {
      gateway = { site: decoded.site, online: true, lastSeen: 0, sequence: emptySequence() };
      this.#gateways.set(gatewayId, gateway);
    }
    const { epoch, highest, epochLosses } = gateway.sequence;
    const observation = observe(gateway.sequence, decoded.message.seq, decoded.message.epoch);
    if (observation === 'epoch')
      this.#o.log.warn(
        `ingest: gateway ${gatewayId} has a new outbox epoch ${decoded.message.epoch} (reinstalled, or a new data folder): counting from seq ${decoded.message.seq}; epoch ${epoch ?? '(none)'} ended at seq ${highest} with ${epochLosses} loss(es)`,
      );
    gateway.lastSeen = (this.#o.clock ?? Date.now)();
    this.#dirtyGateways.add(gatewayId);
    if (observation === 'duplicate') {
      this.counters.duplicates += 1;
      return;
    }
    this.counters.accepted += 1;
    this.#apply(decoded);
  }

  #vouched(gateway: string, decoded: DecodedMessage): boolean {
    const directory = this.#directory;
    if (!directory) return true;
    return directory.vouches(
      gateway,
      decoded.site,
      'machine' in decoded ? decoded.machine : undefined,
    );
  }

  #apply(decoded: Extract<DecodedMessage, { machine: string }>): void {
    if (decoded.kind === 'telemetry') return this.#telemetry(decoded);
    // A state or an event comes after the readings gathered before it.
    this.#mergeTurn(decoded.machine);
    const current = this.#views.get(decoded.machine);
    let next = applyMessage(current?.view, decoded, current?.stateTs);
    if (!current && next && this.#unseenChecks.size > 0) {
      const awaiting = this.#unseenChecks.get(decoded.machine);
      this.#unseenChecks.delete(decoded.machine);
      if (awaiting) next = { ...next, view: applyAwaitingCheck(next.view, awaiting) };
    }
    const viewNow = next?.view ?? current?.view;
    this.#o.writer.write(pointsFor(decoded, viewNow));
    if (next) {
      this.#views.set(decoded.machine, next);
      this.#o.hub.publish(next.view);
      this.#persist(() => this.#o.machines.saveStatus(next.view, next.stateTs));
    }
    if (decoded.kind === 'event' && decoded.message.type === 'job_finished') {
      const session = usageSessionFromJob(decoded.site, decoded.machine, decoded.message);
      this.counters.usageSessions += 1;
      this.#persist(() => this.#o.usageSessions.record(session));
    }
  }

  /** Its point now; into the machine's turn, merged into the view at the turn's end. */
  #telemetry(decoded: Extract<DecodedMessage, { kind: 'telemetry' }>): void {
    const current = this.#views.get(decoded.machine);
    // The tags come from the view; readings never change a machine's kind or profile.
    this.#o.writer.write(pointsFor(decoded, current?.view));
    const pending = this.#turns.get(decoded.machine);
    const turn = gatherTelemetry(pending, current?.view, current?.stateTs, decoded);
    if (!turn || pending) return;
    this.#turns.set(decoded.machine, turn);
    if (this.#merging) return;
    this.#merging = true;
    setImmediate(() => this.#mergeTurns());
  }

  #mergeTurn(machine: string): void {
    const turn = this.#turns.get(machine);
    if (!turn) return;
    this.#turns.delete(machine);
    const next = mergeTelemetry(turn);
    this.#views.set(machine, next);
    this.#o.hub.publish(next.view);
    this.#dirtyViews.add(machine);
  }

  #mergeTurns(): void {
    this.#merging = false;
    for (const machine of this.#turns.keys()) this.#mergeTurn(machine);
  }

  #presence(decoded: Extract<DecodedMessage, { kind: 'presence' }>): void {
    this.#mergeTurns();
    const online = decoded.message.status === 'online';
    const known = this.#gateways.get(decoded.gateway);
    this.#gateways.set(decoded.gateway, {
      site: decoded.site,
      online,
      lastSeen: (this.#o.clock ?? Date.now)(),
      sequence: known?.sequence ?? emptySequence(),
    });
    this.#dirtyGateways.add(decoded.gateway);
    for (const [id, entry] of this.#views) {
      if (entry.view.gateway !== decoded.gateway) continue;
      const view = applyPresence(entry.view, online);
      if (view === entry.view) continue;
      this.#views.set(id, { ...entry, view });
      this.#o.hub.publish(view);
      this.#persist(() => this.#o.machines.saveStatus(view, entry.stateTs));
    }
  }

  /**
   * The after-use check the machine awaits (null: none), from the server's grants: laid over its
   * view, told to the live feeds and saved when it changes. A machine not seen yet gets it with
   * its first state.
   */
  setAwaitingCheck(machine: string, awaiting: MachineView['awaitingCheck']): void {
    // Readings gathered this turn first: the turn's merge would put back the view it started from.
    this.#mergeTurn(machine);
    const entry = this.#views.get(machine);
    if (!entry) {
      if (awaiting) this.#unseenChecks.set(machine, awaiting);
      else this.#unseenChecks.delete(machine);
      return;
    }
    const view = applyAwaitingCheck(entry.view, awaiting);
    if (view === entry.view) return;
    this.#views.set(machine, { ...entry, view });
    this.#o.hub.publish(view);
    this.#persist(() => this.#o.machines.saveStatus(view, entry.stateTs));
  }

  #persist(task: () => Promise<void>): void {
    this.#chain = this.#chain
      .then(task)
      .catch((error: unknown) => this.#o.log.error(`store: ${(error as Error).message}`));
  }

  #saveDirty(): void {
    this.#mergeTurns();
    for (const id of this.#dirtyViews) {
      const entry = this.#views.get(id);
      if (entry) this.#persist(() => this.#o.machines.saveStatus(entry.view, entry.stateTs));
    }
    this.#dirtyViews.clear();
    this.#saveGateways();
  }

  /**
   * Saves the gateways' high-water marks, but only once the points of every message they cover
   * are in InfluxDB or the spool: a mark saved ahead of the points would make a journal replay
   * after a crash take the last messages for duplicates (InfluxDB slow, kill -9: they were lost).
   * The marks are taken now, before the writer's flush, so the flush covers all they count.
   */
  #saveGateways(): void {
    if (this.#savingGateways || this.#dirtyGateways.size === 0) return;
    const marks: StoredGateway[] = [];
    for (const id of this.#dirtyGateways) {
      const g = this.#gateways.get(id);
      if (!g) continue;
      marks.push({
        id,
        site: g.site,
        online: g.online,
        lastSeen: g.lastSeen,
        lastSeq: g.sequence.highest,
        losses: g.sequence.losses,
        epoch: g.sequence.epoch ?? null,
        epochLosses: g.sequence.epochLosses,
      });
    }
    this.#dirtyGateways.clear();
    const saving = this.#o.writer.flush().then(
      () =>
        new Promise<void>((resolve) => {
          for (const mark of marks) this.#persist(() => this.#o.gateways.save(mark));
          this.#persist(async () => resolve());
        }),
      // Points not saved yet (the spool's disk is full): the marks wait for the next round.
      () => {
        for (const mark of marks) this.#dirtyGateways.add(mark.id);
      },
    );
    const done: Promise<void> = saving.finally(() => {
      if (this.#savingGateways === done) this.#savingGateways = undefined;
    });
    this.#savingGateways = done;
  }

  /**
   * Saves what waits for the periodic save, and resolves once the store has everything so far
   * (the gateways' marks only when the writer has their points).
   */
  async persistNow(): Promise<void> {
    this.#saveDirty();
    await this.#savingGateways;
    await this.#chain;
  }

  /** Loads the stored views and sequences; `start()` does it too, replay needs it before. */
  async load(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    const credentials = this.#o.credentials;
    if (credentials && this.#directory) {
      const directory = this.#directory;
      this.#stopListening = credentials.onChange(async () =>
        directory.replace(await credentials.list()),
      );
      directory.replace(await credentials.list());
    }
    for (const { view, stateTs } of await this.#o.machines.loadStatuses())
      this.#views.set(view.id, { view, stateTs });
    for (const g of await this.#o.gateways.list()) {
      this.#gateways.set(g.id, {
        site: g.site,
        online: g.online,
        lastSeen: g.lastSeen,
        sequence: restoredSequence(g.lastSeq, g.losses, g.epoch, g.epochLosses),
      });
    }
  }

  async stop(): Promise<void> {
    this.#stopListening?.();
    if (this.#saveTimer) clearInterval(this.#saveTimer);
    this.#connected = false;
    await this.#client?.endAsync().catch(() => undefined);
    this.#saveDirty();
    await this.#savingGateways;
    await this.#chain;
  }
}
