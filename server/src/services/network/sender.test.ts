import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoWorkshop } from '../../demo/seed.js';
import { openSqlite } from '../../store/db.js';
import { reportService } from '../report-service.js';
import { networkSender } from './sender.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the network sender’s timer', () => {
  it('stop() answers only once the delivery in flight is over: what the network took leaves the outbox', async () => {
    const db = await openSqlite(':memory:');
    await seedDemoWorkshop(db, Date.parse('2026-12-02T08:00:00Z'));
    const outboxDir = mkdtempSync(join(tmpdir(), 'manufacto-sender-'));
    cleanups.push(() => rmSync(outboxDir, { recursive: true, force: true }));
    // A network that holds each request until the test answers it.
    const held: ServerResponse[] = [];
    let received!: () => void;
    const first = new Promise<void>((r) => (received = r));
    const network = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        held.push(res);
        received();
      });
    });
    await new Promise<void>((r) => network.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => network.close(() => r())));
    cleanups.push(() => db.destroy());
    const sender = networkSender(db, reportService(db), {
      url: `http://127.0.0.1:${(network.address() as AddressInfo).port}`,
      key: generateKeyPairSync('ed25519').privateKey,
      outboxDir,
      clock: () => Date.parse('2026-12-02T08:00:00Z'),
    });
    sender.start(3_600_000, 1);
    await first;
    let stopped = false;
    const stopping = sender.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    // Answer every request (the one held and any after it) until the round is over.
    const answer = setInterval(() => {
      for (const res of held.splice(0)) res.writeHead(201).end('{}');
    }, 1);
    cleanups.push(() => clearInterval(answer));
    await stopping;
    expect(stopped).toBe(true);
    expect(readdirSync(outboxDir).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});

describe('a round of the network sender', () => {
  it('signs the six periods of each site, reading the members once per site, not once per report', async () => {
    const db = await openSqlite(':memory:');
    cleanups.push(() => db.destroy());
    await seedDemoWorkshop(db, Date.parse('2026-12-02T08:00:00Z'));
    const outboxDir = mkdtempSync(join(tmpdir(), 'manufacto-sender-'));
    cleanups.push(() => rmSync(outboxDir, { recursive: true, force: true }));
    // Counts the statements that read the members table (every report reads all of them).
    let memberReads = 0;
    const counted = db.withPlugin({
      transformQuery(args) {
        const node = args.node as {
          kind: string;
          from?: { froms: { table?: { identifier?: { name?: string } } }[] };
        };
        if (
          node.kind === 'SelectQueryNode' &&
          node.from?.froms[0]?.table?.identifier?.name === 'members'
        )
          memberReads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const sender = networkSender(counted, reportService(counted), {
      url: 'http://127.0.0.1:9',
      key: generateKeyPairSync('ed25519').privateKey,
      outboxDir,
      clock: () => Date.parse('2026-12-02T08:00:00Z'),
    });
    const sites = (await db.selectFrom('sites').select('id').execute()).length;
    expect(await sender.prepare()).toBe(6 * sites);
    expect(readdirSync(outboxDir).filter((f) => f.endsWith('.json'))).toHaveLength(6 * sites);
    expect(memberReads).toBe(sites);
  });
});
