/** GET /health — is the server up, and are its parts. For load balancers and `npm start` scripts. */
import { Hono } from 'hono';
import type { AppEnv } from '../app.js';

export const health = new Hono<AppEnv>().get('/', (c) => {
  const { ingest, writer, brokerMode, startedAt } = c.get('deps');
  const w = writer.stats();
  return c.json({
    status: 'ok',
    broker: brokerMode,
    ingest: ingest.connected ? 'connected' : 'disconnected',
    influx: w.influx,
    spoolDepth: w.spoolDepth,
    machines: ingest.views().length,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
  });
});
