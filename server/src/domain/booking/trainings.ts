/**
 * Whether a member may use a machine that needs a training: granted, not expired, and not
 * lapsed for lack of practice (a holder who has not used such a machine for N months must be
 * refreshed, as Fab-manager does).
 * @module
 */
import type { Training, TrainingGrant } from './model.js';
import type { Refusal } from './refusals.js';

export function addMonths(instant: number, months: number): number {
  const d = new Date(instant);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 January + 1 month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

export type TrainingState =
  | { readonly valid: true; readonly expiresAt: number | null }
  | { readonly valid: false; readonly refusal: Refusal };

/**
 * @param lastUse end of the member's last usage session on a machine needing this training
 *   (null: never used since it was granted).
 * @param slotEnd the end of the slot to book: the training must hold until then.
 */
export function trainingState(
  training: Training,
  grant: TrainingGrant | undefined,
  lastUse: number | null,
  now: number,
  slotEnd: number = now,
): TrainingState {
  if (!grant)
    return {
      valid: false,
      refusal: { code: 'no_qualification', qualification: training.name },
    };
  const expiresAt =
    training.validityMonths === null ? null : addMonths(grant.grantedAt, training.validityMonths);
  if (expiresAt !== null && expiresAt < slotEnd) {
    return {
      valid: false,
      refusal: {
        code: 'qualification_expired',
        qualification: training.name,
        expiredOn: new Date(expiresAt).toISOString().slice(0, 10),
      },
    };
  }
  if (training.lapseAfterMonths !== null) {
    const practisedAt = Math.max(grant.grantedAt, lastUse ?? 0);
    if (addMonths(practisedAt, training.lapseAfterMonths) < now) {
      return {
        valid: false,
        refusal: {
          code: 'qualification_lapsed',
          qualification: training.name,
          months: training.lapseAfterMonths,
        },
      };
    }
  }
  return { valid: true, expiresAt };
}
