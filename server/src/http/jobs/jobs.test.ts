/**
 * Sending a job: the file kept with its size and SHA-256, `job_start` published on the machine's
 * command topic with the URL its gateway fetches, the file for that gateway only; pause, resume
 * and cancel published; who may, on which site.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { commandMessageSchema } from '@manufacto/firmware-profiles/contract';
import { AS, TEST_NOW, testApp } from '../../testing/test-app.js';

const GCODE = 'G28\nG1 X10 Y10 F3000\n';

describe('jobs', async () => {
  const t = await testApp();
  afterAll(() => rm(t.jobDir, { recursive: true, force: true }));
  const secret = async (gateway: string, site: string, machines: string[]) =>
    (
      (await (
        await t.call('PUT', `/api/gateways/${gateway}`, { site, machines }, AS.admin)
      ).json()) as {
        password: string;
      }
    ).password;
  const gw = await secret('gw-atelier', 'atelier-demo', ['laser-co2']);
  const other = await secret('gw-nord', 'fablab-nord', ['laser-nord']);
  const send = (
    machine: string,
    who: Record<string, string>,
    body: string = GCODE,
    name = 'boite.gcode',
  ) =>
    t.app.request(`/api/machines/${machine}/jobs?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { ...who, 'content-type': 'application/octet-stream' },
      body,
    });
  const basic = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
  const hold = async (member: string, machine: string, site: string, status = 'confirmed') =>
    t.db
      .insertInto('reservations')
      .values({
        id: `now-${member}-${status}`,
        site,
        machine_id: machine,
        member_id: member,
        starts_at: TEST_NOW - 600_000,
        ends_at: TEST_NOW + 600_000,
        blocks_until: TEST_NOW + 600_000,
        status,
        note: null,
        created_at: TEST_NOW,
        updated_at: TEST_NOW,
        batch_id: null,
      })
      .execute();

  it('keeps the file, publishes job_start on the machine’s command topic and answers 202', async () => {
    t.published.length = 0;
    const res = await send('laser-co2', AS.manager);
    expect(res.status).toBe(202);
    const sent = (await res.json()) as { job: string; bytes: number; sha256: string };
    const sha256 = createHash('sha256').update(GCODE).digest('hex');
    expect(sent).toMatchObject({
      machine: 'laser-co2',
      name: 'boite.gcode',
      bytes: GCODE.length,
      sha256,
    });
    expect(t.published.map((p) => p.topic)).toEqual([
      'manufacto/v1/atelier-demo/machines/laser-co2/command',
    ]);
    const command = commandMessageSchema.parse(JSON.parse(t.published[0]!.payload));
    expect(command).toMatchObject({
      command: 'job_start',
      ts: TEST_NOW,
      job: {
        name: 'boite.gcode',
        url: `https://manufacto.example.fr/api/jobs/${sent.job}/file`,
        bytes: GCODE.length,
        sha256,
      },
    });
    const file = await t.app.request(`/api/jobs/${sent.job}/file`, {
      headers: basic('gw-atelier', gw),
    });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(GCODE);
  });

  it('gives the file to no other gateway, no wrong secret and no person: 404', async () => {
    const sent = (await (await send('laser-co2', AS.manager)).json()) as { job: string };
    const url = `/api/jobs/${sent.job}/file`;
    for (const headers of [
      basic('gw-nord', other),
      basic('gw-atelier', other),
      AS.manager,
      AS.admin,
      {},
    ])
      expect((await t.app.request(url, { headers })).status).toBe(404);
  });

  it('knows no machine of another site, and refuses an artisan without the current slot', async () => {
    const nord = await send('laser-co2', AS.managerNord);
    expect(nord.status).toBe(404);
    expect((await send('laser-co2', AS.artisan('hugo-lefebvre'))).status).toBe(404);
    const camille = await send('laser-co2', {
      ...AS.artisan('camille-roux'),
      'accept-language': 'en',
    });
    expect(camille.status).toBe(403);
    expect(((await camille.json()) as { message: string }).message).toBe(
      'you do not hold the current slot on this machine',
    );
    await hold('camille-roux', 'laser-co2', 'atelier-demo', 'pending_approval');
    expect((await send('laser-co2', AS.artisan('camille-roux'))).status).toBe(403);
    await t.db
      .deleteFrom('reservations')
      .where('id', '=', 'now-camille-roux-pending_approval')
      .execute();
  });

  it('lets the artisan holding the current slot send and steer a job', async () => {
    await hold('nadia-benali', 'laser-co2', 'atelier-demo');
    expect((await send('laser-co2', AS.artisan('nadia-benali'))).status).toBe(202);
    t.published.length = 0;
    for (const control of ['pause', 'resume', 'cancel']) {
      const res = await t.app.request(`/api/machines/laser-co2/jobs/current/${control}`, {
        method: 'POST',
        headers: AS.artisan('nadia-benali'),
      });
      expect(res.status).toBe(202);
    }
    expect(t.published.map((p) => JSON.parse(p.payload).command)).toEqual([
      'job_pause',
      'job_resume',
      'job_cancel',
    ]);
    const lucas = await t.app.request('/api/machines/laser-co2/jobs/current/cancel', {
      method: 'POST',
      headers: AS.artisan('lucas-petit'),
    });
    expect(lucas.status).toBe(403);
  });

  it('refuses an empty file, a file over the limit, and a machine without a gateway, in French', async () => {
    const empty = await send('laser-co2', AS.manager, '');
    expect([empty.status, ((await empty.json()) as { message: string }).message]).toEqual([
      400,
      'le fichier est vide',
    ]);
    // The test app's limit is 4096 bytes, far over the API's 64 KiB... under it: its own limit.
    const big = await send('laser-co2', AS.manager, 'G1 X1\n'.repeat(1000));
    expect([big.status, ((await big.json()) as { message: string }).message]).toEqual([
      413,
      'le fichier dépasse 4096 octets',
    ]);
    const none = await send('cnc-fraiseuse', AS.manager);
    expect(none.status).toBe(409);
    expect((await send('nowhere', AS.manager)).status).toBe(404);
  });

  it('answers 503 with an external broker (no embedded one to publish on), sending nothing', async () => {
    const external = await testApp();
    await external.call(
      'PUT',
      '/api/gateways/gw-a',
      { site: 'atelier-demo', machines: ['laser-co2'] },
      AS.admin,
    );
    Object.assign(external.deps.jobs!, { publish: undefined });
    const res = await external.app.request('/api/machines/laser-co2/jobs?name=boite.gcode', {
      method: 'POST',
      headers: { ...AS.manager, 'content-type': 'application/octet-stream' },
      body: GCODE,
    });
    expect(res.status).toBe(503);
    const pause = await external.call('POST', '/api/machines/laser-co2/jobs/current/pause');
    expect(pause.status).toBe(503);
    expect(external.published).toEqual([]);
  });

  it('documents every refusal these tests see in the OpenAPI document', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, { post: { responses: Record<string, unknown> } }>;
    };
    const statuses = (path: string) => Object.keys(doc.paths[path]!.post.responses);
    expect(statuses('/machines/{id}/jobs')).toEqual([
      '202',
      '400',
      '403',
      '404',
      '409',
      '413',
      '503',
    ]);
    expect(statuses('/machines/{id}/jobs/current/{control}')).toEqual([
      '202',
      '400',
      '403',
      '404',
      '409',
      '503',
    ]);
  });

  it('takes a file over the API’s 64 KiB body limit when JOB_FILE_MAX_BYTES allows it', async () => {
    const big = await testApp();
    const desk = big.deps.jobs!;
    Object.assign(desk, { maxBytes: 1024 * 1024 });
    await big.call(
      'PUT',
      '/api/gateways/gw-a',
      { site: 'atelier-demo', machines: ['laser-co2'] },
      AS.admin,
    );
    const body = 'G1 X1 Y1\n'.repeat(10_000);
    const res = await big.app.request('/api/machines/laser-co2/jobs?name=grand.gcode', {
      method: 'POST',
      headers: {
        ...AS.manager,
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
      },
      body,
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { bytes: number }).bytes).toBe(90_000);
    await rm(big.jobDir, { recursive: true, force: true });
    const other = await big.call(
      'PUT',
      '/api/members/camille-roux',
      { name: 'x'.repeat(70_000) },
      AS.admin,
    );
    expect(other.status).toBe(413);
  });
});
