/**
 * Each profile knows its firmware's unknown-command replies: the gateway asks in every dialect at
 * once when detecting a firmware and sets those replies aside.
 */
import { describe, expect, it } from 'vitest';
import { getSerialProfile, serialProfiles } from './registry.js';

// What each firmware answers to the other dialects' identification questions.
const unknownCommandReplies: Record<string, readonly string[]> = {
  // Marlin's gcode.cpp: SERIAL_ECHOLNPGM(STR_UNKNOWN_COMMAND, …)
  marlin: ['echo:Unknown command: "$I"', 'echo:Unknown command: "version"'],
  prusa: ['echo:Unknown command: "$I"'],
  // GRBL 1.1 interface.md: error:20 unsupported command, error:3 unknown `$` command
  grbl: ['error:20', 'error:3'],
  grblhal: ['error:20'],
  fluidnc: ['error:20'],
  // Smoothieware SimpleShell.cpp: `$I` → "error:Invalid statement"
  smoothieware: ['error:Invalid statement', 'error:Unsupported command - M115'],
};

describe('unknown-command replies', () => {
  it('covers every profile of the registry', () => {
    expect(Object.keys(unknownCommandReplies).sort()).toEqual(
      serialProfiles.map((p) => p.id).sort(),
    );
  });

  it.each(Object.entries(unknownCommandReplies))(
    '%s recognises its own unknown-command replies',
    (id, lines) => {
      const profile = getSerialProfile(id);
      for (const line of lines)
        expect(profile.isUnknownCommand(profile.parse(line)), line).toBe(true);
    },
  );

  it.each(serialProfiles.map((p) => [p.id, p] as const))(
    '%s does not take news for an unknown-command reply',
    (_id, profile) => {
      for (const line of [
        'ok',
        'echo:SD card ok',
        '<Idle|MPos:0.000,0.000,0.000|FS:0,0>',
        'T:21.5 /0.0 B:21.0 /0.0 @:0 B@:0',
        'ALARM:1',
        'Error:Printer halted. kill() called!',
      ]) {
        expect(profile.isUnknownCommand(profile.parse(line)), line).toBe(false);
      }
    },
  );
});
