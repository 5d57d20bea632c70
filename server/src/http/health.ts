/** GET /health — is the server up, and are its parts. For load balancers and `npm start` scripts. */
import { Hono } from 'hono';
import type { AppEnv, RouteDeps } from './env.js';

export const health = (
  deps: RouteDeps<'ingest' | 'writer' | 'brokerMode' | 'startedAt', 'reportMailer'>,
) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const { ingest, writer, brokerMode, startedAt, services } = deps;
    const mail = services.reportMailer;
    const unsent = mail.enabled ? await mail.pending() : undefined;
    const w = writer.stats();
    // Degraded: the server runs, but something acknowledged is not yet where it should be.
    const reasons: string[] = [];
    if (w.unsaved > 0 || w.spoolError)
      reasons.push(
        `spool: cannot write (${w.spoolError ?? 'unknown'}); ${w.unsaved} point(s) held in memory, their journal segments kept`,
      );
    return c.json({
      status: reasons.length ? 'degraded' : 'ok',
      ...(reasons.length ? { reasons } : {}),
      broker: brokerMode,
      ingest: ingest.connected ? 'connected' : 'disconnected',
      influx: w.influx,
      spoolDepth: w.spoolDepth,
      unsaved: w.unsaved,
      machines: ingest.views().length,
      // Monthly reports by mail: off without SMTP; otherwise how many wait. Never the SMTP error:
      // /health is public and the error names addresses and hosts (managers see it on the API).
      mail: mail.enabled ? { status: 'on', unsentReports: unsent?.unsent ?? 0 } : { status: 'off' },
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
    });
  });
