import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TEST_NOW, testApp } from '../testing/test-app.js';
import type { MailMessage, MailTransport } from './mail-transport.js';
import type { ReportArchive } from './report-archive.js';
import { reportMailer } from './report-mailer.js';

/** An archive holding one funder PDF and CSV for every month (the mailer only reads those). */
function keptFiles(): ReportArchive {
  const dir = mkdtempSync(join(tmpdir(), 'mf-mailer-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'f.pdf'), '%PDF-1.4');
  writeFileSync(join(dir, 'f.csv'), 'a;b');
  return { funderFile: (_s: string, _m: string, f: string) => join(dir, `f.${f}`) } as never;
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
});
