/**
 * The push socket beside a polled HTTP API (OctoPrint's SockJS, raw WebSocket at
 * `/sockjs/websocket`): logs in over HTTP when the profile says so, sends its hello frames
 * (OctoPrint's `{"auth": "name:session"}`), and turns each key of each JSON frame into a message
 * `push/<key>`. It never says the device is down: polling does that, and takes over whenever this
 * socket is closed or silent. Reopens with backoff.
 * @module
 */
import type { PushPlan } from '@manufacto/firmware-profiles';
import WebSocket from 'ws';
import type { NetworkMachine } from './config.js';
import { backoff, type LinkHandlers } from './link.js';
import { deviceIdentity } from './tls-identity.js';

export interface PushSocketOptions {
  readonly plan: PushPlan;
  /** `http(s)://host:port` of the device. */
  readonly base: string;
  /** The device's address for logs (no credentials). */
  readonly where: string;
  readonly machine: NetworkMachine;
  /** POSTs the plan's login through the polling link's client (same key, same CA). */
  login(path: string, body: unknown): Promise<unknown>;
  readonly handlers: LinkHandlers;
  readonly backoffMs?: number;
}

export interface PushSocket {
  /** Open, and a frame came within the plan's `staleAfterMs`. */
  delivering(): boolean;
  stop(): Promise<void>;
}

export function openPushSocket(o: PushSocketOptions): PushSocket {
  const url = o.base.replace(/^http/, 'ws') + o.plan.path;
  // Reopening a refused socket every second would be noise: at least every 5 s, up to 30 s.
  const retry = backoff(Math.max(o.backoffMs ?? 5000, 1000));
  let socket: WebSocket | undefined;
  let lastFrameAt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let announced = false;

  const later = (why: string) => {
    if (stopped) return;
    if (announced) o.handlers.log(`push socket ${o.where}${o.plan.path} lost (${why}): polling`);
    announced = false;
    timer = setTimeout(() => void open(), retry.next());
    timer.unref?.();
  };

  const open = async () => {
    if (stopped) return;
    let login: unknown;
    try {
      login = o.plan.login ? await o.login(o.plan.login.path, o.plan.login.body) : undefined;
    } catch (error) {
      later(`login refused: ${(error as Error).message}`);
      return;
    }
    if (stopped) return;
    const m = o.machine;
    const ws = new WebSocket(url, {
      headers: m.apiKey !== undefined ? { 'X-Api-Key': m.apiKey } : {},
      handshakeTimeout: 10_000,
      ...(url.startsWith('wss:')
        ? {
            rejectUnauthorized: m.tls.trust !== 'any',
            ...(m.ca !== undefined
              ? { ca: m.ca, checkServerIdentity: deviceIdentity(m.ca, m.tls.servername) }
              : {}),
          }
        : {}),
    });
    socket = ws;
    let lastError: string | undefined;
    ws.on('open', () => {
      for (const frame of o.plan.hello(login)) ws.send(JSON.stringify(frame));
    });
    ws.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return;
      if (!announced) {
        announced = true;
        retry.reset();
        o.handlers.log(`push socket ${o.where}${o.plan.path} open: polling paused`);
      }
      lastFrameAt = Date.now();
      for (const [type, payload] of Object.entries(frame))
        o.handlers.onMessage({ source: `push/${type}`, payload });
    });
    ws.on('error', (error) => {
      lastError = error.message;
    });
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      lastFrameAt = 0;
      later(lastError ?? 'closed');
    });
  };

  void open();
  return {
    delivering: () =>
      socket?.readyState === WebSocket.OPEN && Date.now() - lastFrameAt < o.plan.staleAfterMs,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const ws = socket;
      socket = undefined;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
  };
}
