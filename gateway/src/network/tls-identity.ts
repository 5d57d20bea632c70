/**
 * Who the device behind TLS is. `tls.caFile` is either the device's own certificate (pinning: its
 * name, octopi.local or a Bambu serial, need not match the address dialled) or a workshop CA that
 * signs every device; then any other device of that CA would pass, so the name is checked against
 * `tls.servername` or the host dialled.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** SHA-256 fingerprints (`AB:CD:…`) of the certificates in a PEM file; unreadable blocks are skipped (TLS refuses them anyway). */
export function pemFingerprints(pem: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const block of pem.match(PEM) ?? []) {
    try {
      out.add(new X509Certificate(block).fingerprint256);
    } catch {
      // not a certificate Node can read: it cannot be the peer's either
    }
  }
  return out;
}

/** The `checkServerIdentity` for a device trusted through `ca`: a pinned leaf passes, any other needs the right name. */
export function deviceIdentity(
  ca: string,
  servername: string | undefined,
): (host: string, cert: PeerCertificate) => Error | undefined {
  const pinned = pemFingerprints(ca);
  return (host, cert) =>
    pinned.has(cert.fingerprint256) ? undefined : checkServerIdentity(servername ?? host, cert);
}
