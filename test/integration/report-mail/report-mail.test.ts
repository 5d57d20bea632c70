/**
 * Monthly reports by mail through a real SMTP server (test/support/smtp-sink.ts): the manager
 * lists recipients (a wrong address is a 400 naming the field), the archive keeps last month's
 * report and each recipient gets one mail with the funder's PDF and CSV attached (recipients are
 * any address: small people counts suppressed, as the funder report route serves), French first. With
 * the SMTP server down the mailing waits with its error (on the recipients route; /health only
 * counts it), and once it is back and the backoff is over it is delivered once; a restart sends
 * nothing again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startSmtpSink } from '../../support/smtp-sink.js';
import { adminHeaders, testServerEnv } from '../../support/server-env.js';

const quiet = createLogger('error', () => undefined);

/** What this test reads of the answers: an error's words, the recipients and their mailings. */
interface Answer {
  message?: string;
  recipients?: string[];
  mailing?: unknown;
  mailings?: Array<{ status: string; attempts: number; lastError: string | null }>;
}

/** A funder account of the demo site, invited by the admin, logged in: its cookie. */
async function funderCookie(base: string, admin: Record<string, string>): Promise<string> {
  const inv = await fetch(`${base}/api/auth/invitations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...admin },
    body: JSON.stringify({
      email: 'financeur@region.test',
      name: 'Région — suivi',
      role: 'funder',
      sites: ['atelier-demo'],
    }),
  });
  expect(inv.status).toBe(201);
  const token = String(((await inv.json()) as { link: string }).link).split('#')[1];
  const res = await fetch(`${base}/api/auth/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: 'les copeaux du rabot volent' }),
  });
  expect(res.status).toBe(201);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('monthly reports by mail', () => {
  it('mails each recipient once, retries while SMTP is down, and a restart sends nothing again', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-report-mail-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sink = await startSmtpSink();
    let now = Date.now();
    const clock = () => now;
    const env = loadEnv({
      ...(await testServerEnv(dir)),
      SEED_DEMO: 'true',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Manufacto <rapports@atelier.test>',
    });
    let server: RunningServer = await startServer(env, quiet, { clock });
    onTestFinished(() => server.stop());
    const admin = await adminHeaders(server.httpUrl);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.httpUrl}/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'accept-language': 'en', ...admin },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Answer };
    };

    const wrong = await call('PUT', '/reports/recipients/atelier-demo', {
      recipients: ['direction@atelier.test', 'pas-une-adresse'],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/^recipients\.1: /);
    const saved = await call('PUT', '/reports/recipients/atelier-demo', {
      recipients: ['direction@atelier.test', 'Suivi@Region.test'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.recipients).toEqual(['direction@atelier.test', 'suivi@region.test']);
    expect(saved.body.mailing).toMatchObject({ enabled: true, server: sink.url });

    // SMTP down: kept, not mailed, the error visible.
    await sink.close();
    const down = await server.keepReports();
    expect(down.kept.map((k) => k.site)).toContain('atelier-demo');
    expect(down).toMatchObject({ sent: 0, failed: 2 });
    const waiting = await call('GET', '/reports/recipients?site=atelier-demo');
    expect(waiting.body.mailings).toHaveLength(2);
    expect(waiting.body.mailings![0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.body.mailings![0]!.lastError).toMatch(/ECONNREFUSED/);
    const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { mail?: unknown };
    // The public /health counts them but never shows the error (addresses, internal hosts).
    expect(health.mail).toEqual({ status: 'on', unsentReports: 2 });

    // Back up, but the backoff is not over: nothing yet; after it, one mail per recipient.
    await sink.listen();
    expect(await server.keepReports()).toMatchObject({ kept: [], sent: 0, failed: 0 });
    now += 61_000;
    expect(await server.keepReports()).toMatchObject({ sent: 2, failed: 0 });
    expect(sink.received.map((m) => m.to && 'text' in m.to && m.to.text).sort()).toEqual([
      'direction@atelier.test',
      'suivi@region.test',
    ]);
    const mail = sink.received[0]!;
    expect(mail.subject).toMatch(/^Rapport d’activité .* \/ Activity report$/);
    expect(mail.text!.indexOf('Bonjour')).toBeLessThan(mail.text!.indexOf('Hello'));
    const month = down.kept.find((k) => k.site === 'atelier-demo')!.month;
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`manufacto-rapport-atelier-demo-${month}.pdf`, 'application/pdf'],
      [`manufacto-rapport-atelier-demo-${month}.csv`, 'text/csv'],
    ]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    // The funder's version, as a funder of the site gets it from the report route; not the manager's.
    const mailedCsv = mail.attachments[1]!.content.toString('utf8');
    expect(mailedCsv).toContain('financeur (agrégats, secret statistique)');
    expect(mailedCsv).not.toContain('gestion du lieu');
    const fund = await funderCookie(server.httpUrl, admin);
    const asFunder = await fetch(
      `${server.httpUrl}/api/reports?site=atelier-demo&period=${month}&format=csv&lang=fr`,
      { headers: { cookie: fund } },
    );
    expect(asFunder.status).toBe(200);
    expect(Buffer.from(await asFunder.arrayBuffer()).toString('utf8')).toBe(mailedCsv);
    expect(mailedCsv).toMatch(/;s(;|\r?\n)/); // a small people count suppressed
    const managers = await fetch(
      `${server.httpUrl}/api/reports/archive/atelier-demo/${month}/csv`,
      { headers: admin },
    );
    expect(await managers.text()).toContain('gestion du lieu');
    const sent = await call('GET', '/reports/recipients?site=atelier-demo');
    expect(sent.body.mailings!.map((m) => m.status)).toEqual(['sent', 'sent']);

    // A restart on the same data: nothing kept again, nothing mailed again.
    await server.stop();
    server = await startServer(env, quiet, { clock });
    now += 24 * 3_600_000;
    expect(await server.keepReports()).toMatchObject({ kept: [], sent: 0, failed: 0 });
    expect(sink.received).toHaveLength(2);
  });
});
