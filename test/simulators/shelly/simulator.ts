/**
 * A Shelly Plus Plug S of ours, in front of a machine: it connects to a broker as the real plug
 * does (last will `{prefix}/online` false, retained `true` at connect), publishes
 * `{prefix}/status/switch:0` at every change of draw and every `reportMs`, with `aenergy.total`
 * integrating the draw in Wh, and answers `Shelly.GetStatus` and `Switch.Set` (the relay: open, the
 * machine draws nothing) on `{prefix}/rpc`. Payload shapes are
 * those of the real captures in firmware-profiles/src/shelly/testcases.
 * @module
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface ShellySimulatorOptions {
  readonly brokerUrl: string;
  /** The device's topic prefix, `shellyplusplugs-<mac>`. */
  readonly prefix: string;
  /** Standby draw of the machine behind the plug. */
  readonly idleWatts?: number;
  /** How often the plug reports even without a change. */
  readonly reportMs?: number;
  /** The counter at start, Wh. */
  readonly energyWh?: number;
}

export class ShellySimulator {
  readonly #o: ShellySimulatorOptions;
  readonly #client: MqttClient;
  #watts: number;
  #energyWh: number;
  #lastAt = Date.now();
  #timer: NodeJS.Timeout;
  #timers = new Set<NodeJS.Timeout>();
  #output = true;
  /** Status messages published so far. */
  published = 0;

  private constructor(o: ShellySimulatorOptions, client: MqttClient) {
    this.#o = o;
    this.#client = client;
    this.#watts = o.idleWatts ?? 0;
    this.#energyWh = o.energyWh ?? 1000;
    this.#timer = setInterval(() => this.#report(), o.reportMs ?? 500);
  }

  static async start(o: ShellySimulatorOptions): Promise<ShellySimulator> {
    const client = mqtt.connect(o.brokerUrl, {
      clientId: o.prefix,
      reconnectPeriod: 0,
      will: { topic: `${o.prefix}/online`, payload: Buffer.from('false'), qos: 1, retain: true },
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const sim = new ShellySimulator(o, client);
    client.publish(`${o.prefix}/online`, 'true', { qos: 1, retain: true });
    client.subscribe(`${o.prefix}/rpc`, { qos: 1 });
    client.on('message', (topic, payload) => sim.#rpc(topic, payload.toString()));
    sim.#report();
    return sim;
  }

  get energyWh(): number {
    return this.#energyWh;
  }

  /** The relay: closed (the machine has power) or open. */
  get output(): boolean {
    return this.#output;
  }

  #integrate(): void {
    const now = Date.now();
    if (this.#output) this.#energyWh += (this.#watts * (now - this.#lastAt)) / 3_600_000;
    this.#lastAt = now;
  }

  #status() {
    return {
      id: 0,
      source: this.#output ? 'init' : 'MQTT',
      output: this.#output,
      apower: this.#output ? Math.round(this.#watts * 10) / 10 : 0,
      voltage: 230.1,
      current: Math.round((this.#watts / 230.1) * 1000) / 1000,
      aenergy: {
        total: Math.round(this.#energyWh * 1000) / 1000,
        by_minute: [0, 0, 0],
        minute_ts: Math.floor(Date.now() / 1000),
      },
      temperature: { tC: 38.2, tF: 100.8 },
    };
  }

  #report(): void {
    this.#integrate();
    this.published += 1;
    this.#client.publish(`${this.#o.prefix}/status/switch:0`, JSON.stringify(this.#status()), {
      qos: 1,
    });
  }

  #rpc(topic: string, text: string): void {
    if (topic !== `${this.#o.prefix}/rpc`) return;
    let request: { id?: number; src?: string; method?: string; params?: { on?: unknown } };
    try {
      request = JSON.parse(text);
    } catch {
      return;
    }
    if (!request.src) return;
    if (request.method === 'Switch.Set' && typeof request.params?.on === 'boolean') {
      this.#integrate();
      const was = this.#output;
      this.#output = request.params.on;
      this.#client.publish(
        `${request.src}/rpc`,
        JSON.stringify({
          id: request.id,
          src: this.#o.prefix,
          dst: request.src,
          result: { was_on: was },
        }),
        { qos: 1 },
      );
      this.#report();
      return;
    }
    if (request.method !== 'Shelly.GetStatus') return;
    this.#integrate();
    this.#client.publish(
      `${request.src}/rpc`,
      JSON.stringify({
        id: request.id,
        src: this.#o.prefix,
        dst: request.src,
        result: { 'switch:0': this.#status(), sys: { uptime: 60 } },
      }),
      { qos: 1 },
    );
  }

  /** The machine behind the plug now draws `watts`. */
  setPower(watts: number): void {
    this.#integrate();
    this.#watts = watts;
    this.#report();
  }

  /** Draws `watts` for `seconds`, then back to standby; resolves when done. */
  cut(watts: number, seconds: number): Promise<void> {
    this.setPower(watts);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        this.setPower(this.#o.idleWatts ?? 0);
        resolve();
      }, seconds * 1000);
      this.#timers.add(t);
    });
  }

  /** The plug loses power or Wi-Fi: the broker publishes its last will. */
  pull(): void {
    clearInterval(this.#timer);
    this.#client.stream.destroy();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    for (const t of this.#timers) clearTimeout(t);
    await new Promise<void>((resolve) => this.#client.end(true, {}, () => resolve()));
  }
}
