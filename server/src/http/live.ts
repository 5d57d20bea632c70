/**
 * GET /api/live — Server-Sent Events: `machine` for every machine on connect, then one per
 * change; `ping` every 15 s so proxies keep the stream open and the client knows it is alive.
 * @module
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv, RouteDeps } from './env.js';
import { queueSubscriber } from '../live/hub.js';
import { clientAddress } from './client-address.js';
import { ApiError } from './errors.js';

/**
 * Open anonymous streams per client address: a wall screen needs one, a flood is refused. Kept per
 * server (by its live hub), not per process: two servers in one process count apart.
 */
const openByHub = new WeakMap<object, Map<string, number>>();

function openFeedsOf(hub: object): Map<string, number> {
  let open = openByHub.get(hub);
  if (!open) openByHub.set(hub, (open = new Map()));
  return open;
}

export const live = (deps: RouteDeps<'ingest' | 'hub' | 'trustedProxies' | 'liveMaxPerAddress'>) =>
  new Hono<AppEnv>().get('/', (c) => {
    const address = c.get('auth') ? undefined : clientAddress(c, deps.trustedProxies);
    const openByAddress = openFeedsOf(deps.hub);
    if (address !== undefined) {
      const cap = deps.liveMaxPerAddress ?? 8;
      const open = openByAddress.get(address) ?? 0;
      if (open >= cap)
        throw new ApiError(
          'too_many_requests',
          `too many live feeds from your address (${cap}): close one or log in`,
        );
      openByAddress.set(address, open + 1);
    }
    const release = () => {
      if (address === undefined) return;
      const left = (openByAddress.get(address) ?? 1) - 1;
      if (left > 0) openByAddress.set(address, left);
      else openByAddress.delete(address);
    };
    return streamSSE(c, async (stream) => {
      const { ingest, hub } = deps;
      const subscriber = queueSubscriber();
      const unsubscribe = hub.subscribe(subscriber);
      const ping = setInterval(() => {
        void stream.writeSSE({
          event: 'ping',
          data: JSON.stringify({ now: new Date().toISOString() }),
        });
      }, 15_000);
      stream.onAbort(() => {
        subscriber.close();
      });
      try {
        for (const view of ingest.views())
          await stream.writeSSE({ event: 'machine', data: JSON.stringify(view) });
        for (;;) {
          const view = await subscriber.next();
          if (!view || stream.aborted) break;
          await stream.writeSSE({ event: 'machine', data: JSON.stringify(view) });
        }
      } finally {
        clearInterval(ping);
        unsubscribe();
        release();
      }
    });
  });
