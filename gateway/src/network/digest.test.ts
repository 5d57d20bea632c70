import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestChallenge } from './digest.js';

describe('HTTP digest authentication', () => {
  it('answers RFC 2617’s own example (section 3.5)', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(challenge).toEqual({
      realm: 'testrealm@host.com',
      qop: 'auth,auth-int',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
    const header = digestAuthorization(challenge as NonNullable<typeof challenge>, {
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      nc: 1,
      cnonce: '0a4f113b',
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
  });

  it('is not a digest challenge: Basic, or no nonce', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x"')).toBeNull();
    expect(parseDigestChallenge(null)).toBeNull();
  });
});
