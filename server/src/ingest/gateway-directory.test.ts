import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createInfluxV1Writer } from '../influx/writer.js';
import { LiveHub } from '../live/hub.js';
import { createLogger } from '../log.js';
import { openSqlite, type Db } from '../store/db.js';
import { gatewayCredentialsRepository } from '../store/gateway-credentials.js';
import { gatewaysRepository } from '../store/gateways.js';
import { machinesRepository } from '../store/machines.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { Ingest } from './ingest.js';

/** An ingest over an in-memory store that keeps its gateway directory from the store's credentials. */
async function ingestWithDirectory(before: (db: Db) => Promise<unknown> = async () => undefined) {
  const db = await openSqlite(':memory:');
  await before(db);
  const dir = mkdtempSync(join(tmpdir(), 'mf-directory-'));
  const log = createLogger('error', () => undefined);
  const writer = createInfluxV1Writer({
    url: undefined,
    database: 'x',
    retention: '30d',
    spoolDir: join(dir, 'spool'),
    log,
  });
  const ingest = new Ingest({
    machines: machinesRepository(db),
    gateways: gatewaysRepository(db),
    usageSessions: usageSessionsRepository(db),
    writer,
    hub: new LiveHub(),
    log,
    credentials: gatewayCredentialsRepository(db),
  });
  await ingest.load();
  onTestFinished(async () => {
    await ingest.stop();
    await writer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, ingest };
}

let seq = 0;
/** A state message of `gateway` for machine `machine` of site `lyon`, its publisher unnamed (an external broker). */
function publish(ingest: Ingest, gateway: string, machine: string) {
  seq += 1;
  ingest.handle(
    `manufacto/v1/lyon/machines/${machine}/state`,
    JSON.stringify({
      v: 1,
      gateway,
      seq,
      ts: Date.now(),
      state: 'idle',
      since: Date.now(),
      machine: { name: machine, kind: 'laser', profile: 'grbl' },
    }),
    undefined,
  );
}
const refusedForIdentity = (ingest: Ingest) => ingest.counters.rejected.get('identity') ?? 0;

describe("the ingest's gateway directory", () => {
  it('vouches for a gateway issued after start, whichever repository issued it', async () => {
    const { db, ingest } = await ingestWithDirectory();
    publish(ingest, 'gw-1', 'laser-1');
    expect(refusedForIdentity(ingest)).toBe(1);
    // Issued through another repository object over the same store (as the HTTP route does).
    await gatewayCredentialsRepository(db).issue('gw-1', 'lyon', ['laser-1'], 'admin');
    publish(ingest, 'gw-1', 'laser-1');
    expect(refusedForIdentity(ingest)).toBe(1);
    expect(ingest.view('laser-1')?.state).toBe('idle');
  });

  it("follows a rotation that changes the gateway's machines", async () => {
    const { db, ingest } = await ingestWithDirectory();
    const credentials = gatewayCredentialsRepository(db);
    await credentials.issue('gw-1', 'lyon', ['laser-1'], 'admin');
    await credentials.issue('gw-1', 'lyon', ['laser-2'], 'admin');
    publish(ingest, 'gw-1', 'laser-1');
    publish(ingest, 'gw-1', 'laser-2');
    expect(refusedForIdentity(ingest)).toBe(1);
    expect(ingest.view('laser-1')).toBeUndefined();
  });

  it('reads the gateways issued before start at load', async () => {
    const { ingest } = await ingestWithDirectory((db) =>
      gatewayCredentialsRepository(db).issue('gw-0', 'lyon', ['laser-0'], 'admin'),
    );
    publish(ingest, 'gw-0', 'laser-0');
    expect(refusedForIdentity(ingest)).toBe(0);
  });
});
