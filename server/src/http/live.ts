/**
 * GET /api/live — Server-Sent Events: `machine` for every machine on connect, then one per
 * change; `ping` every 15 s so proxies keep the stream open and the client knows it is alive.
 * @module
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../app.js';
import { queueSubscriber } from '../live/hub.js';

export const live = new Hono<AppEnv>().get('/', (c) =>
  streamSSE(c, async (stream) => {
    const { ingest, hub } = c.get('deps');
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
    }
  }),
);
