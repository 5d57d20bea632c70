/**
 * One word per thing (root README, "Words we use"): a retired word that comes back in a file name,
 * an exported name, a member of an exported interface or a field of the services the routes use
 * fails here. What keeps an older word is listed below with its reason: the API's paths, schema
 * names and JSON fields and the store's tables (renaming them would break every script, stored row
 * and calendar already out) and migrations (history).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createServices } from './services/index.js';
import { openSqlite } from './store/db.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['firmware-profiles', 'gateway', 'server', 'dashboard', 'test'];
const files = PACKAGES.flatMap((p) =>
  (readdirSync(`${root}${p}`, { recursive: true }) as string[])
    .map((f) => `${p}/${f.split('\\').join('/')}`)
    // Sources and folders only: no installed or built trees (dist, .types), no screenshots.
    .filter((f) => !/(^|\/)(node_modules|dist[^/]*|\.[^/]+|docs)(\/|$)/.test(f)),
);
const sources = files.filter((f) => /\.tsx?$/.test(f));

/** `planKeeper`, `plan-keeper.ts`, `QUOTA_BOOKINGS` → its words in lower case. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface Retired {
  readonly say: string;
  /** `exported`: the words are an exported name's (else a file's or a folder's). */
  readonly retired: (words: readonly string[], where: string, exported: boolean) => boolean;
}

const has = (w: readonly string[], ...seq: string[]) =>
  w.some((_, i) => seq.every((s, j) => w[i + j] === s));

/** The retired words, each with the word the glossary says instead. */
const RETIRED: Record<string, Retired> = {
  qualification: {
    say: 'training (formation); a member holds it by a training grant',
    retired: (w) => has(w, 'qualification') || has(w, 'qualifications'),
  },
  'plan for the schedule': {
    say: 'the schedule keeper keeps the schedule (planning) true, an outage moves reservations; a plan is a membership plan',
    retired: (w) =>
      has(w, 'plan', 'keeper') ||
      has(w, 'plan', 'keeping') ||
      has(w, 'keep', 'plan') ||
      has(w, 'outage', 'plan') ||
      has(w, 'replan'),
  },
  bookings: {
    say: 'reservations: "booking" names only the act (booking rules, booking rounds)',
    // A type named `Booking` is a reservation; the folder booking/ is the act's.
    retired: (w, _, exported) => has(w, 'bookings') || (exported && w.join() === 'booking'),
  },
  shared: {
    say: 'common (to every site) for a plan or training of no site',
    // Only beside what a site owns: a clock shared by a gateway's machines is shared.
    retired: (w) => has(w, 'shared') && w.some((x) => /^(sites?|plans?|trainings?)$/.test(x)),
  },
  refusal: {
    say: "unknown-command reply: a firmware's; refusal is the workshop's typed no (server)",
    retired: (w, where) =>
      /^(firmware-profiles|gateway)\//.test(where) && (has(w, 'refusal') || has(w, 'refusals')),
  },
};

/** What keeps a retired word, and why. Each entry must still be needed (tested below). */
const KEEPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^server\/src\/store\/migrations\//, 'migrations are history: their names never change'],
  [
    /^server\/src\/http\/qualifications(\/index\.ts(: (qualifications|QualificationSchema))?)?$/,
    'the API keeps /api/qualifications and its OpenAPI schema "Qualification"',
  ],
  [
    /^server\/src\/store\/schema\.ts: Database\.qualification(s|_grants)$/,
    'the tables qualifications and qualification_grants',
  ],
  [
    /^server\/src\/domain\/booking\/model\.ts: (BookableMachine|TrainingGrant)\.qualification$/,
    "the API's JSON field qualification: routes spread request bodies into them and answer them as they are",
  ],
  [
    /^(server\/src\/domain\/booking\/model|dashboard\/src\/lib\/plan-quotas)\.ts: (Quota|QuotaRow)\.bookings$/,
    "the quota's JSON field bookings (a number of reservations), stored in every plan",
  ],
];

