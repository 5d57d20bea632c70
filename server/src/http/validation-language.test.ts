/**
 * Validation errors speak the caller's language: zod's own words in French by default (the
 * people are French), in English for `Accept-Language: en`; our own messages are kept as written.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';

const bad = {
  member: 'camille-roux',
  machine: 42,
  start: 'demain',
  end: '2026-12-02T12:00:00+01:00',
};

describe('validation errors', () => {
  it('are in French by default, saying what was received', async () => {
    const { call } = await testApp();
    const res = await call('POST', '/api/reservations', bad, AS.artisan('camille-roux'));
    expect(res.status).toBe(400);
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain(
      'machine: Entrée invalide : chaîne de caractères attendu, nombre reçu',
    );
    expect(message).not.toMatch(/Invalid input|indéfini reçu/);
  });

  it('are in English when the caller prefers it', async () => {
    const { call } = await testApp();
    const res = await call('POST', '/api/reservations', bad, {
      ...AS.artisan('camille-roux'),
      'accept-language': 'en-GB,en;q=0.9',
    });
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain('machine: Invalid input: expected string, received number');
  });
});

describe('our own validation messages', () => {
  it('are all in the French table', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { RULE_WORDS_FR } = await import('./rule-words.js');
    const dir = new URL('.', import.meta.url).pathname;
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const messages = new Set<string>();
    // `{ message: '…' }` options, the short forms `.refine(check, '…')` and `.regex(pattern, '…')`,
    // and a refinement whose function body closes on `}, '…')`.
    const forms = [
      /message: '([^']+)'/g,
      /refine\(\w+, '([^']+)'\)/g,
      /\}, '([^']+)'\)/g,
      /regex\(\/.*?\/[a-z]*, '([^']+)'\)/g,
      /regex\([A-Z_]+, '([^']+)'\)/g,
    ];
    for (const f of files) {
      const source = readFileSync(join(dir, f), 'utf8');
      for (const form of forms) for (const m of source.matchAll(form)) messages.add(m[1]!);
    }
    expect(messages.size).toBeGreaterThan(10);
    expect([...messages].filter((m) => !(m in RULE_WORDS_FR))).toEqual([]);
  });

  it('come in French by default and as written in English', async () => {
    const { call } = await testApp();
    const body = {
      member: 'camille-roux',
      machine: 'laser-co2',
      start: '2026-12-02T12:00:00+01:00',
      end: '2026-12-02T10:00:00+01:00',
    };
    const fr = (await (
      await call('POST', '/api/reservations', body, AS.artisan('camille-roux'))
    ).json()) as { message: string };
    expect(fr.message).toBe('end: la fin doit suivre le début');
    const en = (await (
      await call('POST', '/api/reservations', body, {
        ...AS.artisan('camille-roux'),
        'accept-language': 'en',
      })
    ).json()) as { message: string };
    expect(en.message).toBe('end: end must be after start');
  });
});
