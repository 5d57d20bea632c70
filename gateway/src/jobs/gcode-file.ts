/**
 * A G-code file as the senders stream it: one command per line, comments and blank lines left out
 * (they cost the firmware's receive buffer and a round trip each, and do nothing), each line
 * remembered with its line number in the file for error messages.
 * @module
 */

export interface GcodeLine {
  /** 1-based line number in the file, for a person reading the error. */
  readonly at: number;
  /** The command without comment or surrounding spaces: `G1 X10 Y5 F3000`. */
  readonly text: string;
}

/**
 * Longest command each dialect takes, by profile id. GRBL 1.1's line buffer (`LINE_BUFFER_SIZE`)
 * is 80 bytes with its terminating NUL: a longer line is refused (`error:14`) — or, worse, cut —
 * mid-job, so the file is refused before streaming. grblHAL's buffer is 256 characters; the
 * others keep a generous 255 (FluidNC's line is 255).
 */
export const MAX_LINE_CHARS: Readonly<Record<string, number>> = { grbl: 79, grblhal: 256 };
export const DEFAULT_MAX_LINE_CHARS = 255;

export class GcodeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GcodeFileError';
  }
}

/**
 * The commands of a G-code file. `;` starts a comment to the end of the line, `( … )` is a comment
 * inside it (both RS-274/NIST). Bad input gets an error naming the line.
 */
export function gcodeLines(
  source: string,
  options: { realtime?: boolean; maxLineChars?: number } = {},
): GcodeLine[] {
  const max = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  // GRBL reads `?`, `!`, `~` anywhere in the stream as realtime commands: a line holding one would
  // pause or query the machine (https://github.com/gnea/grbl/wiki/Grbl-v1.1-Commands).
  const forbidden = (text: string) => {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
      if (options.realtime && (c === 0x21 || c === 0x3f || c === 0x7e)) return true;
    }
    return false;
  };
  const lines: GcodeLine[] = [];
  let at = 0;
  for (const raw of source.split('\n')) {
    at += 1;
    const text = raw
      .replace(/\([^)]*\)/g, '')
      .replace(/;.*$/, '')
      .trim();
    if (!text || text === '%') continue;
    if (text.length > max)
      throw new GcodeFileError(
        `line ${at}: ${text.length} characters, the machine takes at most ${max} per line`,
      );
    // Control bytes would end the line or reset the board (Ctrl-X).
    if (forbidden(text))
      throw new GcodeFileError(
        `line ${at}: a control or realtime character in "${text.slice(0, 40)}"`,
      );
    lines.push({ at, text });
  }
  if (lines.length === 0) throw new GcodeFileError('the file holds no G-code command');
  return lines;
}
