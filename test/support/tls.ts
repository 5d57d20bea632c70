/**
 * A self-signed certificate for localhost and 127.0.0.1, made with Debian's openssl, for TLS tests.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tempDir } from './temp-dir.js';
import { join } from 'node:path';
import { requireBinary } from './require-binary.js';

export interface SelfSigned {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate's PEM: what a client trusts. */
  readonly ca: string;
}

export function selfSignedCertificate(): SelfSigned {
  const openssl = requireBinary('openssl', 'openssl');
  // Read by the servers at their start only: removed with its test (or at exit).
  const dir = tempDir('mf-tls-');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  return { certFile, keyFile, ca: readFileSync(certFile, 'utf8') };
}
