/** Reservation schemas of the API, and the mapping from the domain. */
import { z } from '@hono/zod-openapi';
import type { Reservation } from '../../domain/booking/model.js';
import { Id, Instant, iso } from '../openapi.js';

export const ReservationSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    machine: z.string(),
    member: z.string(),
    start: z.string().openapi({ example: '2026-12-02T09:00:00.000Z' }),
    end: z.string(),
    blocksUntil: z
      .string()
      .openapi({ description: 'End plus the machine’s buffer (cooling, cleaning).' }),
    status: z.enum([
      'pending_approval',
      'confirmed',
      'cancelled',
      'no_show',
      'completed',
      'rejected',
    ]),
    createdAt: z.string(),
    startableFrom: z.string().optional().openapi({
      description:
        'From when its holder may start it (“Démarrer mon créneau”, the code at the machine): the start less the no-show grace of its rules. In lists.',
    }),
    batch: z.string().nullable().openapi({
      description:
        'Units booked together (“3 of the Prusa MK4”) share this id; null for one machine.',
    }),
  })
  .openapi('Reservation');

export const toJson = (r: Reservation) => ({
  id: r.id,
  site: r.site,
  machine: r.machine,
  member: r.member,
  start: iso(r.start),
  end: iso(r.end),
  blocksUntil: iso(r.blocksUntil),
  status: r.status,
  createdAt: iso(r.createdAt),
  batch: r.batch ?? null,
});

export const MachineKindSchema = z.enum(['printer', 'laser', 'cnc', 'other']);

export const BookingBody = z
  .object({
    member: Id.openapi({ example: 'camille-roux' }),
    machine: Id.optional().openapi({
      description: 'The machine; or give `kind` (and `site`) for “any laser”.',
      example: 'laser-co2',
    }),
    kind: MachineKindSchema.optional(),
    group: Id.optional().openapi({
      description: 'A machine group of the site (“any Prusa MK4”), instead of machine or kind.',
      example: 'prusa-mk4',
    }),
    units: z.number().int().min(1).max(20).optional().openapi({
      description:
        'Several machines of the kind or group for the same slot (parts sent to three printers at once): all or none.',
    }),
    site: Id.optional(),
    start: Instant,
    end: Instant,
    note: z.string().max(500).optional(),
  })
  .refine((b) => [b.machine, b.kind, b.group].filter((x) => x !== undefined).length === 1, {
    message: 'give one of machine, kind or group',
    path: ['machine'],
  })
  .refine((b) => b.machine === undefined || (b.units ?? 1) === 1, {
    message: 'several units are booked by kind or group, not by machine',
    path: ['units'],
  })
  .refine((b) => Date.parse(b.start) < Date.parse(b.end), {
    message: 'end must be after start',
    path: ['end'],
  })
  .openapi('BookingRequest');

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
