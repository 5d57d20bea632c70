/**
 * The language of the person asking, from `Accept-Language`: French unless English comes first.
 * @module
 */
import type { Context } from 'hono';
import type { Lang } from '../domain/booking/refusals.js';

export function lang(c: Context): Lang {
  const header = c.req.header('accept-language') ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'fr';
}
