/**
 * The demo workshop's accounts (SEED_DEMO=true only): a manager and the three demo members, all
 * with one published password. Never for a real workshop.
 * @module
 */
import type { AccountsService } from '../auth/accounts.js';
import { DEMO_MEMBERS, DEMO_SITE } from './workshop.js';

export const DEMO_PASSWORD = 'atelier-partagé-démo';
export const DEMO_MANAGER_EMAIL = 'gestion@atelier-demo.fr';

export async function seedDemoAccounts(accounts: AccountsService): Promise<string[]> {
  const existing = new Set((await accounts.list()).map((a) => a.email));
  const made: string[] = [];
  const wanted = [
    {
      email: DEMO_MANAGER_EMAIL,
      name: 'Fab manager (démo)',
      role: 'manager' as const,
      member: null,
      sites: [DEMO_SITE.id],
    },
    ...DEMO_MEMBERS.map((m) => ({
      email: m.email,
      name: m.name,
      role: 'artisan' as const,
      member: m.id,
      sites: [DEMO_SITE.id],
    })),
  ];
  for (const w of wanted) {
    if (existing.has(w.email)) continue;
    await accounts.create(w, DEMO_PASSWORD);
    made.push(w.email);
  }
  return wanted.map((w) => w.email);
}
