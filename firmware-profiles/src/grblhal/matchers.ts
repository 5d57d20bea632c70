/**
 * grblHAL's own reading of a status report, tried before GRBL's: the same report with the `T:`
 * field read as the tool number (other firmwares of the dialect may send `T:` with another meaning,
 * so the shared parser keeps it raw). Source: https://github.com/grblHAL/core/blob/master/report.c
 * (`report_realtime_status`), https://github.com/grblHAL/core/wiki/Report-extensions
 * @module
 */
import type { LineMatcher } from '../match.js';
import { parseStatus, type GrblEvent } from '../grbl/matchers.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// …|T:<tool>   sent in the report after the tool changed (`sys.report.tool`); `A:` gets a `T` while
// a change is pending. Format from the source, no public capture of it found:
// https://github.com/grblHAL/core/blob/master/report.c (report_realtime_status)
export const grblhalStatusMatcher: LineMatcher<GrblEvent> = (raw) => {
  if (!raw.startsWith('<') || !raw.endsWith('>') || !raw.includes('|')) return null;
  const report = parseStatus(raw, raw.slice(1, -1));
  const tool = report?.extras?.T;
  if (!report || tool === undefined || !/^\d{1,9}$/.test(tool)) return report;
  const { T: _t, ...others } = report.extras ?? {};
  const { extras: _e, ...rest } = report;
  const read: Mutable<typeof report> = { ...rest, tool: Number(tool) };
  if (Object.keys(others).length > 0) read.extras = others;
  return read;
};

export const GRBLHAL_MATCHERS: readonly LineMatcher<GrblEvent>[] = [grblhalStatusMatcher];
