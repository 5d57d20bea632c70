/**
 * One poll tick's bytes: the profile's polls, in one write (a system call per command is most of an
 * idle gateway's CPU). While a client holds the port only realtime polls go: the client counts
 * `ok`s for its own lines, and an `ok` for one of ours would throw its flow control off.
 * @module
 */
import type { AnySerialProfile, PollContext } from '@manufacto/firmware-profiles';

export function pollBytes(
  profile: AnySerialProfile,
  model: unknown,
  context: PollContext,
  lent: boolean,
): { bytes: string; lineCommands: number } {
  let bytes = '';
  let lineCommands = 0;
  for (const poll of profile.poll(model, context)) {
    if (poll.realtime) bytes += poll.command;
    else if (!lent) {
      bytes += poll.command + profile.eol;
      lineCommands += 1;
    }
  }
  return { bytes, lineCommands };
}
