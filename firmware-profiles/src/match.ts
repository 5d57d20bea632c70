/**
 * The one way every profile reads a line: try an ordered table of small matchers, the first that
 * recognises the line wins, an unrecognised line is `{ kind: 'unknown', raw }`. Never throws.
 * @module
 */
import type { UnknownLine } from './profile.js';

export type LineMatcher<E> = (line: string) => E | null;

export function matchLine<E>(matchers: readonly LineMatcher<E>[], line: string): E | UnknownLine {
  const raw = line.trim();
  for (const match of matchers) {
    try {
      const event = match(raw);
      if (event) return event;
    } catch {
      // A matcher bug must not take the gateway down; the line is kept as unknown.
    }
  }
  return { kind: 'unknown', raw };
}
