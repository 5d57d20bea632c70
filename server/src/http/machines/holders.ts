/**
 * GET /api/machines/holders?site= — for each machine, the slot under way and the next one (within
 * a week), and who holds them as far as the caller may know (`domain/booking/slot-holders.ts`): anyone
 * sees busy time, as `/availability` shows it; a member sees "you" on their own slots; a manager
 * of the machine's site (an admin anywhere) sees the member's name. Role `wall`, like the list of
 * machines the wall shows these beside.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { HOLDING_STATUSES } from '../../domain/booking/model.js';
import { slotHolders, type Viewer } from '../../domain/booking/slot-holders.js';
import { actor, isManager, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { errorResponses, Id, iso, json, roles, router } from '../openapi.js';

/** How far ahead the next slot is looked for. */
const AHEAD_MS = 7 * 86_400_000;

const HolderSchema = z.discriminatedUnion('who', [
  z.object({ who: z.literal('you') }),
  z.object({ who: z.literal('member'), name: z.string() }),
  z.object({ who: z.literal('someone') }),
]);
const SlotSchema = z.object({
  reservation: z
    .string()
    .nullable()
    .openapi({ description: 'Its id, for whoever may see who holds it' }),
  start: z.string(),
  end: z.string(),
  status: z.string(),
  holder: HolderSchema,
});
export const SlotHoldersSchema = z
  .object({
    machine: z.string(),
    current: SlotSchema.nullable(),
    next: SlotSchema.nullable(),
  })
  .openapi('SlotHolders');

export const machineHolders = (
  deps: RouteDeps<'ingest', 'clock' | 'machines' | 'reservations' | 'members'>,
) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/holders',
      summary: 'Who holds each machine’s current and next slot (names as the caller may see them)',
      tags: ['machines'],
      ...roles('wall'),
      request: {
        query: z.object({
          site: Id.optional().openapi({ description: 'One site’s machines (default: every one)' }),
        }),
      },
      responses: {
        200: json(z.object({ now: z.string(), holders: z.array(SlotHoldersSchema) }), 'Holders'),
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { site } = c.req.valid('query');
      const { services, ingest } = deps;
      const now = services.clock();
      const a = actor(c);
      // The machines the wall shows: those that report, and those declared for booking.
      const ids = new Set<string>();
      for (const view of ingest.views())
        if (site === undefined || view.site === site) ids.add(view.id);
      for (const m of await services.machines.list({ site })) ids.add(m.id);
      const machines = [...ids].sort();
      const reservations = await services.reservations.list({
        machines,
        statuses: HOLDING_STATUSES,
        from: now,
        to: now + AHEAD_MS,
      });
      const viewer: Viewer = {
        member: a.role === 'artisan' ? a.id : null,
        readsNamesOn: (s) => isManager(a) && onSite(a, s),
      };
      const named = reservations.some((r) => viewer.readsNamesOn(r.site));
      const names = new Map<string, string>();
      if (named)
        for (const member of new Set(reservations.map((r) => r.member))) {
          const m = await services.members.get(member);
          if (m) names.set(member, m.name);
        }
      const out = (slot: ReturnType<typeof slotHolders>[number]['current']) =>
        slot && { ...slot, start: iso(slot.start), end: iso(slot.end) };
      return c.json(
        {
          now: iso(now),
          holders: slotHolders(machines, reservations, now, viewer, names).map((h) => ({
            machine: h.machine,
            current: out(h.current),
            next: out(h.next),
          })),
        },
        200,
      );
    },
  );
