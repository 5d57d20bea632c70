/**
 * GRBL 1.1 line matchers, in order: each a small pure function from one line to an event or null.
 * Protocol: https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md
 * grblHAL and FluidNC speak the same dialect with extra fields; they reuse these matchers.
 * @module
 */
import { matchLine, type LineMatcher } from '../match.js';
import type { UnknownLine } from '../profile.js';

export type Axes = readonly number[];

export interface StatusReport {
  readonly kind: 'status';
  readonly raw: string;
  readonly state: string;
  readonly substate?: number;
  readonly mpos?: Axes;
  readonly wpos?: Axes;
  readonly wco?: Axes;
  /** Feed rate (mm/min) and spindle speed, from `FS:` or `F:`. */
  readonly feed?: number;
  readonly spindle?: number;
  readonly buffer?: { readonly blocks: number; readonly bytes: number };
  readonly line?: number;
  /** Overrides in %: feed, rapids, spindle. */
  readonly overrides?: { readonly feed: number; readonly rapid: number; readonly spindle: number };
  /** Accessory letters: S (spindle CW), C (CCW), F (flood), M (mist). Present only when one is on. */
  readonly accessories?: string;
  readonly pins?: string;
  /** FluidNC / grblHAL SD streaming: percent done and file. */
  readonly sd?: { readonly percent: number; readonly file: string };
  /** Fields we do not interpret, kept raw (grblHAL `H:`, `MPG:`, `Sc:`…). */
  readonly extras?: Readonly<Record<string, string>>;
}

export type GrblEvent =
  | { readonly kind: 'ok'; readonly raw: string }
  | { readonly kind: 'error'; readonly raw: string; readonly code: number | null; readonly text?: string }
  | { readonly kind: 'alarm'; readonly raw: string; readonly code: number }
  | { readonly kind: 'banner'; readonly raw: string; readonly firmware: string; readonly version: string; readonly variant: 'grbl' | 'grblhal' | 'fluidnc' }
  | StatusReport
  | { readonly kind: 'message'; readonly raw: string; readonly text: string }
  | { readonly kind: 'gcode-state'; readonly raw: string; readonly modes: readonly string[] }
  | { readonly kind: 'version'; readonly raw: string; readonly version: string; readonly info: string }
  | { readonly kind: 'options'; readonly raw: string; readonly codes: string; readonly blocks?: number; readonly bytes?: number }
  | { readonly kind: 'feedback'; readonly raw: string; readonly tag: string; readonly value: string }
  | { readonly kind: 'setting'; readonly raw: string; readonly id: number; readonly value: string }
  | { readonly kind: 'startup'; readonly raw: string; readonly line: string; readonly ok: boolean }
  /** Smoothieware's halt (`… - reset or M999 required`, `!!`): stopped until reset. */
  | { readonly kind: 'halt'; readonly raw: string; readonly text: string }
  /** A firmware's self-description (Smoothieware's `version` answer). */
  | { readonly kind: 'build'; readonly raw: string; readonly version: string; readonly fields: Readonly<Record<string, string>> };

type Matcher = LineMatcher<GrblEvent>;

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};
const axes = (s: string): Axes | undefined => {
  const values = s.split(',').map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : undefined;
};

// <Idle|MPos:0.000,0.000,0.000|FS:0,0|WCO:0.000,0.000,0.000>
// <Hold:0|MPos:12.500,3.000,-1.000|Bf:15,128|FS:0,0|Ov:100,100,100|A:S>
// https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#real-time-status-reports
export function parseStatus(raw: string, body: string): StatusReport | null {
  const fields = body.split('|');
  const head = fields.shift() ?? '';
  const [state, sub] = head.split(':');
  if (!state || !/^[A-Z][a-z]+$/.test(state)) return null;
  const report: { -readonly [K in keyof StatusReport]: StatusReport[K] } = { kind: 'status', raw, state };
  const substate = num(sub);
  if (substate !== undefined) report.substate = substate;
  const extras: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    const key = colon < 0 ? field : field.slice(0, colon);
    const value = colon < 0 ? '' : field.slice(colon + 1);
    switch (key) {
      case 'MPos': {
        const a = axes(value);
        if (a) report.mpos = a;
        break;
      }
      case 'WPos': {
        const a = axes(value);
        if (a) report.wpos = a;
        break;
      }
      case 'WCO': {
        const a = axes(value);
        if (a) report.wco = a;
        break;
      }
      case 'FS': {
        const [f, s] = value.split(',');
        const feed = num(f);
        const spindle = num(s);
        if (feed !== undefined) report.feed = feed;
        if (spindle !== undefined) report.spindle = spindle;
        break;
      }
      case 'F': {
        // GRBL: F:500. Smoothieware: F:4000.0,100.0 (feed, then its override).
        const feed = num(value.split(',')[0]);
        if (feed !== undefined) report.feed = feed;
        break;
      }
      case 'Bf': {
        const [b, c] = value.split(',').map(Number);
        if (Number.isFinite(b) && Number.isFinite(c)) report.buffer = { blocks: b as number, bytes: c as number };
        break;
      }
      case 'Ln': {
        const line = num(value);
        if (line !== undefined) report.line = line;
        break;
      }
      case 'Ov': {
        const [f, r, s] = value.split(',').map(Number);
        if ([f, r, s].every((v) => Number.isFinite(v))) report.overrides = { feed: f as number, rapid: r as number, spindle: s as number };
        break;
      }
      case 'A':
        report.accessories = value;
        break;
      case 'Pn':
        report.pins = value;
        break;
      case 'SD': {
        // FluidNC: SD:4.25,/sd/job.nc
        const comma = value.indexOf(',');
        const percent = num(comma < 0 ? value : value.slice(0, comma));
        if (percent !== undefined) report.sd = { percent, file: comma < 0 ? '' : value.slice(comma + 1) };
        break;
      }
      default:
        if (key) extras[key] = value;
    }
  }
  if (Object.keys(extras).length > 0) report.extras = extras;
  return report;
}

