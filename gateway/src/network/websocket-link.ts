/**
 * The WebSocket JSON-RPC link (Moonraker): sends the profile's requests at each connection (and
 * again after the notifications it names, a Klipper restart), turns answers into messages named
 * after their request's method and notifications into messages named after theirs, reconnects
 * with backoff. Uses `ws`: Node 20 has no stable WebSocket client.
 * @module
 */
import WebSocket from 'ws';
import { backoff, type LinkFactory, safeUrl } from './link.js';
import { deviceIdentity } from './tls-identity.js';

export const openWebSocketLink: LinkFactory = ({ machine, profile, handlers, backoffMs }) => {
  const plan = profile.websocket;
  if (!plan) throw new Error(`profile ${profile.id} does not speak WebSocket`);
  const url = machine.url.replace(/\/$/, '') + plan.path;
  const where = safeUrl(url);
  const device = { ...(machine.device ? { device: machine.device } : {}) };
  const retry = backoff(backoffMs ?? 1000);
  let socket: WebSocket | undefined;
  let stopped = false;
  let nextId = 1;
  const pending = new Map<number, string>();

  const request = (ws: WebSocket) => {
    for (const r of plan.onOpen(device)) {
      const id = nextId++;
      pending.set(id, r.method);
      ws.send(
        JSON.stringify({
          jsonrpc: '2.0',
          method: r.method,
          ...(r.params !== undefined ? { params: r.params } : {}),
          id,
        }),
      );
    }
  };

  const connect = () => {
    if (stopped) return;
    const headers: Record<string, string> =
      machine.apiKey !== undefined ? { 'X-Api-Key': machine.apiKey } : {};
    const ws = new WebSocket(url, {
      headers,
      handshakeTimeout: 10_000,
      ...(url.startsWith('wss:')
        ? {
            rejectUnauthorized: machine.tls.trust !== 'any',
            // Moonraker's own certificate in caFile is the check (it names voron.local, not the
            // address dialled); one the workshop's CA signed must carry tls.servername or the host.
            ...(machine.ca
              ? {
                  ca: machine.ca,
                  checkServerIdentity: deviceIdentity(machine.ca, machine.tls.servername),
                }
              : {}),
          }
        : {}),
    });
    socket = ws;
    let lastError: string | undefined;
    ws.on('open', () => {
      retry.reset();
      pending.clear();
      handlers.onUp();
      request(ws);
    });
    ws.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        handlers.log(`not JSON from ${where}: ${data.toString().slice(0, 80)}`);
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      const m = message as {
        id?: unknown;
        method?: unknown;
        params?: unknown;
        result?: unknown;
        error?: { message?: string };
      };
      if (typeof m.method === 'string') {
        handlers.onMessage({ source: m.method, payload: m.params ?? null });
        if (plan.resendOn?.includes(m.method)) request(ws);
        return;
      }
      if (typeof m.id === 'number' && pending.has(m.id)) {
        const method = pending.get(m.id) as string;
        pending.delete(m.id);
        if (m.error)
          handlers.log(`${method} refused: ${m.error.message ?? JSON.stringify(m.error)}`);
        else handlers.onMessage({ source: method, payload: m.result ?? null });
      }
    });
    ws.on('error', (error) => {
      lastError = error.message;
    });
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      if (stopped) return;
      handlers.onDown(
        `${where}: ${lastError ? `connection failed (${lastError})` : 'connection closed'}`,
      );
      const timer = setTimeout(connect, retry.next());
      timer.unref?.();
    });
  };

  return {
    start: connect,
    switchRelay: () => Promise.reject(new Error(`profile ${profile.id} has no relay`)),
    async stop() {
      stopped = true;
      const ws = socket;
      socket = undefined;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
  };
};
