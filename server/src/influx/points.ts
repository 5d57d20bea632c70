/**
 * What each contract message becomes in InfluxDB. Pure. Timestamps are the gateway's `ts` in
 * milliseconds, tags are the same on a replay, so writing a point twice overwrites it: idempotent.
 *
 * | measurement | tags | fields |
 * |---|---|---|
 * | `machine_state` | site, machine, kind, profile, gateway | state (string), state_code (int), detail, reason |
 * | `machine_metrics` | site, machine, kind, profile | one float per metric (`hotend_temp_c`…) |
 * | `machine_events` | site, machine, kind, profile, type | job_id, outcome, wall_s, active_s, beam_s, spindle_s, energy_wh, code, message, severity |
 * @module
 */
import { STATE_CODES, type DecodedMessage } from '@manufacto/firmware-profiles/contract';

export interface Point {
  readonly measurement: 'machine_state' | 'machine_metrics' | 'machine_events';
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, number | string | boolean>>;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

export interface MachineTags {
  readonly kind: string;
  readonly profile: string;
}

/**
 * The tags of a machine's points, one object while its site, kind and profile stay the same, so
 * the line protocol formats them once (it keeps their text by the object) and each telemetry
 * message allocates no tag set. Never changed once made: a change makes a new one.
 */
const machineTags = new Map<string, Readonly<Record<string, string>>>();

function tagsOf(site: string, machine: string, tags: MachineTags | undefined) {
  const known = machineTags.get(machine);
  if (known && known.site === site && known.kind === tags?.kind && known.profile === tags?.profile)
    return known;
  const made: Readonly<Record<string, string>> = tags
    ? { site, machine, kind: tags.kind, profile: tags.profile }
    : { site, machine };
  // Bounded: an unknown machine id costs a new entry.
  if (machineTags.size >= 10_000) machineTags.clear();
  machineTags.set(machine, made);
  return made;
}

export function pointsFor(decoded: DecodedMessage, machine: MachineTags | undefined): Point[] {
  if (decoded.kind === 'presence' || decoded.kind === 'command') return [];
  const tags = tagsOf(decoded.site, decoded.machine, machine);
  switch (decoded.kind) {
    case 'state': {
      const m = decoded.message;
      return [
        {
          measurement: 'machine_state',
          tags: { ...tags, kind: m.machine.kind, profile: m.machine.profile },
          fields: {
            state: m.state,
            state_code: STATE_CODES[m.state],
            ...(m.detail ? { detail: m.detail } : {}),
            ...(m.reason ? { reason: m.reason } : {}),
          },
          timestamp: m.ts,
        },
      ];
    }
    case 'telemetry':
      return [
        {
          measurement: 'machine_metrics',
          tags,
          // The decoded message is this point's alone (the machine view merges a copy of it).
          fields: decoded.message.metrics,
          timestamp: decoded.message.ts,
        },
      ];
    case 'event': {
      const m = decoded.message;
      const fields: Record<string, number | string> = {};
      if (m.type === 'alarm') {
        Object.assign(fields, { code: m.code, message: m.message, severity: m.severity });
      } else if (m.type === 'job_started') {
        fields.job_id = m.job.id;
        if (m.job.name) fields.job_name = m.job.name;
      } else {
        const j = m.job;
        Object.assign(fields, {
          job_id: j.id,
          outcome: j.outcome,
          wall_s: j.wallSeconds,
          active_s: j.activeSeconds,
        });
        if (j.name) fields.job_name = j.name;
        if (j.reason) fields.reason = j.reason;
        if (j.beamSeconds !== undefined) fields.beam_s = j.beamSeconds;
        if (j.spindleSeconds !== undefined) fields.spindle_s = j.spindleSeconds;
        if (j.energyWh !== undefined) fields.energy_wh = j.energyWh;
        if (j.materialGrams !== undefined) fields.material_g = j.materialGrams;
      }
      return [
        { measurement: 'machine_events', tags: { ...tags, type: m.type }, fields, timestamp: m.ts },
      ];
    }
  }
}
