/**
 * A real SMTP server in process (the `smtp-server` package, by nodemailer's authors) that keeps
 * every message it is given, parsed by `mailparser`. `close()` and `listen()` again on the same
 * port stand for an SMTP server going down and coming back.
 * @module
 */
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { onTestFinished } from 'vitest';

export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly received: ParsedMail[];
  close(): Promise<void>;
  listen(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, done) {
        simpleParser(stream)
          .then((m) => {
            received.push(m);
            done();
          })
          .catch((e: Error) => done(e));
      },
    });
  let server = make();
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const a = server.server.address();
        if (a && typeof a === 'object') port = a.port;
        resolve();
      });
    });
  await listen();
  let open = true;
  const sink: SmtpSink = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    close: () =>
      new Promise<void>((resolve) => {
        if (!open) return resolve();
        open = false;
        server.close(() => resolve());
      }),
    async listen() {
      server = make();
      await listen();
      open = true;
    },
  };
  onTestFinished(() => sink.close());
  return sink;
}
