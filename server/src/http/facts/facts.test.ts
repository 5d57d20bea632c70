import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const territory = { commune: 'Saint-Affrique', insee: '12208', qpv: false, rural: true };

describe('organisation and member facts', async () => {
  const t = await testApp();

  it('lets a manager set an organisation’s legal form, sector and territory', async () => {
    const put = await t.call('PUT', '/api/organisations/atelier-bois-roux/facts', {
      legalForm: 'sas',
      sector: 'wood',
      territory,
    });
    expect(put.status).toBe(200);
    const got = await (await t.call('GET', '/api/organisations/atelier-bois-roux/facts')).json();
    expect(got).toEqual({ facts: { legalForm: 'sas', sector: 'wood', territory } });
  });

  it('lets a member fill their own organisation’s facts, not another’s', async () => {
    const own = await t.call(
      'PUT',
      '/api/organisations/atelier-bois-roux/facts',
      { sector: 'wood' },
      AS.artisan('camille-roux'),
    );
    expect(own.status).toBe(200);
    const other = await t.call(
      'PUT',
      '/api/organisations/lycee-jean-moulin/facts',
      { sector: 'wood' },
      AS.artisan('camille-roux'),
    );
    expect(other.status).toBe(404);
  });

  it('lets a member fill their own status and territory, not someone else’s', async () => {
    const own = await t.call(
      'PUT',
      '/api/members/nadia-benali/facts',
      { status: 'student', territory: { commune: 'Rodez', qpv: true } },
      AS.artisan('nadia-benali'),
    );
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({
      facts: {
        status: 'student',
        territory: { commune: 'Rodez', insee: null, qpv: true, rural: false },
      },
    });
    const other = await t.call(
      'PUT',
      '/api/members/camille-roux/facts',
      { status: 'hobbyist' },
      AS.artisan('nadia-benali'),
    );
    expect(other.status).toBe(404);
    const read = await (await t.call('GET', '/api/members/nadia-benali/facts')).json();
    expect(read).toMatchObject({ facts: { status: 'student' } });
  });

  it('answers empty facts for someone who gave none', async () => {
    const got = await (await t.call('GET', '/api/members/lucas-petit/facts')).json();
    expect(got).toEqual({ facts: { status: null, territory: null } });
  });

  it('names each wrong field, in French by default and in English on request', async () => {
    const body = {
      legalForm: 'gie',
      sector: 'wood',
      territory: { commune: 'Rodez', insee: '1220', qpv: true, rural: true },
    };
    const fr = await t.call('PUT', '/api/organisations/atelier-bois-roux/facts', body);
    expect(fr.status).toBe(400);
    const frMessage = ((await fr.json()) as { message: string }).message;
    expect(frMessage).toContain('legalForm: ');
    expect(frMessage).toContain('territory.insee: un code INSEE a 5 chiffres');
    expect(frMessage).toContain('territory.rural: un QPV est en ville');
    const en = await t.call('PUT', '/api/organisations/atelier-bois-roux/facts', body, {
      ...AS.manager,
      'accept-language': 'en',
    });
    expect(((await en.json()) as { message: string }).message).toContain(
      'territory.insee: an INSEE code is 5 digits',
    );
  });

  it('refuses a status outside the four', async () => {
    const res = await t.call('PUT', '/api/members/lucas-petit/facts', { status: 'retired' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^status: /);
  });

  it('refuses an unknown field rather than dropping it', async () => {
    const res = await t.call('PUT', '/api/members/lucas-petit/facts', { statut: 'student' });
    expect(res.status).toBe(400);
  });
});
