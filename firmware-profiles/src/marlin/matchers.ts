/**
 * Marlin 2.x line matchers, in order: each a small pure function from one line to an event or
 * null. Marlin cannot be asked "what are you doing?": its state is inferred from these lines.
 * Reference: https://marlinfw.org/docs/gcode/ (M105, M115, M155, M27, M73), host actions:
 * https://reprap.org/wiki/G-code#Action_commands
 * @module
 */
import { matchLine, type LineMatcher } from '../match.js';
import type { UnknownLine } from '../profile.js';

export interface HeaterReading {
  readonly actual: number;
  readonly target?: number;
}

export type MarlinEvent =
  | { readonly kind: 'ok'; readonly raw: string; readonly line?: number }
  | {
      readonly kind: 'temperatures';
      readonly raw: string;
      readonly withOk: boolean;
      readonly heaters: Readonly<Record<string, HeaterReading>>;
    }
  | { readonly kind: 'busy'; readonly raw: string; readonly reason: string }
  | { readonly kind: 'error'; readonly raw: string; readonly text: string }
  | { readonly kind: 'resend'; readonly raw: string; readonly line: number }
  | {
      readonly kind: 'firmware';
      readonly raw: string;
      readonly name: string;
      readonly fields: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'capability';
      readonly raw: string;
      readonly name: string;
      readonly enabled: boolean;
    }
  | { readonly kind: 'start'; readonly raw: string }
  | {
      readonly kind: 'sd-progress';
      readonly raw: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly kind: 'sd-idle'; readonly raw: string }
  | { readonly kind: 'sd-done'; readonly raw: string }
  | {
      readonly kind: 'file-opened';
      readonly raw: string;
      readonly name: string;
      readonly size?: number;
    }
  | { readonly kind: 'file-selected'; readonly raw: string }
  | {
      readonly kind: 'action';
      readonly raw: string;
      readonly action: string;
      readonly argument: string;
    }
  | { readonly kind: 'print-time'; readonly raw: string; readonly text: string }
  /** Prusa's answer to M73: percent done and minutes left, for the normal or silent mode. */
  | {
      readonly kind: 'progress';
      readonly raw: string;
      readonly mode: 'normal' | 'silent';
      readonly percent: number;
      readonly minutesLeft: number;
    }
  | { readonly kind: 'echo'; readonly raw: string; readonly text: string }
  /** M114's answer: the logical position (mm) and extruder. */
  | {
      readonly kind: 'position';
      readonly raw: string;
      readonly x: number;
      readonly y: number;
      readonly z: number;
      readonly e?: number;
    }
  /** `Begin file list` / `End file list` around M20's answer. */
  | { readonly kind: 'file-list'; readonly raw: string; readonly edge: 'begin' | 'end' }
  /** One file (or `DIR/`) of M20's answer: short name, size in bytes and long name when given. */
  | {
      readonly kind: 'sd-file';
      readonly raw: string;
      readonly name: string;
      readonly size?: number;
      readonly longName?: string;
    }
  /** One field of an M115 answer printed on its own line (vendor forks: `FIRMWARE_VERSION:2.2.0`). */
  | {
      readonly kind: 'firmware-field';
      readonly raw: string;
      readonly name: string;
      readonly value: string;
    }
  /**
   * A line the firmware prints that says nothing of the machine's state or readings, known so that
   * it is not counted as unknown: M204's echo, Prusa's LCD notice, fan speed reports.
   */
  | { readonly kind: 'noise'; readonly raw: string; readonly topic: string }
  /** Prusa's `KILL: <id>` before `Error:Printer halted. kill() called!`: who called kill(). */
  | { readonly kind: 'kill'; readonly raw: string; readonly id: number }
  /** Prusa's crash detection (TMC stallguard): at boot whether it is on, mid-print the crash itself. */
  | { readonly kind: 'crash-detection'; readonly raw: string; readonly enabled: boolean }
  | { readonly kind: 'crash'; readonly raw: string; readonly axes: string }
  /** A filament change (M600) the firmware queued itself: a runout, or an MMU asking for help. */
  | { readonly kind: 'filament-change'; readonly raw: string; readonly cause: 'runout' | 'queued' };

