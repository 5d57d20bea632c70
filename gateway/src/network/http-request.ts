/**
 * HTTP(S) requests to one device, over one keep-alive agent. Node's `fetch` takes no CA of its own
 * (its undici dispatcher is not exposed on Node 20), and a workshop's OctoPrint behind HTTPS has a
 * self-signed certificate: the agent trusts the machine's `tls.caFile`, or any certificate with
 * `tls.trust: any`.
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import { deviceIdentity } from './tls-identity.js';

export interface HttpAnswer {
  readonly status: number;
  header(name: string): string | undefined;
  readonly text: string;
}

export interface DeviceHttpOptions {
  /** `http://host:port` or `https://host:port`, no trailing slash. */
  readonly base: string;
  /** PEM to trust (the device's certificate or its CA). */
  readonly ca?: string;
  /** The name a CA-signed certificate must carry (the host of `base` otherwise). */
  readonly servername?: string;
  /** Take any certificate: encrypted, not authenticated. */
  readonly trustAny?: boolean;
  readonly timeoutMs: number;
}

export interface DeviceHttp {
  request(
    method: 'GET' | 'POST',
    path: string,
    headers: Readonly<Record<string, string>>,
    body?: string,
  ): Promise<HttpAnswer>;
  close(): void;
}

/** An error whose `code` says what went wrong (`ECONNREFUSED`, `TIMEOUT`, `CERT_…`). */
export class DeviceHttpError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function deviceHttp(o: DeviceHttpOptions): DeviceHttp {
  const secure = o.base.startsWith('https:');
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: 2,
        rejectUnauthorized: !o.trustAny,
        ...(o.ca !== undefined
          ? {
              ca: o.ca,
              // The device's own certificate in caFile is the check (it names octopi.local, not
              // the address dialled); a certificate the CA in caFile signed must carry the name.
              checkServerIdentity: deviceIdentity(o.ca, o.servername),
            }
          : {}),
      })
    : new http.Agent({ keepAlive: true, maxSockets: 2 });
  const lib = secure ? https : http;
  return {
    request(method, path, headers, body) {
      return new Promise<HttpAnswer>((resolve, reject) => {
        const req = lib.request(
          o.base + path,
          {
            method,
            agent,
            headers: {
              ...headers,
              ...(body !== undefined
                ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
                : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                header: (name) => {
                  const v = res.headers[name.toLowerCase()];
                  return Array.isArray(v) ? v.join(', ') : v;
                },
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        req.setTimeout(o.timeoutMs, () =>
          req.destroy(
            new DeviceHttpError(`no answer in ${Math.round(o.timeoutMs / 1000)} s`, 'TIMEOUT'),
          ),
        );
        req.on('error', (error: Error & { code?: string }) =>
          reject(
            error instanceof DeviceHttpError
              ? error
              : new DeviceHttpError(error.message, error.code ?? 'ERROR'),
          ),
        );
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
