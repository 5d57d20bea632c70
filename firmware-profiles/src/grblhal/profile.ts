/**
 * grblHAL: GRBL 1.1's protocol on 32-bit boards, with more states (`Tool`), fields (`FS` with the
 * measured rpm, `H:`, `MPG:`, `Sc:`… kept raw, `T:` the tool number) and codes. Same matchers and
 * model as `../grbl`; what differs is its banner, its code tables (`codes.ts`) and the reading of
 * `T:` in status reports (`matchers.ts`).
 * Source: https://github.com/grblHAL/core/wiki/Report-extensions
 * @module
 */
import { createGrblProfile } from '../grbl/profile.js';
import { GRBLHAL_CODES } from './codes.js';
import { GRBLHAL_MATCHERS } from './matchers.js';

/**
 * The usual grblHAL boards (STM32 Black Pill, Teensy 4.1, RP2040, SAM3X) use native USB: opening
 * the port does not reset them. ESP32 boards (MKS DLC32…) behind a USB-UART bridge do: set the
 * machine's config accordingly.
 */
export const grblhalProfile = createGrblProfile({
  id: 'grblhal',
  label: 'grblHAL',
  variant: 'grblhal',
  codes: GRBLHAL_CODES,
  resetsOnOpen: false,
  extraMatchers: GRBLHAL_MATCHERS,
});
