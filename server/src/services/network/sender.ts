/**
 * The member site's side: each round it builds its funder report of the periods to send
 * (domain/network/periods.ts) for each of its sites, signs each as an aggregate and writes it to
 * an outbox on disk (a newer one of the same site and period replaces the unsent older one), then
 * delivers the outbox to the network's POST /api/network/aggregates. What the network does not
 * take stays in the outbox and is tried again, sooner at first and then less often (doubling up
 * to an hour), so nothing is lost while the network's instance is down.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerEnv } from '../../env.js';
import type { Logger } from '../../log.js';
import { localParts } from '../../domain/booking/zoned-time.js';
import { backoff } from '../../domain/retry/backoff.js';
import { periodsToSend } from '../../domain/network/periods.js';
import { reportJson } from '../../reports/json.js';
import type { Db } from '../../store/db.js';
import { sitesRepository } from '../../store/sites.js';
import type { ReportService } from '../report-service.js';
import { AGGREGATE_VERSION, signAggregate, siteKey, type SignedAggregate } from './signature.js';

export interface SenderOptions {
  /** The network instance's base URL (https://reseau.example.fr). */
  readonly url: string;
  readonly key: KeyObject;
  readonly outboxDir: string;
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
  /** The first retry after a failed delivery; doubled each time up to `retryMaxMs`. */
  readonly retryFirstMs?: number;
  readonly retryMaxMs?: number;
}

export interface Delivery {
  readonly sent: number;
  readonly kept: number;
  /** Why what was kept was not taken, one line each. */
  readonly problems: readonly string[];
}

