/**
 * A scripted gateway for pipeline tests: publishes contract messages with consecutive sequence
 * numbers straight to a broker, so a test knows exactly what was sent and can count what arrived.
 * (The real gateway is exercised end to end elsewhere; this one gives exact counts.)
 * @module
 */
import { topics, type DeviceState } from '@manufacto/firmware-profiles/contract';
import mqtt, { type MqttClient } from 'mqtt';

export class ScriptedGateway {
  seq = 0;
  ts = Date.parse('2026-11-23T08:00:00Z');
  private constructor(
    private readonly client: MqttClient,
    readonly site: string,
    readonly gateway: string,
  ) {}

  static async connect(
    url: string,
    site = 'atelier-test',
    gateway = 'gw-scripted',
  ): Promise<ScriptedGateway> {
    // A persistent session: like the real gateway, unacknowledged messages are sent again after a reconnection.
    return new ScriptedGateway(
      await mqtt.connectAsync(url, {
        clientId: `scripted-${gateway}-${process.pid}`,
        clean: false,
        reconnectPeriod: 300,
      }),
      site,
      gateway,
    );
  }

  #envelope() {
    this.ts += 1; // one distinct millisecond per message: every point is its own in InfluxDB
    return { v: 1, gateway: this.gateway, seq: this.seq++, ts: this.ts };
  }

  async state(machine: string, state: DeviceState = 'idle'): Promise<void> {
    const e = this.#envelope();
    await this.client.publishAsync(
      topics.machine(this.site, machine, 'state'),
      JSON.stringify({
        ...e,
        state,
        since: e.ts,
        machine: { name: machine, kind: 'other', profile: 'scripted' },
      }),
      { qos: 1, retain: true },
    );
  }

  async telemetry(machine: string, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      await this.client.publishAsync(
        topics.machine(this.site, machine, 'telemetry'),
        JSON.stringify({ ...this.#envelope(), metrics: { power_w: i } }),
        { qos: 1 },
      );
    }
  }

  /** One telemetry message with these readings, at `ts` when given (else the next millisecond). */
  async metrics(machine: string, metrics: Record<string, number>, ts?: number): Promise<void> {
    if (ts !== undefined) this.ts = ts - 1;
    await this.client.publishAsync(
      topics.machine(this.site, machine, 'telemetry'),
      JSON.stringify({ ...this.#envelope(), metrics }),
      { qos: 1 },
    );
  }

  /** Raw bytes on a machine topic: not JSON, wrong schema, oversized… */
  async raw(machine: string, payload: string | Buffer): Promise<void> {
    await this.client.publishAsync(topics.machine(this.site, machine, 'telemetry'), payload, {
      qos: 1,
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
