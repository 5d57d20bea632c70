import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';
import { hashPassword, newToken, sha256, verifyPassword } from './secrets.js';

describe('secrets', () => {
  it('hashes a password with scrypt, verifies it, and refuses another', async () => {
    const stored = await hashPassword('correct horse battery', { logN: 10 });
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    // Salted: the same password hashes differently.
    expect(await hashPassword('correct horse battery', { logN: 10 })).not.toBe(stored);
  });

  it('makes prefixed 256-bit tokens and stores only their hash', () => {
    const t = newToken('mfs');
    expect(t).toMatch(/^mfs_[\w-]{43}$/);
    expect(sha256(t)).not.toContain(t.slice(4));
    expect(sha256(t)).toBe(sha256(t));
  });

  it('asks for a long password that is neither common nor the email', () => {
    expect(passwordProblems('court', 'camille@x.fr')).toEqual(['too_short']);
    expect(passwordProblems('azertyuiop', 'camille@x.fr')).toEqual(['too_short', 'too_common']);
    expect(passwordProblems('camille-2026-atelier', 'camille@x.fr')).toEqual(['contains_email']);
    expect(passwordProblems('aaaaaaaaaaaaaaaa', 'c@x.fr')).toEqual(['repetitive']);
    expect(passwordProblems('la scie sauteuse chante', 'camille@x.fr')).toEqual([]);
  });
});
