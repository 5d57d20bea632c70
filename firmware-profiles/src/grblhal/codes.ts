/**
 * grblHAL's alarm and error codes, as data: GRBL 1.1's up to alarm 9 and error 37, its own above.
 * ALARM:10 is an E-stop here (a dual-axis homing failure in GRBL 1.1).
 * Sources: https://github.com/grblHAL/core/blob/master/alarms.h and errors.h (names), texts ours.
 * @module
 */
import {
  GRBL_ALARMS,
  GRBL_ERRORS,
  withCodes,
  type CodeTables,
  type CodeText,
} from '../grbl/codes.js';

export const GRBLHAL_ALARMS: readonly CodeText[] = withCodes(GRBL_ALARMS, [
  {
    code: 10,
    en: 'E-stop asserted; clear it and reset',
    fr: 'arrêt d’urgence enclenché ; le relâcher puis réinitialiser',
  },
  { code: 11, en: 'Homing required; run $H', fr: 'prise d’origine requise ($H)' },
  {
    code: 12,
    en: 'Limit switch engaged; clear it before continuing',
    fr: 'fin de course enclenché ; le dégager avant de reprendre',
  },
  { code: 13, en: 'Probe protection triggered', fr: 'protection de la sonde déclenchée' },
  { code: 14, en: 'Spindle at-speed timeout', fr: 'la broche n’a pas atteint sa vitesse à temps' },
  {
    code: 15,
    en: 'Homing fail: second switch of an auto-squared axis not found',
    fr: 'prise d’origine échouée : second fin de course de l’axe auto-équerré introuvable',
  },
  { code: 16, en: 'Power-on self test failed', fr: 'échec de l’autotest au démarrage' },
  { code: 17, en: 'Motor fault', fr: 'défaut moteur' },
  { code: 18, en: 'Homing fail', fr: 'prise d’origine échouée' },
]);

export const GRBLHAL_ERRORS: readonly CodeText[] = withCodes(GRBL_ERRORS, [
  { code: 5, en: 'Homing is not enabled in settings', fr: 'la prise d’origine n’est pas activée' },
  { code: 18, en: 'Reset asserted', fr: 'réinitialisation en cours' },
  { code: 19, en: 'Value must be greater than zero', fr: 'la valeur doit être positive' },
  { code: 38, en: 'Illegal tool table entry', fr: 'entrée de table d’outils invalide' },
  { code: 39, en: 'Value out of range', fr: 'valeur hors limites' },
  { code: 40, en: 'Tool change pending', fr: 'changement d’outil en attente' },
  { code: 41, en: 'Spindle not running', fr: 'la broche ne tourne pas' },
  { code: 42, en: 'Plane must be ZX for threading', fr: 'le plan doit être ZX pour le filetage' },
  { code: 43, en: 'Max feed rate exceeded', fr: 'vitesse d’avance maximale dépassée' },
  { code: 44, en: 'RPM out of range', fr: 'vitesse de broche hors limites' },
  {
    code: 45,
    en: 'Limit switch engaged; only homing allowed',
    fr: 'fin de course enclenché ; seule la prise d’origine est possible',
  },
  { code: 46, en: 'Homing required', fr: 'prise d’origine requise' },
  { code: 47, en: 'Tool error', fr: 'erreur d’outil' },
  { code: 48, en: 'Value word conflict', fr: 'mots de valeur en conflit' },
  { code: 49, en: 'Power-on self test failed', fr: 'échec de l’autotest au démarrage' },
  { code: 50, en: 'E-stop active', fr: 'arrêt d’urgence actif' },
  { code: 51, en: 'Motor fault', fr: 'défaut moteur' },
  { code: 52, en: 'Setting value out of range', fr: 'réglage hors limites' },
  { code: 53, en: 'Setting disabled', fr: 'réglage désactivé' },
  { code: 54, en: 'Invalid retract position', fr: 'position de retrait invalide' },
  { code: 55, en: 'Illegal homing configuration', fr: 'configuration de prise d’origine invalide' },
  { code: 56, en: 'Coordinate system locked', fr: 'repère verrouillé' },
  { code: 60, en: 'SD card mount failed', fr: 'carte SD impossible à monter' },
  { code: 61, en: 'File read failed', fr: 'lecture du fichier échouée' },
  { code: 62, en: 'Could not open directory', fr: 'dossier impossible à ouvrir' },
  { code: 63, en: 'Directory not found', fr: 'dossier introuvable' },
  { code: 64, en: 'SD card not mounted', fr: 'carte SD non montée' },
  { code: 65, en: 'File system not mounted', fr: 'système de fichiers non monté' },
  { code: 66, en: 'File system is read only', fr: 'système de fichiers en lecture seule' },
  {
    code: 79,
    en: 'Not allowed while a critical event is active',
    fr: 'interdit pendant un événement critique',
  },
  { code: 84, en: 'File open failed', fr: 'ouverture du fichier échouée' },
]);

export const GRBLHAL_CODES: CodeTables = { alarms: GRBLHAL_ALARMS, errors: GRBLHAL_ERRORS };
