/**
 * Prusa firmware (MK2.5/MK3/MK3S, 8-bit Einsy): Marlin's dialect, its own identity in M115
 * (`FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin`) and its M73 answer with progress and
 * minutes left, printed for the normal and the silent mode, and its own lines (`KILL:`, crash
 * detection, filament runout, `LCD status changed`: `matchers.ts`).
 * Source: https://github.com/prusa3d/Prusa-Firmware (Marlin_main.cpp, M73 and M115)
 * @module
 */
import { createMarlinProfile, firmwareName } from '../marlin/profile.js';
import { prusaKill } from './codes.js';
import { PRUSA_MATCHERS } from './matchers.js';

export const prusaProfile = createMarlinProfile({
  id: 'prusa',
  label: 'Prusa firmware (MK3)',
  // The Einsy board resets when the port opens, as any Arduino Mega.
  resetsOnOpen: true,
  extraMatchers: PRUSA_MATCHERS,
  killFault: prusaKill,
  identify(event) {
    if (event.kind === 'firmware' && /prusa/i.test(event.name))
      return {
        profile: 'prusa',
        firmware: firmwareName(event.name.replace(/\s+based on Marlin.*/i, '')),
      };
    return null;
  },
});
