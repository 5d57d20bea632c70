/**
 * GRBL line matchers, in order: each a small pure function from one line to an event or null.
 * Protocol: https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md
 * grblHAL, FluidNC and Smoothieware speak the same dialect with extra fields; their profiles put
 * their own matchers in front of these (see `createGrblProfile`).
 * @module
 */
import { matchLine, type LineMatcher } from '../match.js';
import type { UnknownLine } from '../profile.js';

export type Axes = readonly number[];

export interface StatusReport {
  readonly kind: 'status';
  readonly raw: string;
  readonly state: string;
  /** `Hold:0|1`, `Door:0…3` (and grblHAL's extra substates). */
  readonly substate?: number;
  readonly mpos?: Axes;
  readonly wpos?: Axes;
  /** Work coordinate offset: sent only every 10–30 reports or when it changes. */
  readonly wco?: Axes;
  /** Feed rate (mm/min) and spindle speed (or laser S), from `FS:` or `F:`. */
  readonly feed?: number;
  readonly spindle?: number;
  /** grblHAL's third `FS:` value: the spindle's measured speed, when it has an encoder. */
  readonly spindleActual?: number;
  readonly buffer?: { readonly blocks: number; readonly bytes: number };
  readonly line?: number;
  /** Overrides in %: feed, rapids, spindle. Sent only now and then, like `WCO:`. */
  readonly overrides?: { readonly feed: number; readonly rapid: number; readonly spindle: number };
  /** Smoothieware's `F:feed,override`: the feed override alone. */
  readonly feedOverride?: number;
  /** Accessory letters: S (spindle CW), C (CCW), F (flood), M (mist). Absent when all are off. */
  readonly accessories?: string;
  /** Input pins seen active: X Y Z limits, P probe, D door, H hold, R reset, S cycle start. */
  readonly pins?: string;
  /** FluidNC streaming from its SD card: percent done and file. */
  readonly sd?: { readonly percent: number; readonly file: string };
  /** grblHAL's `T:` field: the tool in the spindle, sent when it changes (set by `../grblhal`'s matcher). */
  readonly tool?: number;
  /** Fields we do not interpret, kept raw (grblHAL `H:`, `MPG:`, `Sc:`, Smoothieware `T:`…). */
  readonly extras?: Readonly<Record<string, string>>;
}

export type Variant = 'grbl' | 'grblhal' | 'fluidnc' | 'smoothieware';

export type GrblEvent =
  | { readonly kind: 'ok'; readonly raw: string }
  /** `error:N` (1.1) or `error: Text` (0.9 and Smoothieware): `code` null in the text form. */
  | {
      readonly kind: 'error';
      readonly raw: string;
      readonly code: number | null;
      readonly text?: string;
    }
  /** `ALARM:N` (1.1) or `ALARM: Text` (0.9): `code` null in the text form. */
  | {
      readonly kind: 'alarm';
      readonly raw: string;
      readonly code: number | null;
      readonly text?: string;
    }
  | {
      readonly kind: 'banner';
      readonly raw: string;
      readonly firmware: string;
      readonly version: string;
      readonly variant: Variant;
    }
  | StatusReport
  /** `[MSG:…]` (1.1) or a bare `[…]` feedback message (0.9: `[Reset to continue]`). */
  | { readonly kind: 'message'; readonly raw: string; readonly text: string }
  | { readonly kind: 'gcode-state'; readonly raw: string; readonly modes: readonly string[] }
  | {
      readonly kind: 'version';
      readonly raw: string;
      readonly version: string;
      readonly info: string;
    }
  | {
      readonly kind: 'options';
      readonly raw: string;
      readonly codes: string;
      readonly blocks?: number;
      readonly bytes?: number;
    }
  /** grblHAL `[NEWOPT:ENUMS,RT+,ES,…]`: capabilities by name. */
  | { readonly kind: 'new-options'; readonly raw: string; readonly options: readonly string[] }
  | { readonly kind: 'help'; readonly raw: string; readonly commands: readonly string[] }
  | {
      readonly kind: 'probe';
      readonly raw: string;
      readonly position: Axes;
      readonly success: boolean;
    }
  /** `$#` answers: `G54`…`G59`, `G28`, `G30`, `G92`, `TLO`. */
  | { readonly kind: 'offset'; readonly raw: string; readonly name: string; readonly values: Axes }
  | { readonly kind: 'echo'; readonly raw: string; readonly line: string }
  /** Any other `[TAG:value]` (grblHAL `[FIRMWARE:grblHAL]`, `[AXS:3:XYZ]`, `[BOARD:…]`…). */
  | {
      readonly kind: 'feedback';
      readonly raw: string;
      readonly tag: string;
      readonly value: string;
    }
  | { readonly kind: 'setting'; readonly raw: string; readonly id: number; readonly value: string }
  | { readonly kind: 'startup'; readonly raw: string; readonly line: string; readonly ok: boolean }
  /** Smoothieware's halt (`… - reset or M999 required`, `!!`): stopped until reset. */
  | { readonly kind: 'halt'; readonly raw: string; readonly text: string }
  /**
   * A vendor's own boot line before GRBL's banner (Ortur's `Ortur Laser Master 2 Ready!`), or its
   * firmware version (`OLF 137.`, Ortur Laser Firmware).
   */
  | {
      readonly kind: 'vendor';
      readonly raw: string;
      readonly vendor: string;
      readonly model?: string;
      readonly version?: string;
    }
  /** Help text a person asked for (grblHAL's `$$=<n>`, `$HELP`): known, says nothing of the machine. */
  | { readonly kind: 'noise'; readonly raw: string; readonly topic: string }
  /** A firmware's self-description (Smoothieware's `version` answer). */
  | {
      readonly kind: 'build';
      readonly raw: string;
      readonly version: string;
      readonly fields: Readonly<Record<string, string>>;
    };

