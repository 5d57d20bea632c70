import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { TEST_NOW, testApp } from '../testing/test-app.js';
import { type MailMessage, type MailTransport, smtpTransport } from './mail-transport.js';
import type { ReportArchive } from './report-archive.js';
import { reportMailer } from './report-mailer.js';

/** An archive holding one funder PDF and CSV for every month (the mailer only reads those). */
function keptFiles(): ReportArchive {
  const dir = mkdtempSync(join(tmpdir(), 'mf-mailer-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'f.pdf'), '%PDF-1.4');
  writeFileSync(join(dir, 'f.csv'), 'a;b');
  return { file: (_s: string, _m: string, f: string) => join(dir, `f.${f}`) } as never;
}

function transport(send: (m: MailMessage) => Promise<void>): MailTransport {
  return { describe: 'smtp://test:25', from: 'rapports@atelier.test', send };
}

describe('reportMailer', () => {
  it('sends nothing to a recipient removed after the month was queued', async () => {
    const t = await testApp();
    const sent: string[] = [];
    const mailer = reportMailer(
      t.db,
      keptFiles(),
      transport(async (m) => void sent.push(m.to)),
      { clock: () => TEST_NOW },
    );
    await mailer.setRecipients('atelier-demo', ['direction@atelier.test', 'ancien@region.test']);
    expect(await mailer.queue('atelier-demo', '2026-11')).toBe(2);
    await mailer.setRecipients('atelier-demo', ['direction@atelier.test']);
    expect(await mailer.deliver()).toEqual({ sent: 1, failed: 0 });
    expect(sent).toEqual(['direction@atelier.test']);
    expect((await mailer.mailings(['atelier-demo'])).map((m) => m.email)).toEqual([
      'direction@atelier.test',
    ]);
    // Emptying the list drops the rest of the unsent; a sent row stays as the record.
    await mailer.queue('atelier-demo', '2026-10');
    await mailer.setRecipients('atelier-demo', []);
    expect(await mailer.deliver()).toEqual({ sent: 0, failed: 0 });
    expect((await mailer.mailings(['atelier-demo'])).map((m) => m.month)).toEqual(['2026-11']);
  });

  it('sends to the other recipients when one fails, and tries that one again after its backoff', async () => {
    const t = await testApp();
    const clock = { now: TEST_NOW };
    const sent: string[] = [];
    let refusing = true;
    const mailer = reportMailer(
      t.db,
      keptFiles(),
      transport(async (m) => {
        if (refusing && m.to === 'ancien@region.test')
          throw new Error('550 5.1.1 <ancien@region.test>: mailbox unavailable');
        sent.push(m.to);
      }),
      { clock: () => clock.now, retryFirstMs: 60_000 },
    );
    await mailer.setRecipients('atelier-demo', [
      'direction@atelier.test',
      'ancien@region.test',
      'financeur@region.test',
    ]);
    await mailer.queue('atelier-demo', '2026-11');
    expect(await mailer.deliver()).toEqual({ sent: 2, failed: 1 });
    expect(sent.sort()).toEqual(['direction@atelier.test', 'financeur@region.test']);
    const failed = (await mailer.mailings(['atelier-demo'])).find(
      (m) => m.email === 'ancien@region.test',
    );
    expect(failed).toMatchObject({ sentAt: null, attempts: 1, nextTryAt: TEST_NOW + 60_000 });
    expect(failed?.lastError).toContain('mailbox unavailable');
    // Not due before its backoff; the ones sent are not sent again.
    expect(await mailer.deliver()).toEqual({ sent: 0, failed: 0 });
    refusing = false;
    clock.now = TEST_NOW + 60_000;
    expect(await mailer.deliver()).toEqual({ sent: 1, failed: 0 });
    expect(sent.filter((to) => to === 'ancien@region.test')).toHaveLength(1);
    expect((await mailer.mailings(['atelier-demo'])).every((m) => m.sentAt !== null)).toBe(true);
  });

  it('stop() waits for the delivery in flight, so the mail the server took is marked sent', async () => {
    const t = await testApp();
    let accept: () => void = () => undefined;
    const taken = new Promise<void>((r) => (accept = r));
    let asked: () => void = () => undefined;
    const sending = new Promise<void>((r) => (asked = r));
    const mailer = reportMailer(
      t.db,
      keptFiles(),
      transport(async () => {
        asked();
        await taken;
      }),
      { clock: () => TEST_NOW },
    );
    await mailer.setRecipients('atelier-demo', ['direction@atelier.test']);
    await mailer.queue('atelier-demo', '2026-11');
    const delivery = mailer.deliver();
    await sending;
    let stopped = false;
    const stop = mailer.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    accept();
    await stop;
    expect(await delivery).toEqual({ sent: 1, failed: 0 });
    expect((await mailer.mailings(['atelier-demo']))[0]?.sentAt).not.toBeNull();
  });

  it('stop() does not wait on a dead SMTP server: the send is cut, stays due, and nothing else starts', async () => {
    // A server that takes the connection and never greets, as a hung MTA does: nodemailer alone
    // would wait its 30 s greeting timeout, then a socket timeout of 10 min.
    const sockets = new Set<Socket>();
    const dead = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => dead.close(() => resolve()));
    });
    const port = (dead.address() as AddressInfo).port;
    const t = await testApp();
    const mailer = reportMailer(
      t.db,
      keptFiles(),
      smtpTransport({
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: port,
        MAIL_FROM: 'rapports@atelier.test',
      }),
      { clock: () => TEST_NOW, stopGraceMs: 50 },
    );
    await mailer.setRecipients('atelier-demo', ['direction@atelier.test', 'region@region.test']);
    await mailer.queue('atelier-demo', '2026-11');
    const delivery = mailer.deliver();
    await vi.waitFor(() => expect(sockets.size).toBe(1));
    await mailer.stop();
    expect(await delivery).toEqual({ sent: 0, failed: 0 });
    // One connection only: the second mailing was not started once stopping.
    expect(sockets.size).toBe(1);
    const rows = await mailer.mailings(['atelier-demo']);
    expect(rows.map((m) => [m.email, m.sentAt, m.lastError])).toEqual([
      ['direction@atelier.test', null, 'stopped before the SMTP server took it'],
      ['region@region.test', null, null],
    ]);
    expect(rows.every((m) => m.nextTryAt <= TEST_NOW)).toBe(true);
  });
});
