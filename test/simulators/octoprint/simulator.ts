/**
 * An OctoPrint of ours, driving a printer: its REST API (`GET /api/printer`, `GET /api/job`,
 * `POST /api/login` passive) behind `X-Api-Key` (403 without it, as OctoPrint answers), over HTTP
 * or HTTPS, and its push socket, SockJS's raw WebSocket at `/sockjs/websocket`: `connected` at
 * once, `history` then `current` every 500 ms × the client's `throttle` once the client sent
 * `{"auth": "name:session"}` with the session of its passive login, and `event` frames
 * (`PrintStarted`, `PrintDone`, `PrintFailed`…). Shapes after https://docs.octoprint.org/en/master/api/
 * (push.html, job.html, printer.html, general.html#login) and the case in
 * firmware-profiles/src/octoprint/testcases. With `mqtt`, it also plays the OctoPrint-MQTT plugin
 * (https://github.com/OctoPrint/OctoPrint-MQTT#topics): `{base}/mqtt` `connected` (retained, last
 * will `disconnected`), `{base}/event/Print…`, `{base}/progress/printing` and
 * `{base}/temperature/tool0|bed` on a broker.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { type WebSocket, WebSocketServer } from 'ws';

export interface OctoPrintSimulatorOptions {
  readonly apiKey: string;
  /** Serve HTTPS with this certificate. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Refuse the push socket (an OctoPrint behind a proxy without WebSocket upgrades). */
  readonly push?: boolean;
  /** Publish as the OctoPrint-MQTT plugin does, to this broker under this base topic. */
  readonly mqtt?: { readonly brokerUrl: string; readonly base?: string };
}

const USER = 'manufacto';

export class OctoPrintSimulator {
  readonly #o: OctoPrintSimulatorOptions;
  readonly #server: ReturnType<typeof createHttp>;
  readonly #wss: WebSocketServer;
  readonly #session = randomBytes(8).toString('hex');
  #flags = { operational: true, printing: false, paused: false, cancelling: false, error: false };
  #text = 'Operational';
  #job: { name: string; completion: number; printTime: number } | undefined;
  #timers = new Set<NodeJS.Timeout>();
  #sockets = new Set<WebSocket>();
  /** Sockets that sent a valid `auth`: only they get status frames, as OctoPrint's permissions say. */
  #authed = new Set<WebSocket>();
  #pushOn: boolean;
  #mqtt: MqttClient | undefined;
  /** REST requests answered (polls), and refused for a missing or wrong key. */
  polls = 0;
  refused = 0;
  /** Push sockets that authenticated. */
  authenticated = 0;

