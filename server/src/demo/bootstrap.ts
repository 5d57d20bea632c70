/**
 * The demo bootstrap (SEED_DEMO=true, as `npm start` sets): the demo workshop's sharing data and
 * its accounts with one published password. Idempotent; never for a real workshop.
 * @module
 */
import type { AccountsService } from '../auth/accounts.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { DEMO_PASSWORD, seedDemoAccounts } from './accounts.js';
import { seedDemoWorkshop } from './seed.js';

export async function bootstrapDemo(
  db: Db,
  accounts: AccountsService,
  options: { now: number; log: Logger },
): Promise<void> {
  await seedDemoWorkshop(db, options.now);
  options.log.info('sharing: demo workshop seeded (site atelier-demo, 3 members, 2 trainings)');
  const emails = await seedDemoAccounts(accounts);
  options.log.info(
    `auth: demo accounts ${emails.join(', ')} — password "${DEMO_PASSWORD}" (demo only)`,
  );
}
