/**
 * What a booking asks and what it gets: the booking service's words, shared by its parts.
 * @module
 */
import type { BookableMachine, MachineKind, Reservation } from '../../domain/booking/model.js';
import type { Refusal } from '../../domain/booking/refusals.js';
import type { FreedSlot } from '../../domain/booking/waitlist.js';

export interface BookRequest {
  readonly member: string;
  /** A machine, or a kind ("any laser") on one of `sites`. */
  readonly machine?: string | undefined;
  readonly kind?: MachineKind | undefined;
  /** …or a machine group ("any Prusa MK4"), looked for on `sites` like a kind. */
  readonly group?: string | undefined;
  /** Several machines of the kind or group at once, for the same slot (default 1). */
  readonly units?: number | undefined;
  /**
   * Where "any laser" looks: the member's sites the caller may book on (the route decides);
   * a machine given by id is not looked for elsewhere. Undefined: every site.
   */
  readonly sites?: readonly string[] | undefined;
  /** One site: the same as `sites: [site]`. */
  readonly site?: string | undefined;
  readonly start: number;
  readonly end: number;
  readonly note?: string | undefined;
  /** Check only: answer what would happen, write nothing. */
  readonly dryRun?: boolean | undefined;
  /** Who asks (for the record), and whether as a manager (approval not needed, deadlines lifted). */
  readonly by: string;
  readonly byManager?: boolean | undefined;
  /** Recorded in the audit log in the booking's own transaction (`reservation.create`). */
  readonly audit?: { readonly actor: string; readonly role: string } | undefined;
  /**
   * The caller's site rules, judged first in the booking's transaction from what it reads anyway:
   * given the member's sites and the machine asked for (undefined: unknown or none asked), it
   * returns where "any laser" looks (in place of `sites`), or throws to refuse.
   */
  readonly placed?:
    | ((memberSites: readonly string[], machine: BookableMachine | undefined) => readonly string[])
    | undefined;
}

export type BookingOutcome =
  | {
      readonly ok: true;
      readonly reservation: Reservation;
      /** Every unit of a booking of several units (the first is `reservation`). */
      readonly reservations?: readonly Reservation[] | undefined;
    }
  | { readonly ok: false; readonly refusals: Refusal[] };

export class NotFoundError extends Error {
  constructor(
    readonly what: 'reservation' | 'machine' | 'site',
    id: string,
  ) {
    super(`no ${what} "${id}"`);
    this.name = 'NotFoundError';
  }
}

export type OnFreed = (slot: FreedSlot) => Promise<unknown>;
