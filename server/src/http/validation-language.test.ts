/**
 * Validation errors speak the caller's language: zod's own words in French by default (the
 * people are French), in English for `Accept-Language: en`; our own messages are kept as written.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';

const bad = { member: 'camille-roux', machine: 42, start: 'demain', end: '2026-12-02T12:00:00+01:00' };

describe('validation errors', () => {
  it('are in French by default, saying what was received', async () => {
    const { call } = await testApp();
    const res = await call('POST', '/api/reservations', bad, AS.artisan('camille-roux'));
    expect(res.status).toBe(400);
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain('machine: Entrée invalide : chaîne de caractères attendu, nombre reçu');
    expect(message).not.toMatch(/Invalid input|indéfini reçu/);
  });

  it('are in English when the caller prefers it', async () => {
    const { call } = await testApp();
    const res = await call('POST', '/api/reservations', bad, { ...AS.artisan('camille-roux'), 'accept-language': 'en-GB,en;q=0.9' });
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain('machine: Invalid input: expected string, received number');
  });
});
