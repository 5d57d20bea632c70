/**
 * FluidNC (ESP32): announces itself as `Grbl 3.x [FluidNC v3.x …]`, keeps GRBL 1.1's codes, and
 * reports SD-card job progress in the status (`|SD:4.25,/sd/job.nc`).
 * Source: https://github.com/bdring/FluidNC/wiki
 * @module
 */
import { GRBL_CODES } from '../grbl/codes.js';
import { createGrblProfile } from '../grbl/profile.js';

/** ESP32 dev boards wire DTR/RTS to EN/IO0 through the USB-UART: opening the port resets them. */
export const fluidncProfile = createGrblProfile({ id: 'fluidnc', label: 'FluidNC', variant: 'fluidnc', codes: GRBL_CODES, resetsOnOpen: true });