type Matcher = LineMatcher<MarlinEvent>;

// T:21.53 /0.00 B:21.07 /0.00 @:0 B@:0     T0:210.0 /210.0 T1:25.1 /0.0 B:60.0 /60.0 C:35.2 /0.0
// T:77.1 /205.0 B:59.5 /60.0 T0:206.5 /205.0 T1:77.1 /205.0 B@:0 @:127 @0:40 @1:127 W:?   (https://github.com/MKFirmware/MarlinKimbra/issues/88)
// https://marlinfw.org/docs/gcode/M105.html
// `B0:`/`B1:` are the beds of a multi-bed build (MK4duo's BEDS > 1).
// Only a letter right after a blank counts: the heater powers `@:` `@0:` `B@:` `C@:` (PWM, 0–127/255),
// `W:` (wait countdown), `E:` (extruder index of M109's wait lines) and `A:`/`R:` are not heaters here.
const HEATER = /(?:^|\s)(T\d?|B\d?|C|P|L)\s*:\s*(-?\d+(?:\.\d+)?)(?:\s*\/\s*(-?\d+(?:\.\d+)?))?/g;

/**
 * The heaters of one line. A name printed twice keeps its last reading: Marlin 2.0.9.2 prints the
 * active hotend as `T0:` instead of `T:`, then every hotend again, so the second `T0:` is hotend 0
 * (`T0:220.36 /220.00 B:60.03 /60.00 T0:50.44 /0.00 T1:220.36 /220.00` with T1 active,
 * https://github.com/OctoPrint/OctoPrint/issues/4890, https://github.com/MarlinFirmware/Marlin/issues/23504).
 */
function readTemperatures(text: string): Record<string, HeaterReading> | null {
  const heaters: Record<string, HeaterReading> = {};
  for (const m of text.matchAll(HEATER)) {
    const actual = Number(m[2]);
    if (!Number.isFinite(actual)) continue;
    const target = m[3] !== undefined ? Number(m[3]) : undefined;
    heaters[m[1] as string] =
      target !== undefined && Number.isFinite(target) ? { actual, target } : { actual };
  }
  return Object.keys(heaters).length > 0 ? heaters : null;
}

// NORMAL MODE: Percent done: 12; print time remaining in mins: 85
// https://github.com/prusa3d/Prusa-Firmware/blob/MK3/Firmware/Marlin_main.cpp (M73)
export const progressMatcher: Matcher = (raw) => {
  const m =
    /^(NORMAL|SILENT) MODE: Percent done: (-?\d+); print time remaining in mins: (-?\d+)/.exec(raw);
  return m
    ? {
        kind: 'progress',
        raw,
        mode: m[1] === 'SILENT' ? 'silent' : 'normal',
        percent: Number(m[2]),
        minutesLeft: Number(m[3]),
      }
    : null;
};

/** Extensions of the print files M20 lists (8.3 names upper-case, long ones as written). */
const PRINT_FILE = /\.(?:gco|gcode|g|gc|nc|3mf|bgcode|bgc)$/i;
const NUMBER = '-?\\d+(?:\\.\\d+)?';
const POSITION = new RegExp(
  `^X:\\s*(${NUMBER})\\s+Y:\\s*(${NUMBER})\\s+Z:\\s*(${NUMBER})(?:\\s+E:\\s*(${NUMBER}))?(?:\\s|$)`,
);

/** M115 keys a vendor fork prints one per line (reprap.org/wiki/M115_Keywords, Marlin issue #4218). */
const M115_KEYS =
  /^(FIRMWARE_VERSION|FIRMWARE_URL|SOURCE_CODE_URL|PROTOCOL_VERSION|MACHINE_TYPE|EXTRUDER_COUNT|UUID|X-[A-Z0-9_-]+):(.*)$/;

