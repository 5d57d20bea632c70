/**
 * The after-use check (issue 16): a machine whose rules ask for one ("nettoyer le plateau")
 * awaits it once a use at it ends — the latest grant given at the machine has run out (or was
 * released) and nobody has confirmed the check for it. Until then nobody starts the machine; the
 * person of that grant or a manager confirms it. Pure: the store gives the grants and which of
 * them are confirmed.
 * @module
 */
import type { AccessGrant } from './access.js';

/** What a machine's rules ask to check after use, or null (absent or blank: none). */
export const checkRequired = (rules: { readonly afterUseCheck?: string | undefined }) =>
  rules.afterUseCheck?.trim() ? rules.afterUseCheck.trim() : null;

/**
 * The grant whose check the machine awaits now, or null: the latest grant at the machine when it
 * has ended and is not confirmed. A grant still running means the machine is in use, not waiting;
 * an older unconfirmed grant followed by a newer one was let go by whoever allowed the newer.
 * @example awaitedCheck(grants, new Set(), now) // { id: 'g1', member: 'lucas', until: … }
 */
export function awaitedCheck<G extends AccessGrant & { readonly id: string }>(
  grants: readonly G[],
  confirmed: ReadonlySet<string>,
  now: number,
): G | null {
  let latest: G | null = null;
  for (const g of grants)
    if (g.grantedAt <= now && (!latest || g.grantedAt > latest.grantedAt)) latest = g;
  if (!latest || latest.until > now || confirmed.has(latest.id)) return null;
  return latest;
}
