/**
 * The dashboard's pages: path, who may open it, its entry in the navigation (and the group of the
 * navigation it sits in), and the chunk it is loaded from. The navigation shows the pages of the
 * role logged in; a group of two or more of them becomes a menu (router/nav-entries.ts).
 * @module
 */
import type { ComponentType } from 'preact';
import type { MessageKey } from '../i18n/index.js';
import type { Role } from '../models/session.js';
import { lazy, matchPath } from './index.js';
import type { NavGroup } from './nav-entries.js';

export interface PageRoute {
  readonly path: string;
  readonly page: ComponentType;
  /** Who may open it; null: anyone, logged in or not. */
  readonly roles: readonly Role[] | null;
  /** Its label in the navigation; none: reached by a link (login, invitation, reset). */
  readonly nav?: MessageKey;
  /** The navigation menu it is listed in (by what a manager does); none: a direct link. */
  readonly group?: NavGroup;
}

function Loading() {
  return <p class="screen" role="status" />;
}

const page = (load: () => Promise<ComponentType>) => lazy(load, Loading);

export const ROUTES: readonly PageRoute[] = [
  {
    path: '/',
    nav: 'nav.wall',
    group: 'workshop',
    roles: null,
    page: page(() => import('../pages/machine-wall/index.js').then((m) => m.MachineWall)),
  },
  {
    path: '/machines/:id',
    roles: null,
    page: page(() => import('../pages/machine/index.js').then((m) => m.MachinePage)),
  },
  {
    path: '/reserver',
    nav: 'nav.book',
    roles: ['artisan'],
    page: page(() => import('../pages/booking/index.js').then((m) => m.BookingPage)),
  },
  {
    path: '/mes-reservations',
    nav: 'nav.mine',
    roles: ['artisan'],
    page: page(() => import('../pages/my-reservations/index.js').then((m) => m.MyReservationsPage)),
  },
  {
    path: '/atelier',
    nav: 'nav.board',
    group: 'workshop',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/board/index.js').then((m) => m.BoardPage)),
  },
  {
    path: '/formations',
    nav: 'nav.trainings',
    group: 'community',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/trainings/index.js').then((m) => m.TrainingsPage)),
  },
  {
    path: '/membres',
    nav: 'nav.members',
    group: 'community',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/members/index.js').then((m) => m.MembersPage)),
  },
  {
    path: '/equipements',
    nav: 'nav.equipment',
    group: 'workshop',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/equipment/index.js').then((m) => m.EquipmentPage)),
  },
  {
    path: '/tours',
    nav: 'nav.rounds',
    group: 'reservations',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/rounds/index.js').then((m) => m.RoundsPage)),
  },
  {
    path: '/comptabilite',
    nav: 'nav.accounting',
    group: 'management',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/accounting/index.js').then((m) => m.AccountingPage)),
  },
  {
    path: '/journal',
    nav: 'nav.audit',
    group: 'management',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/audit/index.js').then((m) => m.AuditPage)),
  },
  {
    path: '/bilan',
    nav: 'nav.report',
    group: 'management',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/report/index.js').then((m) => m.ReportPage)),
  },
  {
    path: '/utilisation',
    nav: 'nav.utilisation',
    group: 'management',
    roles: ['manager', 'admin'],
    page: page(() => import('../pages/utilisation/index.js').then((m) => m.UtilisationPage)),
  },
  {
    path: '/mon-profil',
    nav: 'nav.profile',
    roles: ['artisan'],
    page: page(() => import('../pages/profile/index.js').then((m) => m.ProfilePage)),
  },
  {
    path: '/mon-compte',
    nav: 'nav.myAccount',
    group: 'account',
    roles: ['artisan', 'manager', 'funder', 'admin'],
    page: page(() => import('../pages/account/index.js').then((m) => m.AccountPage)),
  },
  {
    path: '/rapport',
    nav: 'nav.funder',
    group: 'management',
    roles: ['funder', 'manager', 'admin'],
    page: page(() => import('../pages/funder/index.js').then((m) => m.FunderPage)),
  },
  {
    path: '/connexion',
    roles: null,
    page: page(() => import('../pages/login/index.js').then((m) => m.LoginPage)),
  },
  {
    path: '/invitation',
    roles: null,
    page: page(() => import('../pages/invitation/index.js').then((m) => m.InvitationPage)),
  },
  {
    path: '/mot-de-passe',
    roles: null,
    page: page(() => import('../pages/password/index.js').then((m) => m.PasswordPage)),
  },
];

/** Where a role lands after logging in. */
export const HOME: Readonly<Record<Role, string>> = {
  artisan: '/reserver',
  manager: '/atelier',
  admin: '/atelier',
  funder: '/rapport',
};

export function findRoute(path: string): PageRoute | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((route) =>
    route.path.includes(':') ? matchPath(route.path, clean) !== null : route.path === clean,
  );
}
