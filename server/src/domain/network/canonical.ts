/**
 * The canonical serialisation a network aggregate's signature covers: JSON with the keys of
 * every object sorted, no spaces, numbers as JavaScript writes them (RFC 8785's rules for the
 * values a report holds). The same data always gives the same bytes, whatever order the sender's
 * objects were built in, so the network verifies what it parsed, not the bytes it received.
 * @module
 */

/** Throws on what JSON cannot carry faithfully (undefined, NaN, functions). */
export function canonical(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  throw new TypeError(`cannot serialise a ${typeof value}`);
}
