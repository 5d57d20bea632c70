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

/**
 * `$$=<n>` (setting details, report.c `report_settings_detail`, human-readable form): a heading,
 * one line per bit or choice, then the setting's description in sentences. grblHAL core #360:
 *
 *     $14: Invert control pins as bitfield:
 *         1 - Feed hold (2)
 *     Inverts the control signals (active low).
 *
 * The heading and the bit lines have a shape; the description is prose, taken as such only when
 * it reads like a sentence and carries none of the protocol's marks (`<`, `[`, `|`, `:` after a word).
 */
const settingHelpMatcher: LineMatcher<GrblEvent> = (raw) => {
  if (/^\$\d{1,4}: \S/.test(raw)) return { kind: 'noise', raw, topic: 'setting-help' };
  if (/^\d{1,2} - .+$/.test(raw)) return { kind: 'noise', raw, topic: 'setting-help' };
  const prose = /^[A-Z][A-Za-z0-9 ,.'()%/+-]*[.)]$/.test(raw) || /^NOTE: [^<>[\]|]+$/.test(raw);
  return prose && raw.split(' ').length >= 2 ? { kind: 'noise', raw, topic: 'setting-help' } : null;
};

export const GRBLHAL_MATCHERS: readonly LineMatcher<GrblEvent>[] = [
  grblhalStatusMatcher,
  settingHelpMatcher,
];
