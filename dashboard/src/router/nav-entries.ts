/**
 * What the navigation shows a role, pure: its pages in the order of the routes, those of one
 * group gathered into a menu at the place of the group's first page. A group of one page (an
 * artisan's wall, a funder's report) stays a direct link: a menu of one is a click for nothing.
 * The `account` group is not a menu: its pages go beside who is logged in.
 * @module
 */
import type { MessageKey } from '../i18n/index.js';
import type { Role } from '../models/session.js';

/** The navigation's groups, by what a manager does; `account`: my own account's pages. */
export type NavGroup = 'workshop' | 'community' | 'reservations' | 'management' | 'account';

export const NAV_GROUP_LABEL: Readonly<Record<Exclude<NavGroup, 'account'>, MessageKey>> = {
  workshop: 'nav.group.workshop',
  community: 'nav.group.community',
  reservations: 'nav.group.reservations',
  management: 'nav.group.management',
};

export interface NavPage {
  readonly path: string;
  readonly nav?: MessageKey;
  readonly group?: NavGroup;
  readonly roles: readonly Role[] | null;
}

export type NavEntry<P extends NavPage> =
  | { readonly kind: 'link'; readonly page: P }
  | {
      readonly kind: 'menu';
      readonly group: Exclude<NavGroup, 'account'>;
      readonly pages: readonly P[];
    };

export interface RoleNav<P extends NavPage> {
  readonly main: readonly NavEntry<P>[];
  /** The pages of the `account` group, shown beside the name of who is logged in. */
  readonly account: readonly P[];
}

const opens = (page: NavPage, role: Role | null) =>
  page.nav !== undefined && (page.roles === null || (role !== null && page.roles.includes(role)));

/** The navigation of `role` (null: nobody logged in) over the routes, in their order. */
export function navEntries<P extends NavPage>(routes: readonly P[], role: Role | null): RoleNav<P> {
  const pages = routes.filter((page) => opens(page, role));
  const byGroup = new Map<NavGroup, P[]>();
  for (const page of pages)
    if (page.group) byGroup.set(page.group, [...(byGroup.get(page.group) ?? []), page]);
  const main: NavEntry<P>[] = [];
  const placed = new Set<NavGroup>();
  for (const page of pages) {
    const group = page.group;
    if (group === 'account') continue;
    const members = group ? (byGroup.get(group) ?? []) : [];
    if (group === undefined || members.length < 2) main.push({ kind: 'link', page });
    else if (!placed.has(group)) {
      placed.add(group);
      main.push({ kind: 'menu', group, pages: members });
    }
  }
  return { main, account: byGroup.get('account') ?? [] };
}

/** True when `path` is one of the menu's pages (its button shows it, as a link shows `aria-current`). */
export const holdsPath = (pages: readonly NavPage[], path: string) =>
  pages.some((page) => page.path === path);
