/**
 * Detecting the firmware on a port (`profile: auto`). After the banner wait, the gateway asks in
 * every dialect it knows at once (M115, `$I`, `version`): each firmware answers its own question
 * and shrugs at the others (`error:20`, `echo:Unknown command: "$I"`), so nobody waits for its
 * turn. Those shrugs are answers to our questions, not news from the machine: they must not reach
 * the event stream as alarms.
 * @module
 */
import type { AnySerialProfile, LineEvent } from '@manufacto/firmware-profiles';

/** The distinct questions the profiles ask, each with its end of line, in the profiles' order. */
export function identificationQuestions(profiles: readonly AnySerialProfile[]): string[] {
  return [...new Set(profiles.map((p) => p.identifyCommand + p.eol))];
}

/**
 * Sets aside, once the firmware is known, as many unknown-command replies as questions it was asked in other
 * dialects — and no more, nor later than `windowMs`: a real error afterwards is the machine's.
 */
export class UnknownCommandFilter {
  #left = 0;
  #until = 0;

  /** Expects the unknown-command replies to the questions asked that were not `profile`'s own. */
  expect(profile: AnySerialProfile, asked: readonly string[], now: number, windowMs = 5000): void {
    this.#left = asked.filter((q) => q !== profile.identifyCommand + profile.eol).length;
    this.#until = now + windowMs;
  }

  /** True when `event` is one of the expected unknown-command replies (and counts it). */
  take(profile: AnySerialProfile, event: LineEvent, now: number): boolean {
    if (this.#left === 0 || now > this.#until || !profile.isUnknownCommand(event)) return false;
    this.#left -= 1;
    return true;
  }

  reset(): void {
    this.#left = 0;
  }
}
