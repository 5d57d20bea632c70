/**
 * The single list of network profiles (MQTT, HTTP, WebSocket devices). A config's `profile:` with a
 * network `transport:` names one of these ids.
 * @module
 */
import { bambuProfile } from './bambu/profile.js';
import { moonrakerProfile } from './moonraker/profile.js';
import type { AnyNetworkProfile } from './network.js';
import { octoprintProfile } from './octoprint/profile.js';
import { prusalinkProfile } from './prusalink/profile.js';
import { shellyProfile } from './shelly/profile.js';
import { tasmotaProfile } from './tasmota/profile.js';

export const networkProfiles: readonly AnyNetworkProfile[] = [
  bambuProfile,
  moonrakerProfile,
  octoprintProfile,
  prusalinkProfile,
  shellyProfile,
  tasmotaProfile,
];

export function findNetworkProfile(id: string): AnyNetworkProfile | undefined {
  return networkProfiles.find((p) => p.id === id);
}

/** The profile with this id; throws an error naming the known ids otherwise. */
export function getNetworkProfile(id: string): AnyNetworkProfile {
  const profile = findNetworkProfile(id);
  if (!profile)
    throw new Error(
      `unknown network profile "${id}"; known network profiles: ${networkProfiles.map((p) => p.id).join(', ')}`,
    );
  return profile;
}
