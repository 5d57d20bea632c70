/** The route tests' network: the test app's atelier-demo stands for it, fablab-nord is its member. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { reportJson } from '../reports/json.js';
import { AGGREGATE_VERSION, signAggregate } from '../services/network/signature.js';
import { AS, TEST_NOW, testApp } from './test-app.js';

export const NETWORK = 'atelier-demo';
export const MEMBER = 'fablab-nord';

export async function networkApp() {
  const t = await testApp();
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const register = (key = publicKey, who = AS.manager) =>
    t.call(
      'PUT',
      `/api/network/members/${MEMBER}`,
      { network: NETWORK, name: 'Fablab Nord', publicKey: key },
      who,
    );
  /** fablab-nord's signed aggregate of November 2026, as its sender makes it. */
  const aggregate = async (
    over: { audience?: 'funder' | 'manager'; issuedAt?: number; key?: KeyObject } = {},
  ) => {
    const r = await t.deps.services.reports.report({
      sites: [MEMBER],
      period: '2026-11',
      audience: over.audience ?? 'funder',
    });
    return signAggregate(
      {
        v: AGGREGATE_VERSION,
        site: MEMBER,
        period: '2026-11',
        issuedAt: new Date(over.issuedAt ?? TEST_NOW).toISOString(),
        report: reportJson(r),
      },
      over.key ?? pair.privateKey,
    );
  };
  const deliver = (body: unknown) =>
    t.call('POST', '/api/network/aggregates', body, { ...AS.nobody, 'accept-language': 'en' });
  return { ...t, publicKey, register, aggregate, deliver };
}

export const message = async (res: Response) => ((await res.json()) as { message: string }).message;