export function networkSender(db: Db, reports: ReportService, o: SenderOptions) {
  const clock = o.clock ?? Date.now;
  const log = o.log ?? (() => undefined);
  const first = o.retryFirstMs ?? 30_000;
  const max = o.retryMaxMs ?? 3_600_000;
  /** Deliveries in a row that kept some aggregate (the backoff's count). */
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Delivery> | undefined;
  /** The timer's round under way, if any. */
  let rounding: Promise<void> | undefined;
  /** After stop(), a delivery in flight schedules no retry. */
  let stopped = false;
  const endpoint = `${o.url.replace(/\/+$/, '')}/api/network/aggregates`;

  function put(name: string, signed: SignedAggregate): void {
    mkdirSync(o.outboxDir, { recursive: true });
    const path = join(o.outboxDir, name);
    writeFileSync(`${path}.part`, JSON.stringify(signed));
    renameSync(`${path}.part`, path);
  }

  /** Signs this round's aggregates into the outbox; answers how many. */
  async function prepare(): Promise<number> {
    let n = 0;
    for (const site of await sitesRepository(db).list()) {
      const now = localParts(clock(), site.timezone);
      const periods = periodsToSend(now.year, now.month);
      // The six at once: the site's members, facts and machines are read once for all six.
      for (const r of await reports.reports({ sites: [site.id], audience: 'funder' }, periods)) {
        const report = reportJson(r);
        const signed = signAggregate(
          {
            v: AGGREGATE_VERSION,
            site: site.id,
            period: report.period.label,
            issuedAt: new Date(clock()).toISOString(),
            report,
          },
          o.key,
        );
        put(`${site.id}__${report.period.label}.json`, signed);
        n++;
      }
    }
    return n;
  }

  async function deliver(): Promise<Delivery> {
    const names = existsSync(o.outboxDir)
      ? readdirSync(o.outboxDir)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
    let sent = 0;
    const problems: string[] = [];
    for (const [i, name] of names.entries()) {
      const path = join(o.outboxDir, name);
      let answer: Response;
      try {
        answer = await fetch(endpoint, {
          method: 'POST',
          // The site's log is in English, as the rest of it.
          headers: { 'content-type': 'application/json', 'accept-language': 'en' },
          body: readFileSync(path, 'utf8'),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        // The network is unreachable: the rest would fail alike, keep them all for later.
        problems.push(`${endpoint}: ${(error as Error).cause ?? (error as Error).message}`);
        return { sent, kept: names.length - i, problems };
      }
      const text = await answer.text();
      if (answer.ok || answer.status === 409) {
        // 409: the network holds a newer one of this site and period; this one is superseded.
        if (answer.status === 409) log(`network: ${name} superseded there: ${text}`);
        rmSync(path, { force: true });
        sent++;
      } else problems.push(`${name}: ${answer.status} ${text.slice(0, 300)}`);
    }
    return { sent, kept: names.length - sent, problems };
  }

  /** Delivers the outbox, one delivery at a time; schedules the next try when some is kept. */
  function flush(): Promise<Delivery> {
    running ??= deliver().finally(() => (running = undefined));
    return running.then((d) => {
      if (retry) clearTimeout(retry);
      retry = undefined;
      if (d.kept === 0) failures = 0;
      else if (!stopped) {
        const wait = backoff(++failures, first, max);
        log(
          `network: ${d.kept} aggregate(s) kept for later (in ${Math.round(wait / 1000)} s): ${d.problems[0] ?? ''}`,
        );
        retry = setTimeout(() => void flush(), wait);
        retry.unref();
      }
      return d;
    });
  }

  return {
    prepare,
    flush,
    /** One round: sign this round's aggregates, then deliver everything unsent. */
    async round(): Promise<Delivery> {
      await prepare();
      return flush();
    },
    /** Rounds every `everyMs`, the first after `firstAfterMs` (not at boot: reports cost CPU). */
    start(everyMs: number, firstAfterMs = 60_000) {
      stopped = false;
      const run = () => {
        rounding ??= this.round()
          .then(() => undefined)
          .catch((e: unknown) => log(`network: sending aggregates failed: ${String(e)}`))
          .finally(() => (rounding = undefined));
      };
      timer = setTimeout(() => {
        run();
        timer = setInterval(run, everyMs);
        timer.unref();
      }, firstAfterMs);
      timer.unref();
    },
    /**
     * Stops the timers; answers the round and the delivery in flight, to await before the store
     * closes. What they could not deliver stays in the outbox, for the next start.
     */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      retry = undefined;
      await rounding;
      await running?.catch(() => undefined);
    },
  };
}
export type NetworkSender = ReturnType<typeof networkSender>;

export type NetworkSenderEnv = Pick<
  ServerEnv,
  'NETWORK_URL' | 'NETWORK_KEY_FILE' | 'NETWORK_SEND_EVERY_H'
>;

/**
 * The site's sender, started (NETWORK_URL set), or undefined: the site's key is made on first
 * start (`network-key.pem` in the data directory unless NETWORK_KEY_FILE), the outbox is
 * `network-outbox/`, a round every NETWORK_SEND_EVERY_H hours.
 * @example
 * const sender = startNetworkSender(env, { db, reports, dataDir, clock, log });
 * // …
 * await sender?.stop(); // before the store closes
 */
export function startNetworkSender(
  env: NetworkSenderEnv,
  o: {
    db: Db;
    reports: ReportService;
    dataDir: string;
    clock: () => number;
    log: Pick<Logger, 'info'>;
  },
): NetworkSender | undefined {
  if (!env.NETWORK_URL) return undefined;
  const keyFile = resolve(env.NETWORK_KEY_FILE ?? join(o.dataDir, 'network-key.pem'));
  const { privateKey } = siteKey(keyFile);
  const sender = networkSender(o.db, o.reports, {
    url: env.NETWORK_URL,
    key: privateKey,
    outboxDir: join(o.dataDir, 'network-outbox'),
    clock: o.clock,
    log: (l) => o.log.info(l),
  });
  sender.start(env.NETWORK_SEND_EVERY_H * 3_600_000);
  o.log.info(
    `network: signed aggregates to ${env.NETWORK_URL} every ${env.NETWORK_SEND_EVERY_H} h; register this site's public key there: ${keyFile}.pub`,
  );
  return sender;
}
