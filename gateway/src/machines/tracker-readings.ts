/**
 * When the tracker sends readings: only when they moved beyond their deadband, or at the
 * heartbeat, and never more often than the minimum interval (a change held back goes with the
 * first reading after it). Pure, like the tracker.
 * @module
 */
import type { Metrics } from '@manufacto/firmware-profiles/contract';
import type { TrackerOptions } from './tracker-model.js';

/** Smallest change worth a message, per metric family (a reading that wobbles is not news). */
function deadband(key: string): number {
  if (key.endsWith('_c')) return 0.5;
  if (key.endsWith('_pct')) return 1;
  if (key.endsWith('_mm')) return 0.1;
  if (key.endsWith('_s')) return 10;
  if (key.endsWith('_w')) return 5;
  return 0;
}

function changedMetrics(previous: Metrics, next: Metrics): boolean {
  for (const [key, value] of Object.entries(next)) {
    const before = previous[key];
    if (before === undefined) return true;
    const band = deadband(key);
    if (band === 0 ? before !== value : Math.abs(before - value) >= band) return true;
  }
  return false;
}

export interface SentReadings {
  readonly metrics: Metrics;
  readonly at: number;
}

/**
 * The readings to send now (`metrics` with the link's error count), or undefined when the last
 * ones sent still stand.
 */
export function readingsToSend(
  sent: SentReadings,
  readings: Metrics,
  linkErrors: number,
  now: number,
  options: TrackerOptions,
): Metrics | undefined {
  const metrics = linkErrors > 0 ? { ...readings, link_errors_total: linkErrors } : readings;
  const hasMetrics = Object.keys(metrics).length > 0;
  // A tenth of slack: a reading polled once a second that comes 999 ms after the last one is due.
  const due = now - sent.at >= 0.9 * (options.telemetryMinIntervalMs ?? 0);
  return hasMetrics &&
    due &&
    (changedMetrics(sent.metrics, metrics) || now - sent.at >= options.heartbeatMs)
    ? metrics
    : undefined;
}
