/**
 * A Tasmota plug with an energy monitor (a Sonoff POW R2), ours, in front of a machine: it connects
 * to a broker as Tasmota does (last will `tele/<topic>/LWT` `Offline`, retained `Online` at
 * connect, `tele/<topic>/INFO1` at boot), publishes `tele/<topic>/SENSOR` with its `ENERGY` every
 * `telePeriodMs` (Tasmota's TelePeriod), `Total` integrating the draw in kWh, answers
 * `cmnd/<topic>/Status 10` on `stat/<topic>/STATUS10` and `cmnd/<topic>/POWER` on
 * `stat/<topic>/RESULT` and `stat/<topic>/POWER`. Shapes after https://tasmota.github.io/docs/MQTT/
 * and the real captures in firmware-profiles/src/tasmota/testcases.
 * @module
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface TasmotaSimulatorOptions {
  readonly brokerUrl: string;
  /** Tasmota's `Topic` (`tasmota_A1B2C3` by default on a real plug). */
  readonly topic: string;
  readonly idleWatts?: number;
  /** TelePeriod, as milliseconds (Tasmota: 10–3600 s; tests go faster). */
  readonly telePeriodMs?: number;
  /** `Total` at start, kWh. */
  readonly totalKwh?: number;
}

const time = () => new Date().toISOString().slice(0, 19);

export class TasmotaSimulator {
  readonly #o: TasmotaSimulatorOptions;
  readonly #client: MqttClient;
  #watts: number;
  #totalKwh: number;
  #lastAt = Date.now();
  #relay = true;
  #timer: NodeJS.Timeout;
  #timers = new Set<NodeJS.Timeout>();
  /** SENSOR messages published so far. */
  published = 0;

  private constructor(o: TasmotaSimulatorOptions, client: MqttClient) {
    this.#o = o;
    this.#client = client;
    this.#watts = o.idleWatts ?? 0;
    this.#totalKwh = o.totalKwh ?? 12.5;
    this.#timer = setInterval(() => this.#sensor(), o.telePeriodMs ?? 1000);
  }

  static async start(o: TasmotaSimulatorOptions): Promise<TasmotaSimulator> {
    const client = mqtt.connect(o.brokerUrl, {
      clientId: `DVES_${o.topic}`,
      reconnectPeriod: 0,
      will: { topic: `tele/${o.topic}/LWT`, payload: Buffer.from('Offline'), qos: 1, retain: true },
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const sim = new TasmotaSimulator(o, client);
    const t = o.topic;
    client.publish(`tele/${t}/LWT`, 'Online', { qos: 1, retain: true });
    client.publish(
      `tele/${t}/INFO1`,
      JSON.stringify({
        Info1: {
          Module: 'Sonoff Pow R2',
          Version: '13.3.0(tasmota)',
          FallbackTopic: `cmnd/DVES_${t}_fb/`,
          GroupTopic: 'cmnd/tasmotas/',
        },
      }),
    );
    client.subscribe(`cmnd/${t}/+`, { qos: 1 });
    client.on('message', (topic, payload) => sim.#command(topic, payload.toString()));
    sim.#state();
    sim.#sensor();
    return sim;
  }

  /** `Total` in Wh, as the gateway counts it. */
  get energyWh(): number {
    return this.#totalKwh * 1000;
  }

  #integrate(): void {
    const now = Date.now();
    if (this.#relay) this.#totalKwh += (this.#watts * (now - this.#lastAt)) / 3_600_000_000;
    this.#lastAt = now;
  }

  #energy() {
    this.#integrate();
    const w = this.#relay ? this.#watts : 0;
    return {
      TotalStartTime: '2025-09-01T08:00:00',
      Total: Math.round(this.#totalKwh * 1_000_000) / 1_000_000,
      Yesterday: 0.412,
      Today: 0.087,
      Period: 0,
      Power: Math.round(w),
      ApparentPower: Math.round(w * 1.05),
      ReactivePower: Math.round(w * 0.3),
      Factor: w > 0 ? 0.95 : 0,
      Voltage: 231,
      Current: Math.round((w / 231) * 1000) / 1000,
    };
  }

  #sensor(): void {
    this.published += 1;
    this.#client.publish(
      `tele/${this.#o.topic}/SENSOR`,
      JSON.stringify({ Time: time(), ENERGY: this.#energy() }),
    );
  }

  #state(): void {
    this.#client.publish(
      `tele/${this.#o.topic}/STATE`,
      JSON.stringify({ Time: time(), Uptime: '0T00:03:14', POWER: this.#relay ? 'ON' : 'OFF' }),
    );
  }

  #command(topic: string, payload: string): void {
    const t = this.#o.topic;
    const command = topic.slice(`cmnd/${t}/`.length).toUpperCase();
    if (command === 'STATUS' && payload.trim() === '10')
      this.#client.publish(
        `stat/${t}/STATUS10`,
        JSON.stringify({ StatusSNS: { Time: time(), ENERGY: this.#energy() } }),
      );
    else if (command === 'POWER') {
      const p = payload.trim().toUpperCase();
      if (p === 'ON' || p === '1') this.#setRelay(true);
      else if (p === 'OFF' || p === '0') this.#setRelay(false);
      const state = this.#relay ? 'ON' : 'OFF';
      this.#client.publish(`stat/${t}/RESULT`, JSON.stringify({ POWER: state }));
      this.#client.publish(`stat/${t}/POWER`, state);
    }
  }

  #setRelay(on: boolean): void {
    this.#integrate();
    this.#relay = on;
  }

  /**
   * The machine behind the plug now draws `watts`. Tasmota reports on its TelePeriod only, unless
   * `PowerDelta` is set: ours sends a SENSOR at once, as a plug with `PowerDelta` does.
   */
  setPower(watts: number): void {
    this.#integrate();
    this.#watts = watts;
    this.#sensor();
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

  /** The plug loses power or Wi-Fi: the broker publishes its last will `Offline`. */
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