type Matcher = LineMatcher<GrblEvent>;

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;
/** A decimal number, or undefined: no hex, no exponent, no blank — what GRBL prints and nothing else. */
export const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const t = s.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
};
/** `5.000,15.000,2.500` → [5, 15, 2.5]; undefined if any value is not a number. */
export const axes = (s: string): Axes | undefined => {
  const values = s.split(',').map(num);
  return values.length > 0 && values.length <= 9 && values.every((v) => v !== undefined)
    ? (values as number[])
    : undefined;
};

/** `min` to `max` comma-separated decimal numbers, or undefined. */
function numbers(s: string, min: number, max: number): number[] | undefined {
  const values = s.split(',').map(num);
  if (values.length < min || values.length > max || values.some((v) => v === undefined))
    return undefined;
  return values as number[];
}

/** Fields beyond this are ignored: a 10 kB line of `|` must not build a 10 kB object. */
const MAX_FIELDS = 32;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The body of a status report, fields separated by `|` (GRBL 1.1). */
export function parseStatus(raw: string, body: string): StatusReport | null {
  const fields = body.split('|', MAX_FIELDS + 1);
  const head = fields.shift() ?? '';
  const [state, sub, ...more] = head.split(':');
  if (!state || !/^[A-Z][a-z]{1,9}$/.test(state) || more.length > 0) return null;
  const report: Mutable<StatusReport> = { kind: 'status', raw, state };
  const substate = num(sub);
  if (substate !== undefined) report.substate = substate;
  else if (sub !== undefined) return null;
  const extras: Record<string, string> = {};
  // Every field is validated, and one malformed field drops the whole report: on a noisy link
  // `FS:400,0` arrives as `FS:4000` (a feed ten times too high), `MPos:1.0,2` loses an axis.
  for (const field of fields) {
    const colon = field.indexOf(':');
    const key = colon < 0 ? field : field.slice(0, colon);
    const value = colon < 0 ? '' : field.slice(colon + 1);
    switch (key) {
      case 'MPos':
      case 'WPos':
      case 'WCO': {
        const a = axes(value);
        if (!a || a.length < 2 || a.length > 6) return null;
        report[key === 'MPos' ? 'mpos' : key === 'WPos' ? 'wpos' : 'wco'] = a;
        break;
      }
      case 'FS': {
        // GRBL FS:500,8000 — grblHAL FS:500,8000,7985 (programmed, then measured rpm).
        const values = numbers(value, 2, 3);
        if (!values) return null;
        const [f, s, actual] = values;
        report.feed = f as number;
        report.spindle = s as number;
        if (actual !== undefined) report.spindleActual = actual;
        break;
      }
      case 'F': {
        // GRBL (no variable spindle): F:500. Smoothieware: F:4000.0,100.0 (feed, override %),
        // or while running F:current,requested,override.
        const values = numbers(value, 1, 3);
        if (!values) return null;
        report.feed = values[0] as number;
        if (values.length > 1) report.feedOverride = values[values.length - 1] as number;
        break;
      }
      case 'Bf': {
        const values = numbers(value, 2, 2);
        if (!values) return null;
        report.buffer = { blocks: values[0] as number, bytes: values[1] as number };
        break;
      }
      case 'Ln': {
        const values = numbers(value, 1, 1);
        if (!values) return null;
        report.line = values[0] as number;
        break;
      }
      case 'Ov': {
        const values = numbers(value, 3, 3);
        if (!values) return null;
        report.overrides = {
          feed: values[0] as number,
          rapid: values[1] as number,
          spindle: values[2] as number,
        };
        break;
      }
      case 'A':
        // grblHAL may send an empty `A:` when everything just went off.
        if (!/^[A-Z]*$/.test(value)) return null;
        report.accessories = value;
        break;
      case 'Pn':
        if (!/^[A-Za-z0-9]*$/.test(value)) return null;
        report.pins = value;
        break;
      case 'SD': {
        // FluidNC: SD:4.25,/sd/job.nc
        const comma = value.indexOf(',');
        const percent = num(comma < 0 ? value : value.slice(0, comma));
        if (percent === undefined || percent < 0 || percent > 100) return null;
        report.sd = { percent, file: comma < 0 ? '' : value.slice(comma + 1) };
        break;
      }
      default:
        if (!/^[A-Za-z][A-Za-z0-9]{0,15}$/.test(key)) return null;
        extras[key] = value;
    }
  }
  if (Object.keys(extras).length > 0) report.extras = extras;
  return report;
}

