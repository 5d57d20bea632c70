/**
 * Reservations booked together (several units at once: one batch id) shown as one entry in the
 * lists that show reservations. Pure.
 * @module
 */

/**
 * Reservations in order, those of one batch (several units booked at once) gathered where the
 * first of them stands: `[[a], [b1, b2], [c]]`.
 */
export function byBatch<T extends { readonly batch?: string | null }>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  const at = new Map<string, T[]>();
  for (const r of list) {
    const group = r.batch ? at.get(r.batch) : undefined;
    if (group) {
      group.push(r);
      continue;
    }
    const fresh = [r];
    if (r.batch) at.set(r.batch, fresh);
    out.push(fresh);
  }
  return out;
}