  private constructor(o: OctoPrintSimulatorOptions) {
    this.#o = o;
    this.#pushOn = o.push ?? true;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.#handle(req, res);
    this.#server = o.tls
      ? createHttps({ cert: o.tls.cert, key: o.tls.key }, handler)
      : createHttp(handler);
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server.on('upgrade', (req, socket, head) => {
      if (!this.#pushOn || req.url !== '/sockjs/websocket') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#push(ws));
    });
  }

  static async start(o: OctoPrintSimulatorOptions): Promise<OctoPrintSimulator> {
    const sim = new OctoPrintSimulator(o);
    await new Promise<void>((resolve) => sim.#server.listen(0, '127.0.0.1', () => resolve()));
    if (o.mqtt) {
      const base = o.mqtt.base ?? 'octoPrint';
      const client = mqtt.connect(o.mqtt.brokerUrl, {
        clientId: 'octoprint-mqtt-plugin',
        reconnectPeriod: 0,
        will: { topic: `${base}/mqtt`, payload: Buffer.from('disconnected'), qos: 1, retain: true },
      });
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      client.publish(`${base}/mqtt`, 'connected', { qos: 1, retain: true });
      sim.#mqtt = client;
      const t = setInterval(() => sim.#plugin(), 1000);
      sim.#timers.add(t);
    }
    return sim;
  }

  #publish(topic: string, payload: unknown): void {
    const base = this.#o.mqtt?.base ?? 'octoPrint';
    this.#mqtt?.publish(`${base}/${topic}`, JSON.stringify(payload), { qos: 1 });
  }

  /** The plugin's periodic topics: temperatures always, progress while printing. */
  #plugin(): void {
    const ts = Math.floor(Date.now() / 1000);
    const t = this.#temps();
    this.#publish('temperature/tool0', {
      _timestamp: ts,
      actual: t.tool0.actual,
      target: t.tool0.target,
    });
    this.#publish('temperature/bed', {
      _timestamp: ts,
      actual: t.bed.actual,
      target: t.bed.target,
    });
    if (this.#job && this.#flags.printing)
      this.#publish('progress/printing', {
        location: 'local',
        path: this.#job.name,
        progress: Math.round(this.#job.completion),
        printer_data: { state: this.#state(), ...this.#jobInfo() },
        _timestamp: ts,
      });
  }

  get url(): string {
    const port = (this.#server.address() as AddressInfo).port;
    return `${this.#o.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  #state() {
    return {
      text: this.#text,
      flags: {
        ...this.#flags,
        closedOrError: this.#flags.error,
        finishing: false,
        pausing: false,
        ready: !this.#flags.printing,
        resuming: false,
        sdReady: false,
      },
      error: this.#flags.error ? 'Thermal Runaway' : '',
    };
  }

  #jobInfo() {
    const j = this.#job;
    return {
      job: {
        file: j
          ? { name: j.name, path: j.name, display: j.name, origin: 'local', size: 1468987 }
          : { name: null, path: null, display: null, origin: null, size: null },
        estimatedPrintTime: j ? 1188 : null,
        user: j ? USER : null,
      },
      progress: {
        completion: j ? j.completion : null,
        filepos: null,
        printTime: j ? j.printTime : null,
        printTimeLeft: j ? Math.max(0, 6 - j.printTime) : null,
      },
    };
  }

  #temps() {
    const hot = this.#flags.printing;
    return {
      tool0: { actual: hot ? 214.8 : 24.9, target: hot ? 215 : 0, offset: 0 },
      bed: { actual: hot ? 60.1 : 23.5, target: hot ? 60 : 0, offset: 0 },
    };
  }

  #current() {
    const t = this.#temps();
    return {
      state: this.#state(),
      ...this.#jobInfo(),
      currentZ: null,
      offsets: {},
      temps: [{ time: Math.floor(Date.now() / 1000), tool0: t.tool0, bed: t.bed }],
      logs: [],
      messages: [],
      resends: { count: 0, transmitted: 0, ratio: 0 },
    };
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-api-key'] !== this.#o.apiKey) {
      this.refused += 1;
      json(403, { error: 'You don’t have the permission to access the requested resource.' });
      return;
    }
    if (req.method === 'POST' && req.url === '/api/login') {
      req.resume();
      req.on('end', () =>
        json(200, {
          name: USER,
          active: true,
          admin: false,
          user: true,
          apikey: null,
          settings: {},
          session: this.#session,
          _is_external_client: false,
        }),
      );
      return;
    }
    this.polls += 1;
    if (req.url === '/api/printer') json(200, { temperature: this.#temps(), state: this.#state() });
    else if (req.url === '/api/job') json(200, { ...this.#jobInfo(), state: this.#text });
    else json(404, { error: 'Not found' });
  }

  #push(ws: WebSocket): void {
    this.#sockets.add(ws);
    let throttle = 1;
    let timer: NodeJS.Timeout | undefined;
    const send = (frame: unknown) => ws.send(JSON.stringify(frame));
    send({
      connected: { apikey: 'UI_KEY', version: '1.10.2', display_version: '1.10.2', branch: '' },
    });
    ws.on('message', (data) => {
      let m: { auth?: string; throttle?: number };
      try {
        m = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof m.throttle === 'number' && m.throttle >= 1) throttle = m.throttle;
      if (m.auth === `${USER}:${this.#session}` && !this.#authed.has(ws)) {
        this.#authed.add(ws);
        this.authenticated += 1;
        send({ history: this.#current() });
        const tick = () => {
          send({ current: this.#current() });
          timer = setTimeout(tick, 500 * throttle);
        };
        timer = setTimeout(tick, 500 * throttle);
      }
    });
    ws.on('close', () => {
      if (timer) clearTimeout(timer);
      this.#sockets.delete(ws);
      this.#authed.delete(ws);
    });
  }

  #event(type: string, payload: Record<string, unknown>): void {
    for (const ws of this.#authed) ws.send(JSON.stringify({ event: { type, payload } }));
    this.#publish(`event/${type}`, {
      ...payload,
      _event: type,
      _timestamp: Math.floor(Date.now() / 1000),
    });
  }

  /** A print of `seconds` seconds, then done (or cancelled at `cancelAt` seconds). */
  print(name: string, seconds = 4, cancelAt?: number): Promise<void> {
    this.#flags = { ...this.#flags, printing: true };
    this.#text = 'Printing';
    this.#job = { name, completion: 0, printTime: 0 };
    this.#event('PrintStarted', { name, path: name, origin: 'local', user: USER });
    return new Promise((resolve) => {
      const step = () => {
        if (!this.#job) return;
        const printTime = this.#job.printTime + 1;
        if (cancelAt !== undefined && printTime >= cancelAt) {
          this.#end('PrintFailed', { reason: 'cancelled' });
          this.#event('PrintCancelled', { name, path: name, origin: 'local' });
          resolve();
          return;
        }
        this.#job = { name, printTime, completion: Math.min(100, (printTime / seconds) * 100) };
        if (printTime >= seconds) {
          this.#end('PrintDone', { time: seconds });
          resolve();
        } else this.#later(1000, step);
      };
      this.#later(1000, step);
    });
  }

  #end(type: string, extra: Record<string, unknown>): void {
    const name = this.#job?.name;
    this.#flags = { ...this.#flags, printing: false };
    this.#text = 'Operational';
    this.#event(type, { name, path: name, origin: 'local', ...extra });
    // OctoPrint keeps the last job's file and progress in /api/job until the next one.
  }

  /** Closes every push socket and refuses new ones (`on`: accepts them again). */
  setPush(on: boolean): void {
    this.#pushOn = on;
    if (!on) for (const ws of this.#sockets) ws.terminate();
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    const client = this.#mqtt;
    if (client) await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
    for (const ws of this.#sockets) ws.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}
