import { describe, expect, it } from 'vitest';
import {
  accessOf,
  bearerExample,
  formatTokenDate,
  scopesOf,
  tokenRows,
  webcalUrl,
} from './api-tokens.js';

const token = (id: string, createdAt: string, revoked = false) => ({
  id,
  name: id,
  scopes: ['read'],
  createdAt,
  lastUsedAt: null,
  revoked,
});

describe('my API tokens', () => {
  it('lists the live ones newest first, then the revoked ones', () => {
    const rows = tokenRows([
      token('old', '2026-10-01T08:00:00.000Z'),
      token('gone', '2026-12-01T08:00:00.000Z', true),
      token('new', '2026-11-15T08:00:00.000Z'),
      token('gone-before', '2026-09-01T08:00:00.000Z', true),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['new', 'old', 'gone', 'gone-before']);
  });

  it('asks read for a read-only token and read with write for one that writes', () => {
    expect(scopesOf('read')).toEqual(['read']);
    expect(scopesOf('write')).toEqual(['read', 'write']);
    expect(accessOf(['read'])).toBe('read');
    expect(accessOf(['read', 'write'])).toBe('write');
    expect(accessOf([])).toBe('read');
  });

  it('shows how a script sends it, on the server’s own address', () => {
    expect(bearerExample('https://atelier.example/', 'mft_abc')).toBe(
      'curl -H "Authorization: Bearer mft_abc" https://atelier.example/api/auth/me',
    );
  });

  it('says when it was made in the person’s language and the workshop’s time', () => {
    const at = '2026-12-02T13:05:00.000Z';
    expect(formatTokenDate(at, 'fr', 'Europe/Paris')).toBe('2 déc. 2026, 14:05');
    expect(formatTokenDate(at, 'en', 'Europe/Paris')).toBe('2 Dec 2026, 14:05');
  });
});

describe('the calendar feed', () => {
  it('is subscribed to through webcal:, from http or https', () => {
    expect(webcalUrl('https://a.example/api/calendar/members/x.ics?token=t')).toBe(
      'webcal://a.example/api/calendar/members/x.ics?token=t',
    );
    expect(webcalUrl('http://127.0.0.1:4000/x.ics')).toBe('webcal://127.0.0.1:4000/x.ics');
  });
});
