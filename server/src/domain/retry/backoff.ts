/**
 * The one backoff of the server's retries: the mailer's report mailings, the network sender's
 * outbox, the InfluxDB writer's spool and the login rate limit all wait `first`, then twice as
 * long after each further failure, up to `max`. Each keeps only its failure count (the mailer in
 * the store, so a restart keeps its pace; the others in memory). Pure.
 * @module
 */

/**
 * The wait after the `failures`-th failure in a row (1 for the first): `first`, doubling, capped.
 * @example backoff(3, 1000, 60_000) // 4000
 */
export function backoff(failures: number, first: number, max: number): number {
  return Math.min(first * 2 ** Math.max(0, failures - 1), max);
}
