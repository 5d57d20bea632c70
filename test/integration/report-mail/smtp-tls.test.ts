/**
 * SMTP credentials never go in clear: against a real SMTP server (smtp-server) that offers no
 * STARTTLS and would take AUTH on a plain connection, as a server with the offer stripped in the
 * path would, a transport with a user fails before AUTH and the server never sees the password,
 * from SMTP_HOST/SMTP_USER and from an smtp:// URL with a user alike. Without a user the mail goes.
 */
import { smtpTransport } from '@manufacto/server';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it, onTestFinished } from 'vitest';

async function plainServer() {
  const logins: string[] = [];
  let mails = 0;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, done) {
      logins.push(`${auth.username}:${auth.password}`);
      done(null, { user: auth.username });
    },
    onData(stream, _session, done) {
      stream.resume();
      stream.on('end', () => {
        mails += 1;
        done();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.server.address();
      resolve(a && typeof a === 'object' ? a.port : 0);
    });
  });
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    port,
    logins,
    get mails() {
      return mails;
    },
  };
}

const mail = { to: 'direction@atelier.test', subject: 'Rapport', text: 'Bonjour', attachments: [] };

describe('SMTP transport without TLS on offer', () => {
  it('refuses to log in from SMTP_HOST/SMTP_USER on a port other than 465: no password sent', async () => {
    const s = await plainServer();
    const t = smtpTransport({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: s.port,
      SMTP_USER: 'rapports',
      SMTP_PASS: 'S3cret-P4ss',
    })!;
    await expect(t.send(mail)).rejects.toMatchObject({ code: 'ETLS' });
    expect(s.logins).toEqual([]);
    expect(s.mails).toBe(0);
  });

  it('refuses to log in from an smtp:// URL with a user: no password sent', async () => {
    const s = await plainServer();
    const t = smtpTransport({
      SMTP_URL: `smtp://rapports:S3cret-P4ss@127.0.0.1:${s.port}`,
      SMTP_PORT: 587,
    })!;
    await expect(t.send(mail)).rejects.toMatchObject({ code: 'ETLS' });
    expect(s.logins).toEqual([]);
    expect(s.mails).toBe(0);
  });

  it('still sends without a user (a relay that takes the LAN without login)', async () => {
    const s = await plainServer();
    await smtpTransport({ SMTP_URL: `smtp://127.0.0.1:${s.port}`, SMTP_PORT: 587 })!.send(mail);
    expect(s.mails).toBe(1);
  });
});
