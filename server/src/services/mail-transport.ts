/**
 * The SMTP transport of the server's mail (nodemailer), from SMTP_URL or SMTP_HOST/PORT/USER and
 * a password read from SMTP_PASS_FILE (or SMTP_PASS). `describe` names the server for the log and
 * the screens without the password. Unset SMTP_URL and SMTP_HOST: no transport, nothing mailed.
 * @module
 */
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ServerEnv } from '../env.js';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  /** smtp://host:port, never the credentials. */
  readonly describe: string;
  readonly from: string;
  /**
   * Sends; resolves once the SMTP server took the mail. `signal` aborts a send in flight (the
   * connection closes, the promise rejects): the server had not taken it, so it is tried again.
   */
  send(m: MailMessage, signal?: AbortSignal): Promise<void>;
}

type SmtpEnv = Pick<
  ServerEnv,
  | 'SMTP_URL'
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_USER'
  | 'SMTP_PASS'
  | 'SMTP_PASS_FILE'
  | 'MAIL_FROM'
>;

export function smtpTransport(env: SmtpEnv): MailTransport | undefined {
  if (!env.SMTP_URL && !env.SMTP_HOST) return undefined;
  const pass = env.SMTP_PASS_FILE ? readFileSync(env.SMTP_PASS_FILE, 'utf8').trim() : env.SMTP_PASS;
  let describe: string;
  let transporter: Transporter;
  if (env.SMTP_URL) {
    const u = new URL(env.SMTP_URL);
    describe = `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
    // smtp:// with a user: STARTTLS or nothing, never AUTH in clear (smtps:// is TLS from the start).
    transporter = nodemailer.createTransport({
      url: env.SMTP_URL,
      ...(u.protocol === 'smtp:' && u.username ? { requireTLS: true } : {}),
    });
  } else {
    describe = `smtp://${env.SMTP_HOST}:${env.SMTP_PORT}`;
    transporter = nodemailer.createTransport({
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      // 465 speaks TLS from the start. Other ports upgrade with STARTTLS; with a user it is
      // required, or anyone in the path could strip the offer and read AUTH in clear.
      secure: env.SMTP_PORT === 465,
      ...(env.SMTP_USER
        ? {
            auth: { user: env.SMTP_USER, pass: pass ?? '' },
            ...(env.SMTP_PORT === 465 ? {} : { requireTLS: true }),
          }
        : {}),
    });
  }
  const from = env.MAIL_FROM ?? 'manufacto@localhost';
  return {
    describe,
    from,
    async send(m, signal) {
      await transporter.sendMail({
        ...(signal ? { signal } : {}),
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        attachments: m.attachments.map((a) => ({ ...a })),
      });
    },
  };
}
