/**
 * Writes the demo workshop (`workshop.ts`) into the store: idempotent, re-running it changes
 * nothing but the settings it sets.
 * @module
 */
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { trainingsRepository } from '../store/trainings.js';
import { sitesRepository } from '../store/sites.js';
import {
  DEMO_SITE,
  DEMO_PLANS,
  DEMO_ORGANISATIONS,
  DEMO_MEMBERS,
  DEMO_TRAININGS,
  DEMO_MACHINES,
} from './workshop.js';

/** Writes the demo's sharing data; re-running it changes nothing but the settings it sets. */
export async function seedDemoWorkshop(db: Db, now = Date.now()): Promise<void> {
  await sitesRepository(db).save(DEMO_SITE);
  const members = membersRepository(db);
  for (const p of DEMO_PLANS) await members.savePlan(p);
  for (const o of DEMO_ORGANISATIONS) await members.saveOrganisation(o);
  for (const m of DEMO_MEMBERS) {
    await members.save(m);
    await members.addSite(m.id, DEMO_SITE.id);
  }
  const quals = trainingsRepository(db);
  for (const q of DEMO_TRAININGS) await quals.save(q);
  await quals.grant({
    member: 'camille-roux',
    qualification: 'laser',
    grantedAt: now - 30 * 86_400_000,
    grantedBy: 'demo',
  });
  await quals.grant({
    member: 'camille-roux',
    qualification: 'cnc',
    grantedAt: now - 30 * 86_400_000,
    grantedBy: 'demo',
  });
  await quals.grant({
    member: 'nadia-benali',
    qualification: 'laser',
    grantedAt: now - 10 * 86_400_000,
    grantedBy: 'demo',
  });
  const machines = bookableMachinesRepository(db);
  for (const m of DEMO_MACHINES) {
    const existing = await machines.get(m.id);
    // Telemetry may have created the machine first: keep its profile, set the sharing settings.
    await machines.save(existing ? { ...m, name: existing.name } : m, 'auto');
  }
}
