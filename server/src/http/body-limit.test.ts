/**
 * The body limit on a real socket (`@hono/node-server`), as a client can send it: a declared
 * length over the limit is refused before the body is sent, a chunked body is counted as it
 * comes, and a Content-Length that lies gives the handler no more than it declared.
 */
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/test-app.js';
import { bodyLimitByLength } from './body-limit.js';

const LIMIT = 1024;

/** What the server answers on one connection to `head` (+ `body`), until it closes or `waitMs`. */
function exchange(port: number, head: string, body = '', waitMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (d) => {
      got += d.toString('latin1');
    });
    socket.on('close', done);
    socket.on('error', (e) =>
      (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? done() : reject(e),
    );
    socket.write(`${head.replace(/\n/g, '\r\n')}\r\n\r\n${body}`);
  });
}
const status = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
const chunked = (parts: readonly string[]) =>
  `${parts.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;

function listen(fetch: (req: Request, env?: unknown) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    );
  });
}

describe('bodyLimitByLength', () => {
  let port = 0;
  let server: ServerType | undefined;
  /** How many bytes each handled request's handler read. */
  const read: number[] = [];
  beforeAll(async () => {
    const app = new Hono();
    app.use('*', bodyLimitByLength({ maxSize: LIMIT, onError: (c) => c.text('too big', 413) }));
    app.post('/echo', async (c) => {
      const bytes = (await c.req.arrayBuffer()).byteLength;
      read.push(bytes);
      return c.json({ bytes });
    });
    ({ server, port } = await listen(app.fetch));
  });
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('answers 413 to a Content-Length over the limit without waiting for the body', async () => {
    // Only the head is sent: a limit that read the body first would wait for it, and time out.
    const raw = await exchange(
      port,
      `POST /echo HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: ${LIMIT + 1}\nConnection: close`,
      '',
      1500,
    );
    expect(status(raw)).toBe(413);
    expect(raw).toContain('too big');
  });

  it('takes a body of exactly the limit', async () => {
    const body = 'a'.repeat(LIMIT);
    const raw = await exchange(
      port,
      `POST /echo HTTP/1.1\nHost: x\nContent-Length: ${LIMIT}\nConnection: close`,
      body,
    );
    expect([status(raw), raw.endsWith(`{"bytes":${LIMIT}}`)]).toEqual([200, true]);
  });

  it('counts a chunked body (no Content-Length) as it comes: 413 past the limit, taken under it', async () => {
    const head = 'POST /echo HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nConnection: close';
    const over = await exchange(port, head, chunked(['a'.repeat(600), 'b'.repeat(600)]));
    expect(status(over)).toBe(413);
    const under = await exchange(port, head, chunked(['a'.repeat(300), 'b'.repeat(300)]));
    expect([status(under), under.endsWith('{"bytes":600}')]).toEqual([200, true]);
  });

  it('gives the handler no more than a lying Content-Length declared', async () => {
    read.length = 0;
    // 10 bytes declared, 1 MiB sent: the rest is not this request's body.
    const raw = await exchange(
      port,
      'POST /echo HTTP/1.1\nHost: x\nContent-Length: 10',
      'x'.repeat(1024 * 1024),
    );
    // The handler read the 10 bytes declared; what followed was parsed as a next request,
    // refused by Node's parser (400, connection closed), never handled nor buffered as a body.
    await expect.poll(() => read).toEqual([10]);
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nConnection: close/);
  });
});

describe('the API', () => {
  it('refuses a body over 64 KiB from its Content-Length with the API’s 413 error', async () => {
    const { app } = await testApp();
    const { server, port } = await listen((req) =>
      app.fetch(req, { incoming: { socket: { remoteAddress: '127.0.0.1' } } }),
    );
    try {
      const raw = await exchange(
        port,
        `POST /api/auth/login HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: ${64 * 1024 + 1}\nConnection: close`,
        '',
        1500,
      );
      expect(status(raw)).toBe(413);
      expect(raw).toContain('"code":"payload_too_large"');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
