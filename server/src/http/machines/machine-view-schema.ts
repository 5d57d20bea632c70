/**
 * The OpenAPI schema of a machine's live view (`GET /api/machines`, the live feed's `machine`
 * event), field for field the contract's `MachineView`: the type check at the end fails to
 * compile when one of them gains or loses a field the other has not.
 * @module
 */
import { z } from '@hono/zod-openapi';
import {
  MACHINE_KINDS,
  MACHINE_STATES,
  type MachineView,
  STATE_DETAILS,
} from '@manufacto/firmware-profiles/contract';

const instant = (description: string) =>
  z.string().openapi({ format: 'date-time', description: `${description}, ISO 8601` });

export const MachineViewSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    name: z.string(),
    kind: z.enum(MACHINE_KINDS),
    profile: z.string(),
    firmware: z.string().nullable(),
    state: z.enum(MACHINE_STATES),
    detail: z.enum(STATE_DETAILS).nullable(),
    reason: z.string().nullable(),
    reasonCode: z
      .string()
      .nullable()
      .openapi({ description: 'The reason as a stable code, when the gateway gave one' }),
    since: instant('When the machine entered its state'),
    metrics: z
      .record(z.string(), z.number())
      .openapi({ description: 'Latest reading of each metric (see the telemetry contract)' }),
    job: z
      .object({ id: z.string(), name: z.string().nullable(), startedAt: instant('Its start') })
      .nullable()
      .openapi({ description: 'The job under way, if any' }),
    awaitingCheck: z
      .object({
        what: z.string().openapi({ description: 'What to check, in the site’s words' }),
        since: instant('When the use that awaits it ended'),
      })
      .nullable()
      .openapi({
        description:
          'The after-use check awaited before anyone starts the machine, or null; names nobody',
      }),
    gateway: z.string().nullable(),
    gatewayOnline: z.boolean(),
    updatedAt: instant('Last message about this machine'),
  })
  .openapi('MachineView', {
    description: 'The live view of a machine (the telemetry contract’s MachineView).',
  });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys<T> = keyof T & string;
/** The schema and the contract have the same fields of the same types. */
export const SCHEMA_IN_STEP: Same<z.infer<typeof MachineViewSchema>, MachineView> &
  Same<Keys<z.infer<typeof MachineViewSchema>>, Keys<MachineView>> = true;
