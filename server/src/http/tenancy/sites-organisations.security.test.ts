/**
 * Organisations are one directory for every site; what a manager may do with one follows the
 * sites of its members (see `requireOrganisationOfMySites`). Split from sites.security.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const nord = AS.managerNord;
const demo = AS.manager;
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('organisations and facts follow the sites of their members', () => {
  it('a manager reads and sets the facts of their sites’ members only', async () => {
    const { call, deps } = await testApp();
    const facts = { status: 'hobbyist', territory: null };
    expect((await call('GET', '/api/members/camille-roux/facts', undefined, nord)).status).toBe(
      404,
    );
    expect((await call('PUT', '/api/members/camille-roux/facts', facts, nord)).status).toBe(404);
    expect(await deps.services.facts.member('camille-roux')).toBeUndefined();
    expect((await call('PUT', '/api/members/camille-roux/facts', facts, demo)).status).toBe(200);
  });

  it('a manager changes no organisation (nor its facts) whose members are on another site', async () => {
    const { call, deps } = await testApp();
    const renamed = { name: 'Rachetée', kind: 'business', siret: null };
    const put = await call('PUT', '/api/organisations/atelier-bois-roux', renamed, nord);
    expect(put.status).toBe(403);
    expect((await json(put)).message).toContain('atelier-demo');
    expect(await deps.services.members.getOrganisation('atelier-bois-roux')).toMatchObject({
      name: 'Atelier Bois Roux',
    });
    const facts = { legalForm: 'sarl', sector: null, territory: null };
    expect(
      (await call('PUT', '/api/organisations/atelier-bois-roux/facts', facts, nord)).status,
    ).toBe(403);
    expect(
      (await call('GET', '/api/organisations/atelier-bois-roux/facts', undefined, nord)).status,
    ).toBe(403);
    // The directory is one: the other site's manager still finds it, and an empty one is anyone's.
    const listed = (await json(await call('GET', '/api/organisations', undefined, nord))) as {
      organisations: Array<{ id: string }>;
    };
    expect(listed.organisations.map((o) => o.id)).toContain('atelier-bois-roux');
    expect((await call('PUT', '/api/organisations/atelier-bois-roux', renamed, demo)).status).toBe(
      200,
    );
    expect((await call('PUT', '/api/organisations/nord-sas', renamed, nord)).status).toBe(200);
  });

  it('a SIRET another organisation holds is a 409 naming it, not a 500', async () => {
    const { call } = await testApp();
    const org = { name: 'Menuiserie Nord', kind: 'business', siret: '441 020 304 00057' };
    expect((await call('PUT', '/api/organisations/menuiserie-nord', org)).status).toBe(200);
    const res = await call('PUT', '/api/organisations/doublon', { ...org, name: 'Doublon' });
    expect(res.status).toBe(409);
    expect((await json(res)).message).toContain('menuiserie-nord');
  });
  it('a manager joins no member to an organisation whose members are on another site', async () => {
    // Reproduced: fablab-nord's manager put hugo-lefebvre into atelier-bois-roux, then read its
    // facts (403 before) and locked atelier-demo's manager out of changing it (403 after).
    const { call, deps } = await testApp();
    const hugo = {
      name: 'Hugo Lefebvre',
      email: 'hugo.lefebvre@example.fr',
      organisation: 'atelier-bois-roux',
      plan: 'nord-adherent',
    };
    const joined = await call('PUT', '/api/members/hugo-lefebvre', hugo, nord);
    expect(joined.status).toBe(403);
    expect((await json(joined)).message).toContain('atelier-demo');
    expect(await deps.services.members.get('hugo-lefebvre')).toMatchObject({ organisation: null });
    expect(
      (await call('GET', '/api/organisations/atelier-bois-roux/facts', undefined, nord)).status,
    ).toBe(403);
    const renamed = { name: 'Atelier Bois Roux', kind: 'business', siret: null };
    expect((await call('PUT', '/api/organisations/atelier-bois-roux', renamed, demo)).status).toBe(
      200,
    );
    // Their own member into an organisation with no member yet, or of their sites only: theirs.
    const nordSas = { name: 'Nord SAS', kind: 'business', siret: null };
    expect((await call('PUT', '/api/organisations/nord-sas', nordSas, nord)).status).toBe(200);
    const own = { ...hugo, organisation: 'nord-sas' };
    expect((await call('PUT', '/api/members/hugo-lefebvre', own, nord)).status).toBe(200);
    // An admin may join anyone to anything.
    expect((await call('PUT', '/api/members/hugo-lefebvre', hugo, AS.admin)).status).toBe(200);
  });
});