/**
 * GRBL 0.9 and older Smoothieware separate everything by commas:
 * `<Idle,MPos:5.529,0.560,7.000,WPos:1.529,-5.440,-0.000>`. A token with `Key:` starts a field,
 * bare numbers continue it; the result is read as a 1.1 report.
 */
export function parseCommaStatus(raw: string, body: string): StatusReport | null {
  const tokens = body.split(',', 64);
  const state = tokens.shift() ?? '';
  const fields: string[] = [];
  for (const token of tokens) {
    if (/^[A-Za-z]+:/.test(token)) fields.push(token);
    else if (fields.length > 0) fields[fields.length - 1] += `,${token}`;
    else return null;
  }
  return parseStatus(raw, [state, ...fields].join('|'));
}

/** Legacy (0.9) alarm names that map to one 1.1 code; the others keep their text. */
const LEGACY_ALARMS: Readonly<Record<string, number>> = {
  'Hard limit': 1,
  'Soft limit': 2,
  'Abort during cycle': 3,
};

const PRINTABLE_PREFIX = /^[^\x20-\x7e]+/;

export const GRBL_MATCHERS: readonly Matcher[] = [
  // ok
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#grbl-response-messages
  (raw) => (raw === 'ok' ? { kind: 'ok', raw } : null),

  // <Run|MPos:5.000,15.000,2.500|Bf:15,128|Ln:99999|FS:500,8000|Ov:100,100,100|A:SFM|Pn:XZ>
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#real-time-status-reports
  (raw) =>
    raw.startsWith('<') && raw.endsWith('>') && raw.includes('|')
      ? parseStatus(raw, raw.slice(1, -1))
      : null,

  // <Idle|MPos:0.000,0.000,0.000|FS:0,0>   (a report with no field at all: <Idle>)
  // <Idle,MPos:0.000,0.000,0.000,WPos:-4.000,1.000,3.000>   (0.9, see https://github.com/gnea/grbl/issues/635)
  (raw) =>
    raw.startsWith('<') && raw.endsWith('>') ? parseCommaStatus(raw, raw.slice(1, -1)) : null,

  // error:22   (1.1)   error: Unsupported command   (0.9, https://github.com/grbl/grbl/issues/1466)
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#grbl-response-messages
  (raw) => {
    const m = /^error:\s*(\d+)$/.exec(raw);
    if (m) return { kind: 'error', raw, code: Number(m[1]) };
    const text = /^error:\s*(.+)$/.exec(raw);
    return text ? { kind: 'error', raw, code: null, text: text[1] as string } : null;
  },

  // ALARM:1   (1.1)   ALARM: Hard limit   (0.9, https://github.com/grbl/grbl/issues/1466)
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#alarm-messages
  (raw) => {
    const m = /^ALARM:\s*(\d+)$/.exec(raw);
    if (m) return { kind: 'alarm', raw, code: Number(m[1]) };
    const text = /^ALARM:\s*(.+)$/.exec(raw);
    if (!text) return null;
    const legacy = LEGACY_ALARMS[(text[1] as string).trim()];
    return { kind: 'alarm', raw, code: legacy ?? null, text: (text[1] as string).trim() };
  },

  // Grbl 1.1h ['$' for help]                           https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#welcome-message
  // GrblHAL 1.1f ['$' or '$HELP' for help]             https://github.com/grblHAL/core/wiki
  // Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]    https://github.com/bdring/FluidNC/wiki
  // After a reset the line may start with the garbage bytes of the reboot: they are skipped.
  (raw) => {
    const line = raw.replace(PRINTABLE_PREFIX, '');
    const fluid = /^Grbl\s+(\S+)\s+\[FluidNC\s+v?([^\s\]]+)/.exec(line);
    if (fluid)
      return {
        kind: 'banner',
        raw,
        firmware: `FluidNC ${fluid[2]}`,
        version: fluid[2] as string,
        variant: 'fluidnc',
      };
    // grblHAL can be set to greet as "Grbl", but keeps its own help hint: '$' or '$HELP'.
    const hal =
      /^GrblHAL\s+(\S+)\s+\[/i.exec(line) ?? /^Grbl\s+(\S+)\s+\['\$' or '\$HELP'/.exec(line);
    if (hal)
      return {
        kind: 'banner',
        raw,
        firmware: `grblHAL ${hal[1]}`,
        version: hal[1] as string,
        variant: 'grblhal',
      };
    const grbl = /^Grbl\s+(\d[^\s[]*)\s*\[/.exec(line);
    return grbl
      ? {
          kind: 'banner',
          raw,
          firmware: `Grbl ${grbl[1]}`,
          version: grbl[1] as string,
          variant: 'grbl',
        }
      : null;
  },

  // Ortur Laser Master 2 Ready!   OLF 137.   (before `Grbl 1.1f ['$' for help]`, LaserWeb4 issue #612)
  (raw) => {
    const m = /^Ortur\s+(.+?)\s+Ready!?$/.exec(raw);
    if (m) return { kind: 'vendor', raw, vendor: 'Ortur', model: m[1] as string };
    const olf = /^OLF\s+(\d+(?:\.\d+)*)\.?$/.exec(raw);
    return olf ? { kind: 'vendor', raw, vendor: 'Ortur', version: `OLF ${olf[1]}` } : null;
  },

  // [MSG:Reset to continue]   [MSG:INFO: Connecting to STA SSID:x]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages
  (raw) => {
    const m = /^\[MSG:\s*(.*)\]$/.exec(raw);
    return m ? { kind: 'message', raw, text: m[1] as string } : null;
  },

  // [GC:G0 G54 G17 G21 G90 G94 M5 M9 T0 F0 S0]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages ($G)
  (raw) => {
    const m = /^\[GC:(.*)\]$/.exec(raw);
    return m
      ? { kind: 'gcode-state', raw, modes: (m[1] as string).split(/\s+/).filter(Boolean) }
      : null;
  },

  // [VER:1.1h.20190830:]   [VER:3.7 FluidNC v3.7.8:]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages ($I)
  // VER:3.6 FluidNC v3.6.5-pre4:]   (its first byte lost: the line right after the port opens,
  // https://github.com/svenhb/GRBL-Plotter/issues/328); likewise a line cut before its `]`.
  (raw) => {
    const m =
      /^\[VER:([^:\]]*):?(.*)\]$/.exec(raw) ?? /^\[?VER:([^:\]]+)(?::([^\]]*))?\]?$/.exec(raw);
    return m ? { kind: 'version', raw, version: m[1] as string, info: m[2] ?? '' } : null;
  },

  // [OPT:VL,15,128]   grblHAL [OPT:VNMSL,35,1024,3,0]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages ($I)
  (raw) => {
    const m = /^\[OPT:([^,\]]*)(?:,(\d+),(\d+))?[^\]]*\]$/.exec(raw);
    if (!m) return null;
    const blocks = num(m[2]);
    const bytes = num(m[3]);
    return {
      kind: 'options',
      raw,
      codes: m[1] as string,
      ...(blocks !== undefined ? { blocks } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    };
  },

  // [NEWOPT:ENUMS,RT+,ES,REBOOT,SED,RTC,WIFI,FS,SD]
  // https://github.com/grblHAL/core/wiki/Report-extensions
  (raw) => {
    const m = /^\[NEWOPT:(.*)\]$/.exec(raw);
    return m
      ? { kind: 'new-options', raw, options: (m[1] as string).split(',').filter(Boolean) }
      : null;
  },

  // [HLP:$$ $# $G $I $N $x=val $Nx=line $J=line $SLP $C $X $H ~ ! ? ctrl-x]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages ($)
  (raw) => {
    const m = /^\[HLP:(.*)\]$/.exec(raw);
    return m
      ? { kind: 'help', raw, commands: (m[1] as string).split(/\s+/).filter(Boolean) }
      : null;
  },

  // [PRB:0.000,0.000,1.492:1]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages ($# and after G38.x)
  (raw) => {
    const m = /^\[PRB:([^:\]]*):([01])\]$/.exec(raw);
    const position = m ? axes(m[1] as string) : undefined;
    return m && position ? { kind: 'probe', raw, position, success: m[2] === '1' } : null;
  },

  // [G54:4.000,0.000,0.000]   [G92:0.000,0.000,0.000]   [TLO:0.000]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages ($#)
  (raw) => {
    const m = /^\[(G5[4-9](?:\.\d)?|G28|G30|G92|TLO):([^\]]*)\]$/.exec(raw);
    const values = m ? axes(m[2] as string) : undefined;
    return m && values ? { kind: 'offset', raw, name: m[1] as string, values } : null;
  },

  // [echo:G1X0.540Y10.4F100]
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#feedback-messages (compile-time REPORT_ECHO_LINE_RECEIVED)
  (raw) => {
    const m = /^\[echo:(.*)\]$/.exec(raw);
    return m ? { kind: 'echo', raw, line: m[1] as string } : null;
  },

  // [FIRMWARE:grblHAL]   [AXS:3:XYZ]   [BOARD:MKS DLC32 2.x]
  // https://github.com/grblHAL/core/wiki/Report-extensions
  (raw) => {
    const m = /^\[([A-Za-z][A-Za-z0-9 ]{0,31}):(.*)\]$/.exec(raw);
    return m ? { kind: 'feedback', raw, tag: m[1] as string, value: m[2] as string } : null;
  },

  // [Reset to continue]   ['$H'|'$X' to unlock]   (0.9 feedback, https://github.com/grbl/grbl/issues/1466)
  (raw) => {
    const m = /^\[([^:[\]]+)\]$/.exec(raw);
    return m ? { kind: 'message', raw, text: m[1] as string } : null;
  },

  // $32=1   $0 = 10   $10=3 (status report mask:00000011)   (answer to $$)
  // https://github.com/gnea/grbl/blob/master/doc/markdown/settings.md
  (raw) => {
    const m = /^\$(\d{1,4})\s*=\s*(\S*)/.exec(raw);
    return m ? { kind: 'setting', raw, id: Number(m[1]), value: m[2] as string } : null;
  },

  // >G54G20:ok   (startup line executed)
  // https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md#grbl-response-messages (startup line execution)
  (raw) => {
    const m = /^>(.*):(ok|error:\d+)$/.exec(raw);
    return m ? { kind: 'startup', raw, line: m[1] as string, ok: m[2] === 'ok' } : null;
  },
];

/** The first matcher's event, or `unknown`. Never throws. */
export function parseGrblLine(line: string): GrblEvent | UnknownLine {
  return matchLine(GRBL_MATCHERS, line);
}
