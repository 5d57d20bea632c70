/** What the ingest counts, for `/metrics` and `/health`. */
export interface IngestCounters {
  received: number;
  accepted: number;
  duplicates: number;
  /** Rejected payloads by category (topic, size, json, schema). */
  rejected: Map<string, number>;
  usageSessions: number;
}

export const newCounters = (): IngestCounters => ({
  received: 0,
  accepted: 0,
  duplicates: 0,
  rejected: new Map(),
  usageSessions: 0,
});
