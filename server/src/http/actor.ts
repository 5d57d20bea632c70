/**
 * Who is asking. Until accounts land (issue #6), the caller states it in two headers —
 * `X-Manufacto-Actor` (a member id) and `X-Manufacto-Role` — which is only fit for a workshop
 * network you trust: the auth layer will set the same `actor` from a session or an API token.
 * @module
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app.js';
import { ApiError } from './errors.js';
import type { Role } from './openapi.js';

export interface Actor {
  readonly id: string;
  readonly role: Role;
}

const ROLES: readonly Role[] = ['artisan', 'manager', 'funder', 'admin'];

export function actor(c: Context<AppEnv>): Actor {
  const role = c.req.header('x-manufacto-role');
  return {
    id: c.req.header('x-manufacto-actor') ?? 'anonymous',
    role: ROLES.includes(role as Role) ? (role as Role) : 'artisan',
  };
}

export const isManager = (a: Actor) => a.role === 'manager' || a.role === 'admin';

/** Throws 403 unless a manager asks (or nobody states who: see the module note). */
export function requireManager(c: Context<AppEnv>, what: string): void {
  const a = actor(c);
  if (a.id !== 'anonymous' && !isManager(a)) throw new ApiError('forbidden', `only a manager may ${what}`);
}
