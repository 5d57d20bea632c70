/**
 * A usage session: one job on one machine, as measured. What allocation, billing and funders'
 * reports read. Built from the gateway's `job_finished` event; the gateway and its job id make it
 * idempotent.
 * @module
 */
import type { JobFinishedMessage, JobOutcome } from '@manufacto/firmware-profiles/contract';

export interface UsageSession {
  readonly id: string;
  readonly site: string;
  readonly machine: string;
  readonly gateway: string;
  readonly name: string | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: JobOutcome;
  readonly reason: string | null;
  readonly wallSeconds: number;
  readonly activeSeconds: number;
  readonly beamSeconds: number | null;
  readonly spindleSeconds: number | null;
  readonly energyWh: number | null;
  /** Filament (or other material) used, in grams, when the machine or the slicer says it. */
  readonly materialGrams?: number | null | undefined;
}

/**
 * A usage session's id: the gateway's job id under the gateway's own id. A job id is only unique
 * within one gateway (`{machine}-{startedAt}`), so another gateway, maybe of another site, sending
 * the same job id makes its own session instead of rewriting this one.
 */
export function usageSessionId(gateway: string, jobId: string): string {
  return `${gateway}:${jobId}`;
}

export function usageSessionFromJob(
  site: string,
  machine: string,
  message: JobFinishedMessage,
): UsageSession {
  const job = message.job;
  return {
    id: usageSessionId(message.gateway, job.id),
    site,
    machine,
    gateway: message.gateway,
    name: job.name ?? null,
    startedAt: job.startedAt,
    endedAt: job.endedAt,
    outcome: job.outcome,
    reason: job.reason ?? null,
    wallSeconds: job.wallSeconds,
    // Active time cannot exceed the wall time, whatever a confused firmware made the gateway count.
    activeSeconds: Math.min(job.activeSeconds, job.wallSeconds),
    beamSeconds: job.beamSeconds ?? null,
    spindleSeconds: job.spindleSeconds ?? null,
    energyWh: job.energyWh ?? null,
    materialGrams: job.materialGrams ?? null,
  };
}
