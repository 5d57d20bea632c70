/**
 * The wall's full-screen mode for a TV in the workshop: `/?plein-ecran` (set a kiosk up once by
 * its address) — large type, no navigation, everything live. `?tv` is understood too.
 * @module
 */
import type { Place } from './index.js';

export const TV_PARAM = 'plein-ecran';

export function isTvMode(place: Place): boolean {
  return place.path === '/' && (place.query.has(TV_PARAM) || place.query.has('tv'));
}

/** The address of the same page with the mode on or off, the rest of the query kept. */
export function withTvMode(search: string, on: boolean): string {
  const query = new URLSearchParams(search);
  query.delete('tv');
  if (on) query.set(TV_PARAM, '');
  else query.delete(TV_PARAM);
  // `?plein-ecran=` reads better without its `=`.
  const text = query.toString().replace(/(^|&)plein-ecran=(?=&|$)/, '$1plein-ecran');
  return text ? `?${text}` : '';
}
