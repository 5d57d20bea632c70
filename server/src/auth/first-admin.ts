/**
 * The first administrator: made from ADMIN_EMAIL and ADMIN_PASSWORD at start when no account has
 * that address (an existing one is left as it is); without them and without any account, a
 * warning says how to get in.
 * @module
 */
import type { ServerEnv } from '../env.js';
import type { Logger } from '../log.js';
import type { AccountsService } from './accounts.js';

export async function ensureFirstAdmin(
  accounts: Pick<AccountsService, 'ensureAdmin' | 'list'>,
  env: Pick<ServerEnv, 'ADMIN_EMAIL' | 'ADMIN_PASSWORD' | 'SEED_DEMO'>,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<void> {
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const admin = await accounts.ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    log.info(`auth: administrator ${admin.email} ready`);
  }
  // The demo has its own accounts (demo/accounts.ts).
  if (env.SEED_DEMO !== 'true' && (await accounts.list()).length === 0) {
    log.warn(
      'auth: no account yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator',
    );
  }
}
