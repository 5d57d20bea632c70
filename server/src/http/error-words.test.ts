/**
 * The handlers' error messages speak the caller's language: French by default, English as
 * written for `Accept-Language: en`; every message given to an error in `src` has its French form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';
import { ERROR_WORDS_FR } from './error-words.js';
import { errorText } from './errors.js';

/** `${…}` of a template literal and `{name}` of a form both read as `{}`. */
const shape = (text: string) => text.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '{}');
const formShape = (form: string) => form.replace(/\{\w+\}/g, '{}');

describe('errorText', () => {
  it('puts a message in French through its form, values kept', () => {
    expect(errorText('no member "camille-roux"', 'fr')).toBe('aucun membre « camille-roux »');
    expect(errorText('you manage site "lyon", not "paris"', 'fr')).toBe(
      'vous gérez le site « lyon », pas « paris »',
    );
  });

  it('puts the words inside a message in French too, but not ids', () => {
    expect(errorText('only a manager may grant a training', 'fr')).toBe(
      'seul un responsable peut attribuer une formation',
    );
    expect(errorText('no reservation "r-9"', 'fr')).toBe('aucune réservation « r-9 »');
    expect(errorText('no reservation "open"', 'fr')).toBe('aucune réservation « open »');
    expect(errorText('waitlist entry "w1" is expired', 'fr')).toBe(
      'l’inscription en liste d’attente « w1 » est expirée',
    );
  });

  it('leaves English as written, and a message with no form as it is', () => {
    expect(errorText('no member "x"', 'en')).toBe('no member "x"');
    expect(errorText('Adresse ou mot de passe incorrect.', 'fr')).toBe(
      'Adresse ou mot de passe incorrect.',
    );
  });
});

describe('every error message of the server', () => {
  it('has its French form', () => {
    const root = new URL('..', import.meta.url).pathname;
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) =>
        /^(http|services|auth|store)\//.test(f) && f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const literal = String.raw`('(?:[^'\\]|\\.)*'|\`(?:[^\`\\]|\\.)*\`)`;
    const calls = [
      // new ApiError('not_found', `no member "${id}"`), and the services' errors it passes on
      new RegExp(
        String.raw`new (?:ApiError|RoundError|AuthError|NetworkRefusal)\(\s*[^,()]+,\s*${literal}`,
        'g',
      ),
      // the phrases given to the ownership helpers of http/actor.ts
      new RegExp(String.raw`requireManager\(\s*c,\s*${literal}`, 'g'),
      new RegExp(
        String.raw`(?:memberFor|memberScope|ownedOr404)\([^;]*?,\s*${literal}\s*,?\s*\)`,
        'g',
      ),
      // Error subclasses that build their message in their constructor
      new RegExp(String.raw`super\(${literal}\)`, 'g'),
    ];
    const messages = new Set<string>();
    for (const f of files) {
      const source = readFileSync(join(root, f), 'utf8');
      for (const call of calls)
        for (const m of source.matchAll(call)) messages.add(shape(m[1]!.slice(1, -1)));
    }
    const known = new Set(Object.keys(ERROR_WORDS_FR).map(formShape));
    expect(messages.size).toBeGreaterThan(40);
    expect([...messages].filter((m) => !known.has(m))).toEqual([]);
  });
});

describe('error answers', () => {
  it('are in French by default and in English when asked', async () => {
    const { call } = await testApp();
    const fr = await call('GET', '/api/nowhere', undefined, AS.manager);
    expect(fr.status).toBe(404);
    expect(((await fr.json()) as { message: string }).message).toBe(
      'aucune route d’API GET /api/nowhere',
    );
    const en = await call('GET', '/api/nowhere', undefined, {
      ...AS.manager,
      'accept-language': 'en',
    });
    expect(((await en.json()) as { message: string }).message).toBe(
      'no API route GET /api/nowhere',
    );
  });

  it('name what a manager alone may do in French', async () => {
    const { call } = await testApp();
    const res = await call('GET', '/api/members', undefined, AS.artisan('camille-roux'));
    expect(res.status).toBe(403);
    const { code, message } = (await res.json()) as { code: string; message: string };
    expect(code).toBe('forbidden');
    expect(message).toMatch(/^(seul un responsable peut lister les membres|ceci est réservé)/);
  });
});
