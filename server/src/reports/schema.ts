/** The report's JSON shape, as the OpenAPI document describes it, the dashboard reads it and the network checks a member's aggregate against it (so it lives outside http/). */
import { z } from '@hono/zod-openapi';

const TextSchema = z.object({ fr: z.string(), en: z.string() });
const Unit = z.enum(['hours', 'count', 'people', 'percent', 'kwh', 'text']);
const Value = z.union([z.number(), z.string(), z.null()]);

const PeriodSchema = z.object({
  kind: z.enum(['month', 'quarter', 'year', 'custom']),
  label: z.string().openapi({ example: '2026-Q4' }),
  firstDay: z.string().openapi({ example: '2026-10-01' }),
  lastDay: z.string().openapi({ example: '2026-12-31' }),
  from: z.string().openapi({ description: 'The first instant, ISO 8601.' }),
  to: z.string().openapi({ description: 'The instant just after the period, ISO 8601.' }),
});

const RowSchema = z.object({
  key: z.string(),
  label: TextSchema,
  values: z.record(z.string(), Value),
  suppressed: z
    .array(z.string())
    .openapi({ description: 'Columns suppressed (statistical secrecy).' }),
  drill: z
    .record(z.string(), z.string())
    .optional()
    .openapi({ description: 'Managers: the query of GET /api/reports/sessions behind this row.' }),
});

export const ReportSchema = z
  .object({
    audience: z.enum(['manager', 'funder']),
    threshold: z.number().int(),
    sites: z.array(z.object({ id: z.string(), name: z.string() })),
    timezone: z.string(),
    period: PeriodSchema,
    previous: PeriodSchema,
    figures: z.array(
      z.object({
        key: z.string(),
        label: TextSchema,
        unit: Unit,
        value: z.number().nullable(),
        previous: z.number().nullable(),
        change: z.number().nullable(),
        suppressed: z.boolean(),
        previousSuppressed: z.boolean(),
        definition: TextSchema,
        drill: z.record(z.string(), z.string()).optional(),
      }),
    ),
    tables: z.array(
      z.object({
        key: z.string(),
        title: TextSchema,
        definition: TextSchema,
        columns: z.array(z.object({ key: z.string(), label: TextSchema, unit: Unit })),
        rows: z.array(RowSchema),
        total: RowSchema.optional(),
      }),
    ),
    notes: z.array(TextSchema),
  })
  .openapi('Report');

export const DrilledSessionSchema = z
  .object({
    id: z.string(),
    machine: z.string(),
    member: z.string().nullable(),
    memberName: z.string().nullable(),
    reservation: z.string().nullable(),
    job: z.string().nullable(),
    outcome: z.string().nullable(),
    start: z.string(),
    end: z.string(),
    share: z.number().openapi({ description: 'Share of the session inside the period, 0–1.' }),
    wallHours: z.number(),
    activeHours: z.number(),
  })
  .openapi('ReportSession');
