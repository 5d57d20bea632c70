/**
 * grblHAL: GRBL 1.1's protocol with more states, fields and codes. Same matchers; its own alarm
 * table above 9 (ALARM:10 is an E-stop here, a dual-axis homing failure in GRBL 1.1).
 * Source: https://github.com/grblHAL/core/blob/master/alarms.h and errors.h
 * @module
 */
import { GRBL_ALARMS, GRBL_ERRORS, type CodeText } from '../grbl/codes.js';
import { createGrblProfile } from '../grbl/profile.js';

export const GRBLHAL_ALARMS: readonly CodeText[] = [
  ...GRBL_ALARMS.filter((a) => a.code <= 9),
  { code: 10, en: 'E-stop asserted; clear it and reset', fr: 'arrêt d’urgence enclenché ; le relâcher puis réinitialiser' },
  { code: 11, en: 'Homing required; run $H', fr: 'prise d’origine requise ($H)' },
  { code: 12, en: 'Limit switch engaged; clear it before continuing', fr: 'fin de course enclenché ; le dégager avant de reprendre' },
  { code: 13, en: 'Probe protection triggered', fr: 'protection de la sonde déclenchée' },
  { code: 14, en: 'Spindle at-speed timeout', fr: 'la broche n’a pas atteint sa vitesse à temps' },
  { code: 15, en: 'Homing fail: second switch of an auto-squared axis not found', fr: 'prise d’origine échouée : second fin de course de l’axe auto-équerré introuvable' },
  { code: 16, en: 'Power-on self test failed', fr: 'échec de l’autotest au démarrage' },
  { code: 17, en: 'Motor fault', fr: 'défaut moteur' },
];

export const GRBLHAL_ERRORS: readonly CodeText[] = [
  ...GRBL_ERRORS,
  { code: 39, en: 'Value out of range', fr: 'valeur hors limites' },
  { code: 40, en: 'Invalid command for this controller state', fr: 'commande invalide dans cet état' },
  { code: 79, en: 'Emergency stop active', fr: 'arrêt d’urgence actif' },
];

/** Native-USB boards (STM32, Teensy, RP2040) do not reset on open; some ESP32 boards do. */
export const grblhalProfile = createGrblProfile({
  id: 'grblhal',
  label: 'grblHAL',
  variant: 'grblhal',
  codes: { alarms: GRBLHAL_ALARMS, errors: GRBLHAL_ERRORS },
  resetsOnOpen: false,
});