/**
 * Every file name, exported name and member of an exported interface, as `path`, `path: name` and
 * `path: Interface.member`; and the fields of the services bag and their methods, as
 * `…/services/index.ts: Services.field` and `Services.field.method`.
 */
async function names(): Promise<string[]> {
  const exported =
    /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|var|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
  // An exported interface's body, to its closing brace at the start of a line (Biome's layout).
  const iface = /^export\s+interface\s+([A-Za-z_$][\w$]*)[^{]*\{([\s\S]*?)^\}/gm;
  const member = /^ {2}(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[:(<]/gm;
  const db = await openSqlite(':memory:');
  // Each service's own methods too (`Services.scheduleKeeper.outageMoves`).
  const services = Object.entries(createServices(db)).flatMap(([k, v]) => [
    `server/src/services/index.ts: Services.${k}`,
    ...(v && typeof v === 'object' ? Object.keys(v) : []).map(
      (m) => `server/src/services/index.ts: Services.${k}.${m}`,
    ),
  ]);
  await db.destroy();
  return [
    ...files,
    ...sources.flatMap((f) => {
      const text = readFileSync(`${root}${f}`, 'utf8');
      return [
        ...[...text.matchAll(exported)].map((m) => `${f}: ${m[1]}`),
        ...[...text.matchAll(iface)].flatMap((m) =>
          [...(m[2] as string).matchAll(member)].map((n) => `${f}: ${m[1]}.${n[1]}`),
        ),
      ];
    }),
    ...services,
  ];
}

function offenders(list: readonly string[]): string[] {
  return list.flatMap((n) => {
    const [path, name] = n.split(': ') as [string, string | undefined];
    // A member is read alone (`Quota.bookings` → bookings); only a type's own name can be `Booking`.
    const field = name?.includes('.') ? name.split('.').pop() : undefined;
    const words = wordsOf(field ?? name ?? (path.split('/').pop() as string));
    return Object.entries(RETIRED)
      .filter(([, r]) => r.retired(words, path, name !== undefined && field === undefined))
      .map(([word, r]) => `${n} — "${word}": say ${r.say}`);
  });
}

describe('one word per thing', async () => {
  const all = await names();

  it('splits names into words the way the rules read them', () => {
    expect(wordsOf('planKeeper')).toEqual(['plan', 'keeper']);
    expect(wordsOf('plan-keeping.test.ts')).toEqual(['plan', 'keeping', 'test', 'ts']);
    expect(wordsOf('HTTPBookings')).toEqual(['http', 'bookings']);
    expect(offenders(['server/src/x.ts: QualificationGrant'])).toHaveLength(1);
    expect(offenders(['gateway/src/refusals.ts'])).toHaveLength(1);
    expect(offenders(['server/src/domain/booking/refusals.ts'])).toEqual([]);
    expect(offenders(['server/src/x.ts: Booking', 'server/src/x.ts: BookingRules'])).toHaveLength(
      1,
    );
    // Members and the services' fields: the names this check did not read before.
    expect(
      offenders([
        'server/src/server.ts: RunningServer.keepPlan',
        'server/src/services/index.ts: Services.planKeeper',
        'server/src/services/index.ts: Services.qualifications',
        'server/src/services/index.ts: Services.scheduleKeeper.outagePlan',
        'server/src/x.ts: Keeper.booking',
      ]),
    ).toHaveLength(4);
  });

  it('no retired word in a file name or an exported name, but for what keeps it', () => {
    const found = offenders(all).filter((o) => !KEEPS.some(([re]) => re.test(o.split(' — ')[0]!)));
    expect(found).toEqual([]);
  });

  it('every kept old word is still there (a rename done removes its entry)', () => {
    const hits = offenders(all).map((o) => o.split(' — ')[0]!);
    const unused = KEEPS.filter(([re]) => !hits.some((h) => re.test(h))).map(([, why]) => why);
    expect(unused).toEqual([]);
  });
});
