/**
 * A machine's maintenance log (issue 14):
 * - GET /machines/{id}/maintenance-notes — newest first. The managers of the machine's site (an
 *   admin anywhere) and the artisans of that site read it: a member about to print wants to know
 *   the nozzle was changed yesterday, and the notes name only the staff who wrote them.
 * - POST /machines/{id}/maintenance-notes — a manager of the machine's site writes one.
 * Another site's machine is unknown: 404, as for no such machine (`machine-site.ts`).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor } from '../actor.js';
import type { RouteDeps } from '../env.js';
import type { MaintenanceNote } from '../../store/maintenance-notes.js';
import {
  errorResponses,
  Id,
  iso,
  json,
  jsonBody,
  roles,
  router,
  stripControls,
} from '../openapi.js';
import { machineOnMySite } from './machine-site.js';

/** Longest note, in characters: a paragraph, not a manual. */
export const NOTE_MAX = 2000;

export const MaintenanceNoteSchema = z
  .object({
    id: z.string(),
    machine: z.string(),
    author: z.object({
      account: z.string(),
      name: z.string().nullable().openapi({ description: 'Null once the account is erased' }),
    }),
    text: z.string(),
    usageHours: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi('MaintenanceNote');

const NewNote = z.object({
  // Each line stripped of control characters, the line breaks kept: a note may list steps.
  text: z
    .string()
    .overwrite((s) => s.split('\n').map(stripControls).join('\n').trim())
    .min(1)
    .max(NOTE_MAX),
  usageHours: z
    .number()
    .min(0)
    .max(1_000_000)
    .nullable()
    .optional()
    .openapi({ description: 'The machine’s hours of use at the time, if known' }),
});

/** The machine's site, whether it is declared for booking or only reports. */
const shown = (n: MaintenanceNote) => ({
  id: n.id,
  machine: n.machine,
  author: n.author,
  text: n.text,
  usageHours: n.usageHours,
  createdAt: iso(n.createdAt),
});

const params = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

export const machineMaintenanceNotes = (
  deps: RouteDeps<'ingest', 'machines' | 'maintenanceNotes' | 'clock'>,
) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/maintenance-notes',
        summary: 'The machine’s maintenance log, newest first (its site’s managers and artisans)',
        tags: ['machines'],
        ...roles('artisan', 'manager'),
        request: { params },
        responses: {
          200: json(z.object({ notes: z.array(MaintenanceNoteSchema) }), 'Notes, newest first'),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await machineOnMySite(c, deps, id, { seen: true });
        const notes = await deps.services.maintenanceNotes.list(id);
        return c.json({ notes: notes.map(shown) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/maintenance-notes',
        summary: 'Write a note in the machine’s maintenance log (a manager of its site)',
        tags: ['machines'],
        ...roles('manager'),
        request: {
          params,
          body: jsonBody(NewNote, { text: 'Buse de 0,4 mm changée', usageHours: 1240 }),
        },
        responses: {
          201: json(z.object({ note: MaintenanceNoteSchema }), 'The note, as listed'),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        // The role gate lets managers and admins only; another site's machine is a 404.
        const site = await machineOnMySite(c, deps, id, { seen: true });
        const { services } = deps;
        // A manager is always an account (actor.account is null only for nobody).
        const account = actor(c).account!;
        const noteId = await services.maintenanceNotes.add({
          site,
          machine: id,
          author: account,
          text: body.text,
          usageHours: body.usageHours ?? null,
          createdAt: services.clock(),
        });
        const note = (await services.maintenanceNotes.list(id)).find((n) => n.id === noteId)!;
        return c.json({ note: shown(note) }, 201);
      },
    );
