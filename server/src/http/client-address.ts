/**
 * Who is on the other end of the socket: the address the client cannot forge. `X-Forwarded-For`
 * is read only when the socket's peer is a configured trusted proxy (TRUSTED_PROXIES), and then
 * from the right: the last address no trusted proxy added is the client.
 * @module
 */
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

/** The socket's peer address under @hono/node-server (`c.env.incoming.socket`), else 'unknown'. */
export function socketAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return normalise(env?.incoming?.socket?.remoteAddress ?? 'unknown');
}

const normalise = (a: string) => (a.startsWith('::ffff:') ? a.slice(7) : a);

export function clientAddress(
  c: Context<AppEnv>,
  trustedProxies: readonly string[] | undefined,
): string {
  const peer = socketAddress(c);
  const trusted = trustedProxies ?? [];
  if (!trusted.includes(peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => normalise(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.includes(hops[i]!)) return hops[i]!;
  return peer;
}

export const isLoopback = (address: string) =>
  address === '127.0.0.1' || address === '::1' || address.startsWith('127.');
