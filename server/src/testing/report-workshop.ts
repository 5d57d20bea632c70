/**
 * The golden workshop of the report tests written into a test app's store: the usage sessions,
 * reservations and facts of `domain/reports/fixtures.ts` over the demo site, and a funder account
 * funding the demo site (`FUNDER_DEMO` headers) and one funding another site.
 * @module
 */
import { sha256 } from '../auth/secrets.js';
import {
  GOLDEN_MEMBER_FACTS,
  GOLDEN_ORGANISATION_FACTS,
  GOLDEN_RESERVATIONS,
  GOLDEN_SESSIONS,
} from './report-fixtures.js';
import { factsRepository } from '../store/facts.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import type { testApp } from './test-app.js';

export const FUNDER_DEMO = { authorization: 'Bearer mft_test_funder-demo' };
export const FUNDER_NORD = { authorization: 'Bearer mft_test_funder-nord' };
export const FUNDER_NONE = { authorization: 'Bearer mft_test_funder-none' };

export async function seedReportWorkshop(t: Awaited<ReturnType<typeof testApp>>): Promise<void> {
  const { db } = t;
  for (const r of GOLDEN_RESERVATIONS) {
    await db
      .insertInto('reservations')
      .values({
        id: r.id,
        site: 'atelier-demo',
        machine_id: r.machine,
        member_id: r.member,
        starts_at: r.start,
        ends_at: r.end,
        blocks_until: r.end,
        status: r.status,
        note: null,
        created_at: r.start - 86_400_000,
        updated_at: r.start,
        cancelled_at: r.status === 'cancelled' ? r.start - 3_600_000 : null,
        cancelled_by: r.status === 'cancelled' ? r.member : null,
        overrun_warned_at: null,
      })
      .execute();
  }
  const usage = usageSessionsRepository(db);
  for (const s of GOLDEN_SESSIONS) {
    await usage.record({
      id: s.id,
      site: 'atelier-demo',
      machine: s.machine,
      gateway: 'gw-demo',
      name: `${s.id}.gcode`,
      startedAt: s.start,
      endedAt: s.end,
      outcome: 'completed',
      reason: null,
      wallSeconds: s.wallSeconds,
      activeSeconds: s.activeSeconds,
      beamSeconds: null,
      spindleSeconds: null,
      energyWh: s.energyWh,
    });
    if (s.member) await usage.attach(s.id, s.member, s.reservation);
  }
  const facts = factsRepository(db);
  for (const f of GOLDEN_ORGANISATION_FACTS) await facts.saveOrganisation(f, 'test');
  for (const f of GOLDEN_MEMBER_FACTS) await facts.saveMember(f, 'test');
  for (const [name, site] of [
    ['funder-demo', 'atelier-demo'],
    ['funder-nord', 'fablab-nord'],
    ['funder-none', null],
  ] as const) {
    const account = await t.accounts.create(
      {
        email: `${name}@test.fr`,
        name,
        role: 'funder',
        member: null,
        sites: site === null ? [] : [site],
      },
      null,
    );
    await db
      .insertInto('api_tokens')
      .values({
        id: `test-${name}`,
        account_id: account.id,
        name: 'test',
        token_hash: sha256(`mft_test_${name}`),
        scopes: JSON.stringify(['read']),
        created_at: Date.now(),
      })
      .execute();
  }
}
