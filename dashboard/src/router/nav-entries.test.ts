import { describe, expect, it } from 'vitest';
import type { Role } from '../models/session.js';
import { holdsPath, navEntries, type NavEntry, type NavPage } from './nav-entries.js';
import { ROUTES } from './routes.js';

/** The navigation as words: a link is its path, a menu is `group[path, path]`. */
const shape = (entries: readonly NavEntry<NavPage>[]) =>
  entries.map((e) =>
    e.kind === 'link' ? e.page.path : `${e.group}[${e.pages.map((p) => p.path).join(', ')}]`,
  );

const pages: NavPage[] = [
  { path: '/', nav: 'nav.wall', group: 'workshop', roles: null },
  { path: '/reserver', nav: 'nav.book', roles: ['artisan'] },
  { path: '/atelier', nav: 'nav.board', group: 'workshop', roles: ['manager'] },
  { path: '/membres', nav: 'nav.members', group: 'community', roles: ['manager'] },
  { path: '/machines/:id', roles: null },
  { path: '/tours', nav: 'nav.rounds', group: 'reservations', roles: ['manager'] },
  { path: '/equipements', nav: 'nav.equipment', group: 'workshop', roles: ['manager'] },
  { path: '/formations', nav: 'nav.trainings', group: 'community', roles: ['manager'] },
  { path: '/mon-compte', nav: 'nav.profile', group: 'account', roles: ['artisan', 'manager'] },
];

describe('the navigation of a role', () => {
  it('gathers a group of two pages or more into one menu, at the place of its first page', () => {
    const nav = navEntries(pages, 'manager');
    expect(shape(nav.main)).toEqual([
      'workshop[/, /atelier, /equipements]',
      'community[/membres, /formations]',
      '/tours',
    ]);
  });

  it('keeps direct links where a role sees one page of a group (an artisan’s wall)', () => {
    expect(shape(navEntries(pages, 'artisan').main)).toEqual(['/', '/reserver']);
    expect(shape(navEntries(pages, null).main)).toEqual(['/']);
  });

  it('puts the account’s pages apart, for whoever is logged in only', () => {
    expect(navEntries(pages, 'manager').account.map((p) => p.path)).toEqual(['/mon-compte']);
    expect(navEntries(pages, null).account).toEqual([]);
  });

  it('lists no page a role may not open, nor one without a label', () => {
    const all = (role: Role | null) =>
      navEntries(pages, role).main.flatMap((e) => (e.kind === 'link' ? [e.page] : e.pages));
    expect(all('funder').map((p) => p.path)).toEqual(['/']);
    expect(all('manager').some((p) => p.path === '/machines/:id')).toBe(false);
  });

  it('tells whether a menu holds the page open', () => {
    expect(holdsPath(pages, '/tours')).toBe(true);
    expect(holdsPath(pages, '/ailleurs')).toBe(false);
  });
});

describe('the dashboard’s own routes', () => {
  it('give a manager at most five entries, and an artisan direct links only', () => {
    expect(navEntries(ROUTES, 'manager').main.length).toBeLessThanOrEqual(5);
    expect(navEntries(ROUTES, 'artisan').main.every((e) => e.kind === 'link')).toBe(true);
    expect(navEntries(ROUTES, 'funder').main.every((e) => e.kind === 'link')).toBe(true);
  });
});
