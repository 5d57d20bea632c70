import { describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS } from '../../demo/workshop.js';
import { testApp } from '../../testing/test-app.js';
import { isSiret, OrganisationBody } from './index.js';

describe('the demo organisations', () => {
  it('each passes the organisation schema (its SIRET included)', () => {
    for (const { id, ...settings } of DEMO_ORGANISATIONS)
      expect({ id, ok: OrganisationBody.safeParse(settings).success }).toEqual({ id, ok: true });
  });

  it('each can be saved unchanged by a manager', async () => {
    const { call } = await testApp();
    for (const { id, ...settings } of DEMO_ORGANISATIONS)
      expect({
        id,
        status: (await call('PUT', `/api/organisations/${id}`, settings)).status,
      }).toEqual({
        id,
        status: 200,
      });
  });

  it('the SIRET check tells a valid number from one with a wrong check digit', () => {
    expect(isSiret('85234567800019')).toBe(true);
    expect(isSiret('85234567800012')).toBe(false);
  });
});
