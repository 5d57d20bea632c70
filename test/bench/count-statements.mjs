/**
 * Preloaded into a bench server (`node --import ./count-statements.mjs`): counts the SQLite
 * statements it runs (better-sqlite3 `run`, `get`, `all`, `iterate`, whoever prepared them) and,
 * on SIGUSR2, writes `<sequence> <count>` to BENCH_STATEMENTS_FILE, so the booking bench reads the
 * statements of a phase as the difference of two snapshots. BEGIN and COMMIT count (Kysely
 * and better-sqlite3's `transaction()` both run them as statements); triggers run inside SQLite
 * and do not.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.env.BENCH_STATEMENTS_FILE;
if (file) {
  // The better-sqlite3 the server's script resolves (another tree's build has its own copy).
  const SQLite = createRequire(process.argv[1])('better-sqlite3');
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1'));
  probe.close();
  let count = 0;
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = proto[name];
    proto[name] = function counted(...args) {
      count += 1;
      return original.apply(this, args);
    };
  }
  let sequence = 0;
  process.on('SIGUSR2', () => writeFileSync(file, `${++sequence} ${count}`));
}
