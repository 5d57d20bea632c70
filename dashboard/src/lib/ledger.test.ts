import { describe, expect, it } from 'vitest';
import { accountingCsvUrl, monthRange, targetOf } from './ledger.js';

describe('monthRange', () => {
  it('runs from the month’s first local midnight to the next month’s', () => {
    expect(monthRange('2026-11', 'Europe/Paris')).toEqual({
      from: '2026-11-01T00:00:00+01:00',
      to: '2026-12-01T00:00:00+01:00',
    });
  });

  it('crosses the year, and the change to summer time', () => {
    expect(monthRange('2026-12', 'Europe/Paris').to).toBe('2027-01-01T00:00:00+01:00');
    expect(monthRange('2026-03', 'Europe/Paris')).toEqual({
      from: '2026-03-01T00:00:00+01:00',
      to: '2026-04-01T00:00:00+02:00',
    });
  });

  it('names what is not a month', () => {
    expect(() => monthRange('novembre', 'Europe/Paris')).toThrow(/not a month/);
  });
});

describe('accountingCsvUrl', () => {
  it('asks the lines as CSV for the period and the site', () => {
    const url = new URL(
      accountingCsvUrl({
        from: '2026-11-01T00:00:00+01:00',
        to: '2026-12-01T00:00:00+01:00',
        site: 'atelier-demo',
      }),
      'http://x',
    );
    expect(url.pathname).toBe('/api/accounting/lines');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'csv',
      from: '2026-11-01T00:00:00+01:00',
      to: '2026-12-01T00:00:00+01:00',
      site: 'atelier-demo',
    });
  });
});

describe('accountingCsvUrl in a language', () => {
  it('says the dashboard’s language, so the download is written in it', () => {
    const url = new URL(
      accountingCsvUrl({ from: 'a', to: 'b', site: null, lang: 'en' }),
      'http://x',
    );
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.has('site')).toBe(false);
  });
});

describe('targetOf', () => {
  it('splits a target into its kind and id, the id keeping any colon', () => {
    expect(targetOf('member:nadia-benali')).toEqual({ kind: 'member', id: 'nadia-benali' });
    expect(targetOf('account:a:b')).toEqual({ kind: 'account', id: 'a:b' });
    expect(targetOf('settings')).toEqual({ kind: '', id: 'settings' });
  });
});