/** Lines between M114, M20, M115, M204 and the LCD: known, so that nothing real hides among unknowns. */
export const MARLIN_INFO_MATCHERS: readonly Matcher[] = [
  // X:0.00 Y:0.00 Z:0.15 E:0.00 Count X: 0.00 Y:0.00 Z:0.15 E:0.00   (M114, Prusa-Link PR #252)
  // https://marlinfw.org/docs/gcode/M114.html
  (raw) => {
    const m = POSITION.exec(raw);
    if (!m) return null;
    const [x, y, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return m[4] !== undefined
      ? { kind: 'position', raw, x, y, z, e: Number(m[4]) }
      : { kind: 'position', raw, x, y, z };
  },
  // Begin file list   End file list   (M20, OctoPrint issue #30)   https://marlinfw.org/docs/gcode/M020.html
  (raw) =>
    raw === 'Begin file list' || raw === 'End file list'
      ? { kind: 'file-list', raw, edge: raw.startsWith('Begin') ? 'begin' : 'end' }
      : null,
  // BOX1.GCO    TRASH-~1/    BENCHY~1.GCO 1234567    test.3mf 17848767 0x58a8b5ce "test.3mf"   (M20 [L] [T])
  (raw) => {
    const m = /^(\S+?)(?:\s+(\d+))?(?:\s+0x[0-9a-fA-F]+)?(?:\s+"(.*)")?$/.exec(raw);
    if (!m) return null;
    const name = m[1] as string;
    if (!PRINT_FILE.test(name) && !/^[^/\s]+\/$/.test(name)) return null;
    return {
      kind: 'sd-file',
      raw,
      name,
      ...(m[2] !== undefined ? { size: Number(m[2]) } : {}),
      ...(m[3] !== undefined ? { longName: m[3] } : {}),
    };
  },
  // FIRMWARE_VERSION:2.2.0   MACHINE_TYPE:Hephestos_2   X-BUILD_VERSION:"#475"   (BQ's M115, Marlin issue #4218)
  (raw) => {
    const m = M115_KEYS.exec(raw);
    return m
      ? { kind: 'firmware-field', raw, name: m[1] as string, value: (m[2] as string).trim() }
      : null;
  },
  // Setting Print Acceleration: 1000.00   (M204 P before Marlin PR #10036 silenced it; MarlinKimbra
  // and forks still print it, with or without `echo:`)
  (raw) =>
    /^(?:echo:)?\s*Setting (?:Print|Travel|Retract|Print and Travel) Acceleration:/i.test(raw)
      ? { kind: 'noise', raw, topic: 'acceleration' }
      : null,
];

export const MARLIN_MATCHERS: readonly Matcher[] = [
  // ok    ok N12    ok T:210.0 /210.0 B:60.0 /60.0 @:64 B@:127
  (raw) => {
    const m = /^ok\b\s*(?:N(\d+))?\s*(.*)$/.exec(raw);
    if (!m) return null;
    const heaters = m[2] ? readTemperatures(m[2]) : null;
    if (heaters) return { kind: 'temperatures', raw, withOk: true, heaters };
    return m[1] !== undefined ? { kind: 'ok', raw, line: Number(m[1]) } : { kind: 'ok', raw };
  },
  // T:21.53 /0.00 B:21.07 /0.00 @:0 B@:0   (M155 autoreport: no "ok")
  (raw) => {
    if (!/^\s*T\d?\s*:/.test(raw)) return null;
    const heaters = readTemperatures(raw);
    return heaters ? { kind: 'temperatures', raw, withOk: false, heaters } : null;
  },
  // echo:busy: processing     busy: processing     echo:busy: paused for user
  (raw) => {
    const m = /^(?:echo:)?busy:\s*(.*)$/.exec(raw);
    return m ? { kind: 'busy', raw, reason: (m[1] as string).trim() } : null;
  },
  // Resend: 10    Resend:10
  (raw) => {
    const m = /^Resend:\s*(\d+)/i.exec(raw);
    return m ? { kind: 'resend', raw, line: Number(m[1]) } : null;
  },
  // Error:Printer halted. kill() called!    Error:Thermal Runaway, system stopped! Heater_ID: 0
  (raw) => {
    const m = /^Error:\s*(.*)$/i.exec(raw);
    return m ? { kind: 'error', raw, text: (m[1] as string).trim() } : null;
  },
  // FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1 UUID:…
  // https://marlinfw.org/docs/gcode/M115.html
  (raw) => {
    if (!raw.startsWith('FIRMWARE_NAME:')) return null;
    const fields: Record<string, string> = {};
    // Vendor keys carry digits and dashes: `KNUTWURST_AI3M_VERSION:1.1.9`, `MARLIN-AI3M_VERSION:1.1.0`.
    const keys = [...raw.matchAll(/(?:^|\s)([A-Z][A-Z0-9_-]{2,}):/g)];
    keys.forEach((k, i) => {
      const start = (k.index ?? 0) + k[0].length;
      const end = keys[i + 1]?.index ?? raw.length;
      fields[k[1] as string] = raw.slice(start, end).trim();
    });
    return { kind: 'firmware', raw, name: fields.FIRMWARE_NAME ?? '', fields };
  },
  // Cap:AUTOREPORT_TEMP:1
  (raw) => {
    const m = /^Cap:([A-Z0-9_]+):([01])/.exec(raw);
    return m ? { kind: 'capability', raw, name: m[1] as string, enabled: m[2] === '1' } : null;
  },
  // start   (printed at boot, after a reset)
  (raw) => (raw === 'start' ? { kind: 'start', raw } : null),
  // SD printing byte 12345/67890   https://marlinfw.org/docs/gcode/M027.html
  (raw) => {
    const m = /^SD printing byte (\d+)\s*\/\s*(\d+)/.exec(raw);
    return m ? { kind: 'sd-progress', raw, done: Number(m[1]), total: Number(m[2]) } : null;
  },
  // Not SD printing
  (raw) => (raw.startsWith('Not SD printing') ? { kind: 'sd-idle', raw } : null),
  // Done printing file
  (raw) => (raw.startsWith('Done printing file') ? { kind: 'sd-done', raw } : null),
  // File opened: BENCHY.GCO Size: 1234567    echo:Now fresh file: BENCHY.GCO
  (raw) => {
    const m = /^(?:echo:)?File opened:\s*(.+?)(?:\s+Size:\s*(\d+))?$/.exec(raw);
    if (!m) return null;
    return m[2] !== undefined
      ? { kind: 'file-opened', raw, name: m[1] as string, size: Number(m[2]) }
      : { kind: 'file-opened', raw, name: m[1] as string };
  },
  // File selected
  (raw) => (/^(?:echo:)?File selected/.test(raw) ? { kind: 'file-selected', raw } : null),
  // //action:pause    // action:cancel    //action:notification Heating...
  (raw) => {
    const m = /^\/\/\s*action:(\S+)\s*(.*)$/.exec(raw);
    return m
      ? {
          kind: 'action',
          raw,
          action: (m[1] as string).toLowerCase(),
          argument: (m[2] as string).trim(),
        }
      : null;
  },
  // echo:Print time: 1h 2m 3s
  (raw) => {
    const m = /^(?:echo:)?\s*Print time:\s*(.+)$/.exec(raw);
    return m ? { kind: 'print-time', raw, text: (m[1] as string).trim() } : null;
  },
  ...MARLIN_INFO_MATCHERS,
  // echo:Marlin 2.1.2.1    echo:Unknown command: "M999X"    echo:SD card ok
  (raw) => {
    const m = /^echo:\s*(.*)$/.exec(raw);
    return m ? { kind: 'echo', raw, text: (m[1] as string).trim() } : null;
  },
];

/** The first matcher's event, or `unknown`. Never throws. */
export function parseMarlinLine(line: string): MarlinEvent | UnknownLine {
  return matchLine(MARLIN_MATCHERS, line);
}
