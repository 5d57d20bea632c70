/**
 * FluidNC's alarm and error codes, as data: GRBL 1.1's up to alarm 9, its own above (ALARM:10 is a
 * spindle control failure here), and its file-system and configuration errors.
 * Sources: https://github.com/bdring/FluidNC/blob/main/FluidNC/src/Alarm.h, Error.h and Error.cpp
 * (names), texts ours.
 * @module
 */
import {
  GRBL_ALARMS,
  GRBL_ERRORS,
  withCodes,
  type CodeTables,
  type CodeText,
} from '../grbl/codes.js';

export const FLUIDNC_ALARMS: readonly CodeText[] = withCodes(GRBL_ALARMS, [
  { code: 10, en: 'Spindle control failure', fr: 'défaut de commande de la broche' },
  { code: 11, en: 'Control pin active at startup', fr: 'entrée de commande active au démarrage' },
  { code: 12, en: 'Homing: ambiguous limit switch', fr: 'prise d’origine : fin de course ambigu' },
  { code: 13, en: 'Hard stop', fr: 'arrêt brutal' },
  { code: 14, en: 'Machine not homed', fr: 'origine machine non faite' },
  {
    code: 15,
    en: 'Initialisation failed (configuration)',
    fr: 'échec de l’initialisation (configuration)',
  },
  { code: 16, en: 'I/O expander reset', fr: 'extension d’entrées-sorties réinitialisée' },
  { code: 17, en: 'G-code error in a running file', fr: 'erreur G-code dans le fichier en cours' },
  { code: 18, en: 'Hard limit while probing', fr: 'fin de course pendant le palpage' },
]);

export const FLUIDNC_ERRORS: readonly CodeText[] = withCodes(GRBL_ERRORS, [
  { code: 5, en: 'Setting disabled', fr: 'réglage désactivé' },
  {
    code: 18,
    en: 'No homing cycle defined in the configuration',
    fr: 'aucun cycle de prise d’origine configuré',
  },
  { code: 19, en: 'Single-axis homing not allowed', fr: 'prise d’origine d’un seul axe interdite' },
  { code: 38, en: 'G-code value too large', fr: 'valeur G-code trop grande' },
  { code: 39, en: 'P parameter too large', fr: 'paramètre P trop grand' },
  { code: 40, en: 'Check control pins', fr: 'vérifier les entrées de commande' },
  { code: 60, en: 'SD card mount failed', fr: 'carte SD impossible à monter' },
  { code: 61, en: 'File read failed', fr: 'lecture du fichier échouée' },
  { code: 62, en: 'Could not open directory', fr: 'dossier impossible à ouvrir' },
  { code: 63, en: 'Directory not found', fr: 'dossier introuvable' },
  { code: 64, en: 'File is empty', fr: 'fichier vide' },
  { code: 65, en: 'File not found', fr: 'fichier introuvable' },
  { code: 66, en: 'Could not open file', fr: 'fichier impossible à ouvrir' },
  { code: 67, en: 'File system busy', fr: 'système de fichiers occupé' },
  { code: 80, en: 'Number out of range for setting', fr: 'nombre hors limites pour ce réglage' },
  { code: 81, en: 'Invalid value for setting', fr: 'valeur invalide pour ce réglage' },
  { code: 113, en: 'System reset', fr: 'réinitialisation du système' },
  { code: 120, en: 'Another interface is busy', fr: 'une autre interface est occupée' },
  { code: 130, en: 'Jog cancelled', fr: 'déplacement manuel annulé' },
  {
    code: 152,
    en: 'Configuration is invalid; check the boot messages',
    fr: 'configuration invalide ; voir les messages de démarrage',
  },
]);

export const FLUIDNC_CODES: CodeTables = { alarms: FLUIDNC_ALARMS, errors: FLUIDNC_ERRORS };
