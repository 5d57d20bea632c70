/**
 * A Klipper printer behind Moonraker, ours: a WebSocket server (`ws`) on `/websocket` speaking
 * JSON-RPC 2.0: `printer.info`, `printer.objects.subscribe` (answered with the full status), then
 * `notify_status_update` deltas during a print, and its job history: `server.history.list`,
 * `notify_history_changed` (`added` at a start, `finished` at the end). `drop()` closes every
 * socket (Moonraker restarted), `refuse(true)` keeps every client out (the gateway's network is
 * down) while a print may run, to test reconnects and the jobs that ran meanwhile. Shapes follow Moonraker's docs and the capture in
 * firmware-profiles/src/moonraker/testcases.
 * @module
 */
import { createServer, type Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

type Objects = Record<string, Record<string, unknown>>;

export class MoonrakerSimulator {
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly port: number;
  #objects: Objects = {
    print_stats: {
      state: 'standby',
      filename: '',
      print_duration: 0,
      message: '',
      info: { total_layer: null, current_layer: null },
    },
    display_status: { progress: 0, message: null },
    extruder: { temperature: 23.4, target: 0 },
    heater_bed: { temperature: 22.9, target: 0 },
    webhooks: { state: 'ready', state_message: 'Printer is ready' },
  };
  #timers = new Set<NodeJS.Timeout>();
  #history: Array<Record<string, unknown>> = [];
  #nextJob = 1;
  #refusing = false;
  /** Subscriptions received (one per connection). */
  subscriptions = 0;

  private constructor(http: Server, wss: WebSocketServer, port: number) {
    this.#http = http;
    this.#wss = wss;
    this.port = port;
    wss.on('connection', (ws) => {
      if (this.#refusing) ws.terminate();
      else ws.on('message', (data) => this.#rpc(ws, data.toString()));
    });
  }

  static async start(): Promise<MoonrakerSimulator> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/websocket' });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    const address = http.address();
    return new MoonrakerSimulator(
      http,
      wss,
      typeof address === 'object' && address ? address.port : 0,
    );
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  #rpc(ws: WebSocket, text: string): void {
    let request: { id?: number; method?: string };
    try {
      request = JSON.parse(text);
    } catch {
      return;
    }
    const answer = (result: unknown) =>
      ws.send(JSON.stringify({ jsonrpc: '2.0', result, id: request.id }));
    if (request.method === 'printer.info')
      answer({ state: 'ready', software_version: 'v0.12.0-208-g49c0ad63', hostname: 'voron' });
    else if (request.method === 'printer.objects.subscribe') {
      this.subscriptions += 1;
      answer({ eventtime: process.uptime(), status: this.#objects });
    } else if (request.method === 'server.history.list') {
      const jobs = [...this.#history].reverse().slice(0, 20);
      answer({ count: jobs.length, jobs });
    } else
      ws.send(
        JSON.stringify({
          jsonrpc: '2.0',
          error: { code: -32601, message: `Method not found: ${request.method}` },
          id: request.id,
        }),
      );
  }

  #broadcast(method: string, params: unknown): void {
    const text = JSON.stringify({ jsonrpc: '2.0', method, params });
    for (const ws of this.#wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  #notify(delta: Objects): void {
    for (const [name, fields] of Object.entries(delta))
      this.#objects[name] = { ...this.#objects[name], ...fields };
    const text = JSON.stringify({
      jsonrpc: '2.0',
      method: 'notify_status_update',
      params: [delta, process.uptime()],
    });
    for (const ws of this.#wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  /** A print of `steps` steps of `stepMs`, then `complete`. Resolves at the end. */
  print(filename: string, steps = 5, stepMs = 400): Promise<void> {
    const job: Record<string, unknown> = {
      job_id: String(this.#nextJob++).padStart(6, '0'),
      exists: true,
      end_time: null,
      filament_used: 0,
      filename,
      metadata: {},
      print_duration: 0,
      status: 'in_progress',
      start_time: Date.now() / 1000,
      total_duration: 0,
      user: null,
    };
    this.#history.push(job);
    this.#broadcast('notify_history_changed', [{ action: 'added', job }]);
    this.#notify({
      print_stats: { state: 'printing', filename, print_duration: 0 },
      extruder: { temperature: 209.6, target: 210 },
      heater_bed: { temperature: 59.8, target: 60 },
    });
    return new Promise((resolve) => {
      let step = 0;
      const next = () => {
        step += 1;
        this.#notify({
          print_stats: { print_duration: (step * stepMs) / 1000 },
          display_status: { progress: step / steps },
        });
        if (step < steps) this.#later(stepMs, next);
        else
          this.#later(stepMs, () => {
            this.#notify({
              print_stats: { state: 'complete' },
              extruder: { target: 0 },
              heater_bed: { target: 0 },
            });
            const end = Date.now() / 1000;
            Object.assign(job, {
              end_time: end,
              status: 'completed',
              print_duration: (steps * stepMs) / 1000,
              total_duration: end - (job.start_time as number),
              filament_used: 812.4,
            });
            this.#broadcast('notify_history_changed', [{ action: 'finished', job }]);
            resolve();
          });
      };
      this.#later(stepMs, next);
    });
  }

  /** The gateway cannot reach Moonraker (`true`: every socket closes, new ones are cut at once). */
  refuse(on: boolean): void {
    this.#refusing = on;
    if (on) this.drop();
  }

  /** Moonraker restarts: every socket closes. */
  drop(): void {
    for (const ws of this.#wss.clients) ws.terminate();
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((r) => this.#wss.close(() => r()));
    await new Promise<void>((r) => this.#http.close(() => r()));
  }
}
