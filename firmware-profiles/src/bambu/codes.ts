/**
 * Bambu Lab's error codes, as data, French first. Two families (facts from Bambu's HMS wiki,
 * <https://wiki.bambulab.com/en/x1/troubleshooting/hmscode>, and the community's decoding in
 * <https://github.com/Doridian/OpenBambuAPI/issues/5> and
 * <https://github.com/greghesp/ha-bambulab/issues/4>):
 *
 * - `print_error`: a decimal number whose 8 hex digits are the code shown on the printer
 *   (`50348044` = `0300_400C`, "the task was cancelled").
 * - `hms`: `[{ attr, code }]`, each a 32-bit number; the code is `HMS_AAAA_AAAA_CCCC_CCCC` from
 *   their hex digits, and the high half of `code` is the severity (1 fatal, 2 serious, 3 common,
 *   4 info).
 *
 * Only the codes a fab manager meets most are worded here; an unknown code is still reported,
 * with its number and the wiki address.
 * @module
 */

export interface BambuCode {
  readonly fr: string;
  readonly en: string;
}

/** `print_error` codes (8 hex digits, upper case). */
export const PRINT_ERRORS: Readonly<Record<string, BambuCode>> = {
  '0300400C': { fr: 'Impression annulée', en: 'The print was cancelled' },
  '03004000': { fr: 'Échec du retour à l’origine de l’axe Z', en: 'Z axis homing failed' },
  '03004002': {
    fr: 'Échec du nivellement automatique du plateau',
    en: 'Auto bed levelling failed',
  },
  '03004006': { fr: 'Buse bouchée', en: 'The nozzle is clogged' },
  '03004009': { fr: 'Échec du retour à l’origine des axes X et Y', en: 'XY homing failed' },
  '0300400D': {
    fr: 'Reprise impossible après la coupure de courant',
    en: 'Resume failed after a power loss',
  },
  '03008001': {
    fr: 'Pause demandée par le fichier ou l’utilisateur',
    en: 'Paused by the user or the file',
  },
  '03008003': {
    fr: 'Défaut « spaghetti » détecté par la caméra',
    en: 'Spaghetti defect detected by the camera',
  },
  '07008011': { fr: 'Filament épuisé dans l’AMS', en: 'AMS filament ran out' },
  '07FF8011': { fr: 'Filament externe épuisé', en: 'External filament ran out' },
  '12008011': { fr: 'Filament épuisé dans l’AMS Lite', en: 'AMS Lite filament ran out' },
};

/** HMS codes (16 hex digits: attr then code). */
export const HMS_CODES: Readonly<Record<string, BambuCode>> = {
  '0300010000010001': {
    fr: 'Température du plateau anormale : court-circuit possible de la résistance',
    en: 'Heatbed temperature abnormal: the heater may be short-circuited',
  },
  '0300030000010001': {
    fr: 'Ventilateur de refroidissement de la tête trop lent ou arrêté',
    en: 'Hotend cooling fan too slow or stopped',
  },
  '0300120000020001': {
    fr: 'Le capot avant de la tête est tombé',
    en: 'The toolhead front cover fell off',
  },
  '0300200000010001': {
    fr: 'Retour à l’origine de l’axe X anormal : tête bloquée ?',
    en: 'X axis homing abnormal: is the toolhead stuck?',
  },
  '0700200000020001': {
    fr: 'AMS A, emplacement 1 : filament épuisé',
    en: 'AMS A slot 1 filament has run out',
  },
  '0C00030000020002': {
    fr: 'Inspection de la première couche interrompue : données du lidar anormales',
    en: 'First layer inspection stopped: abnormal lidar data',
  },
};

export type HmsSeverity = 'fatal' | 'serious' | 'common' | 'info';

const SEVERITIES: Readonly<Record<number, HmsSeverity>> = {
  1: 'fatal',
  2: 'serious',
  3: 'common',
  4: 'info',
};

const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** `50348044` → `0300400C`. */
export function printErrorKey(code: number): string {
  return hex8(code);
}

export interface HmsEntry {
  /** 16 hex digits, the key of the tables. */
  readonly key: string;
  /** As shown on the printer and in the wiki: `HMS_0C00_0300_0002_0002`. */
  readonly code: string;
  readonly severity: HmsSeverity;
}

export function hmsEntry(attr: number, code: number): HmsEntry {
  const key = hex8(attr) + hex8(code);
  const groups = key.match(/.{4}/g) ?? [];
  return {
    key,
    code: `HMS_${groups.join('_')}`,
    severity: SEVERITIES[(code >>> 16) & 0xffff] ?? 'common',
  };
}

/** A sentence for the wall, French first; unknown codes keep their number. */
export function printErrorText(code: number): string {
  const key = printErrorKey(code);
  const known = PRINT_ERRORS[key];
  return `${known ? known.fr : 'Erreur d’impression'} (${key.slice(0, 4)}_${key.slice(4)})`;
}

export function hmsText(entry: HmsEntry): string {
  const known = HMS_CODES[entry.key];
  return known
    ? `${known.fr} (${entry.code})`
    : `Alerte ${entry.code} : voir https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/${entry.code.slice(4)}`;
}
