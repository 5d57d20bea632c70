/**
 * The 1.x target writes its own line protocol: a real influxd must read back exactly the names and
 * strings a hostile gateway sent (commas, equals signs, spaces, quotes, backslashes), and a newline
 * in a name must not cut the point in two.
 */
import { rmSync } from 'node:fs';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxV1Target } from '../../../server/src/influx/v1.js';
import { startInfluxd, type Influxd } from '../../support/influxd.js';

let influx: Influxd;
beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  await influx.stop();
  rmSync(influx.dir, { recursive: true, force: true });
});

describe('InfluxDB 1.x target', () => {
  it('writes hostile tag values and strings that read back as sent, one point each', async () => {
    const target = influxV1Target({ url: influx.url, database: 'hostile', retention: '1d' });
    await target.prepare();
    const now = Date.now();
    const profile = 'evil,site=other x';
    const reason = 'câble "débranché" \\ , = fin';
    await target.write([
      {
        measurement: 'machine_state',
        tags: { site: 'a', machine: 'm', profile },
        fields: { state: 'error', state_code: 5, reason },
        timestamp: now,
      },
      {
        measurement: 'machine_state',
        tags: { site: 'a', machine: 'n', profile: 'two\nmachine_state f=1 1' },
        fields: { state: 'idle', state_code: 1 },
        timestamp: now + 1,
      },
    ]);
    const client = new InfluxDB({ host: '127.0.0.1', port: influx.port, database: 'hostile' });
    const rows = await client.query<{ machine: string; profile: string; reason: string | null }>(
      'SELECT * FROM "manufacto_raw"."machine_state" ORDER BY time',
    );
    expect(rows.map((r) => [r.machine, r.profile, r.reason])).toEqual([
      ['m', profile, reason],
      ['n', 'two machine_state f=1 1', null],
    ]);
  });
});
