/**
 * One poll tick's bytes: the profile's polls, in one write (a system call per command is most of an
 * idle gateway's CPU). While a client holds the port only realtime polls go: the client counts
 * `ok`s for its own lines, and an `ok` for one of ours would throw its flow control off; and none
 * at all while a client polls the machine itself (LightBurn sends its own `?`): its answers are
 * parsed all the same, and ours would only crowd its stream.
 * @module
 */
import type { AnySerialProfile, PollContext } from '@manufacto/firmware-profiles';

export function pollBytes(
  profile: AnySerialProfile,
  model: unknown,
  context: PollContext,
  lent: boolean | 'client-polls',
): { bytes: string; lineCommands: number } {
  if (lent === 'client-polls') return { bytes: '', lineCommands: 0 };
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