export const GRBL_MATCHERS: readonly Matcher[] = [
  // ok
  (raw) => (raw === 'ok' ? { kind: 'ok', raw } : null),
  // <Run|MPos:10.000,5.000,0.000|FS:1200,800>
  (raw) => (raw.startsWith('<') && raw.endsWith('>') ? parseStatus(raw, raw.slice(1, -1)) : null),
  // error:22   (v1.1)   error: Invalid gcode ID:24   (v0.9 text form)
  (raw) => {
    const m = /^error:\s*(\d+)$/.exec(raw);
    if (m) return { kind: 'error', raw, code: Number(m[1]) };
    const text = /^error:\s*(.+)$/.exec(raw);
    return text ? { kind: 'error', raw, code: null, text: text[1] as string } : null;
  },
  // ALARM:1
  (raw) => {
    const m = /^ALARM:\s*(\d+)/.exec(raw);
    return m ? { kind: 'alarm', raw, code: Number(m[1]) } : null;
  },
  // Grbl 1.1h ['$' for help]
  // GrblHAL 1.1f ['$' or '$HELP' for help]
  // Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]
  (raw) => {
    const fluid = /^Grbl\s+(\S+)\s+\[FluidNC\s+v?(\S+)/.exec(raw);
    if (fluid) return { kind: 'banner', raw, firmware: `FluidNC ${fluid[2]}`, version: fluid[2] as string, variant: 'fluidnc' };
    const hal = /^GrblHAL\s+(\S+)/i.exec(raw);
    if (hal) return { kind: 'banner', raw, firmware: `grblHAL ${hal[1]}`, version: hal[1] as string, variant: 'grblhal' };
    const grbl = /^Grbl\s+(\d\S*)\s+\[/.exec(raw);
    return grbl ? { kind: 'banner', raw, firmware: `Grbl ${grbl[1]}`, version: grbl[1] as string, variant: 'grbl' } : null;
  },
  // [MSG:Reset to continue]   [MSG:INFO: Connecting to STA SSID:x]
  (raw) => {
    const m = /^\[MSG:\s*(.*)\]$/.exec(raw);
    return m ? { kind: 'message', raw, text: m[1] as string } : null;
  },
  // [GC:G0 G54 G17 G21 G90 G94 M5 M9 T0 F0 S0]
  (raw) => {
    const m = /^\[GC:(.*)\]$/.exec(raw);
    return m ? { kind: 'gcode-state', raw, modes: (m[1] as string).split(/\s+/).filter(Boolean) } : null;
  },
  // [VER:1.1h.20190830:]
  (raw) => {
    const m = /^\[VER:([^:\]]*):?(.*)\]$/.exec(raw);
    return m ? { kind: 'version', raw, version: m[1] as string, info: m[2] as string } : null;
  },
  // [OPT:VL,15,128]
  (raw) => {
    const m = /^\[OPT:([^,\]]*)(?:,(\d+),(\d+))?.*\]$/.exec(raw);
    if (!m) return null;
    const blocks = num(m[2]);
    const bytes = num(m[3]);
    return { kind: 'options', raw, codes: m[1] as string, ...(blocks !== undefined ? { blocks } : {}), ...(bytes !== undefined ? { bytes } : {}) };
  },
  // [G54:0.000,0.000,0.000]  [PRB:0.000,0.000,1.492:1]  [HLP:$$ $# $G …]  [echo:G1X0]  grblHAL [FIRMWARE:grblHAL]
  (raw) => {
    const m = /^\[([A-Za-z0-9.]+):(.*)\]$/.exec(raw);
    return m ? { kind: 'feedback', raw, tag: m[1] as string, value: m[2] as string } : null;
  },
  // $32=1   (settings dump, answer to $$)
  (raw) => {
    const m = /^\$(\d+)=(\S*)/.exec(raw);
    return m ? { kind: 'setting', raw, id: Number(m[1]), value: m[2] as string } : null;
  },
  // >G54G20:ok   (startup line executed)
  (raw) => {
    const m = /^>(.*):(ok|error:\d+)$/.exec(raw);
    return m ? { kind: 'startup', raw, line: m[1] as string, ok: m[2] === 'ok' } : null;
  },
];

/** The first matcher's event, or `unknown`. Never throws. */
export function parseGrblLine(line: string): GrblEvent | UnknownLine {
  return matchLine(GRBL_MATCHERS, line);
}
