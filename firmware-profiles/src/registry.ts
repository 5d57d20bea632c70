/**
 * The single list of profiles. A config's `profile:` names one of these ids; `auto` asks each
 * profile's `identify` in turn.
 * @module
 */
import { fluidncProfile } from './fluidnc/profile.js';
import { grblProfile } from './grbl/profile.js';
import { grblhalProfile } from './grblhal/profile.js';
import { marlinProfile } from './marlin/profile.js';
import { prusaProfile } from './prusa/profile.js';
import { smoothiewareProfile } from './smoothieware/profile.js';
import type { AnySerialProfile, FirmwareIdentity } from './profile.js';

/** Every serial profile, in the order `identify` tries them (most specific first: grblHAL before GRBL). */
export const serialProfiles: readonly AnySerialProfile[] = [
  smoothiewareProfile,
  grblhalProfile,
  fluidncProfile,
  grblProfile,
  prusaProfile,
  marlinProfile,
];

export class UnknownProfileError extends Error {
  constructor(readonly given: string) {
    super(
      `unknown profile "${given}"; known profiles: ${[...serialProfiles.map((p) => p.id), 'auto'].join(', ')}`,
    );
    this.name = 'UnknownProfileError';
  }
}

export function findSerialProfile(id: string): AnySerialProfile | undefined {
  return serialProfiles.find((p) => p.id === id);
}

/** The profile with this id; throws an error naming the known ids otherwise. */
export function getSerialProfile(id: string): AnySerialProfile {
  const profile = findSerialProfile(id);
  if (!profile) throw new UnknownProfileError(id);
  return profile;
}

/** Asks every profile whether this banner or report line is its own; the first that answers wins. */
export function identifyFirmware(line: string): FirmwareIdentity | null {
  for (const profile of serialProfiles) {
    const identity = profile.identify(line);
    if (identity) return identity;
  }
  return null;
}
