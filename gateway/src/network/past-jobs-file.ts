/**
 * The jobs a network machine's runner accounted for (see `machines/past-jobs.ts`), kept in a small
 * JSON file in the gateway's data folder. Written whole to a temporary file then renamed, so a
 * power cut leaves the old file or the new one, never half of one. A missing or unreadable file
 * is a first start.
 * @module
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PastJobsState } from '../machines/past-jobs.js';

export function loadPastJobs(file: string): PastJobsState | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<PastJobsState>;
    if (typeof data.watermark !== 'number' || !Array.isArray(data.seen)) return undefined;
    return { watermark: data.watermark, seen: data.seen };
  } catch {
    return undefined;
  }
}

export function savePastJobs(file: string, state: PastJobsState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}
