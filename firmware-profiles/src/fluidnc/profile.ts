/**
 * FluidNC (ESP32): announces itself as `Grbl 3.x [FluidNC v3.x …]`, speaks GRBL 1.1 to senders,
 * has its own codes above alarm 9 (`codes.ts`) and reports SD-card job progress in the status
 * (`|SD:4.25,/sd/job.nc`). Same matchers and model as `../grbl`.
 * Source: https://github.com/bdring/FluidNC/wiki
 * @module
 */
import { createGrblProfile } from '../grbl/profile.js';
import { FLUIDNC_CODES } from './codes.js';

/**
 * ESP32 dev-style boards (6-Pack, MKS DLC32, Jackpot) wire DTR/RTS to EN/IO0 through their
 * USB-UART bridge: opening the port usually resets them, so the gateway must not reopen it needlessly.
 */
export const fluidncProfile = createGrblProfile({
  id: 'fluidnc',
  label: 'FluidNC',
  variant: 'fluidnc',
  codes: FLUIDNC_CODES,
  resetsOnOpen: true,
});
