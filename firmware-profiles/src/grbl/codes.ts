/**
 * GRBL 1.1 alarm and error codes, as data. Per firmware: grblHAL and FluidNC reuse the numbers
 * up to 9 but differ above (ALARM:10 is a dual-axis homing failure in GRBL 1.1, an E-stop in grblHAL).
 * Source: https://github.com/gnea/grbl/blob/master/doc/csv/alarm_codes_en_US.csv and error_codes_en_US.csv
 * @module
 */

export interface CodeText {
  readonly code: number;
  readonly en: string;
  readonly fr: string;
}

export const GRBL_ALARMS: readonly CodeText[] = [
  {
    code: 1,
    en: 'Hard limit triggered; position likely lost, re-home',
    fr: 'fin de course déclenchée ; position perdue, refaire l’origine',
  },
  {
    code: 2,
    en: 'Motion target exceeds machine travel (soft limit)',
    fr: 'déplacement hors de la course de la machine (limite logicielle)',
  },
  {
    code: 3,
    en: 'Reset while in motion; position may be lost, re-home',
    fr: 'réinitialisation pendant un mouvement ; position incertaine, refaire l’origine',
  },
  {
    code: 4,
    en: 'Probe fail: probe not in the expected initial state',
    fr: 'palpage impossible : sonde dans un état inattendu au départ',
  },
  {
    code: 5,
    en: 'Probe fail: no contact within the programmed travel',
    fr: 'palpage échoué : aucun contact sur la course programmée',
  },
  {
    code: 6,
    en: 'Homing fail: reset during the homing cycle',
    fr: 'prise d’origine échouée : réinitialisation pendant le cycle',
  },
  {
    code: 7,
    en: 'Homing fail: safety door opened during homing',
    fr: 'prise d’origine échouée : porte ouverte pendant le cycle',
  },
  {
    code: 8,
    en: 'Homing fail: could not clear the limit switch when pulling off',
    fr: 'prise d’origine échouée : fin de course non dégagé',
  },
  {
    code: 9,
    en: 'Homing fail: limit switch not found within search distance',
    fr: 'prise d’origine échouée : fin de course introuvable',
  },
  {
    code: 10,
    en: 'Homing fail: second limit switch of a dual axis not found',
    fr: 'prise d’origine échouée : second fin de course de l’axe double introuvable',
  },
];

export const GRBL_ERRORS: readonly CodeText[] = [
  { code: 1, en: 'G-code word without a letter', fr: 'mot G-code sans lettre' },
  { code: 2, en: 'Missing or invalid numeric value', fr: 'valeur numérique absente ou invalide' },
  { code: 3, en: "'$' system command not recognised", fr: "commande système '$' inconnue" },
  {
    code: 4,
    en: 'Negative value where a positive one is expected',
    fr: 'valeur négative au lieu de positive',
  },
  { code: 5, en: 'Homing is not enabled in settings', fr: 'la prise d’origine n’est pas activée' },
  { code: 6, en: 'Step pulse must be longer than 3 µs', fr: 'impulsion de pas inférieure à 3 µs' },
  {
    code: 7,
    en: 'EEPROM read failed; defaults restored',
    fr: 'lecture EEPROM échouée ; réglages par défaut restaurés',
  },
  {
    code: 8,
    en: "'$' command only allowed when idle",
    fr: "commande '$' possible seulement à l’arrêt",
  },
  {
    code: 9,
    en: 'G-code locked out during alarm or jog',
    fr: 'G-code bloqué pendant une alarme ou un déplacement manuel',
  },
  {
    code: 10,
    en: 'Soft limits need homing enabled',
    fr: 'les limites logicielles exigent la prise d’origine',
  },
  { code: 11, en: 'Line too long; not executed', fr: 'ligne trop longue ; non exécutée' },
  {
    code: 12,
    en: 'Setting exceeds the maximum step rate',
    fr: 'réglage au-delà de la fréquence de pas maximale',
  },
  { code: 13, en: 'Safety door opened', fr: 'porte de sécurité ouverte' },
  { code: 14, en: 'Startup line or build info too long', fr: 'ligne de démarrage trop longue' },
  { code: 15, en: 'Jog target exceeds machine travel', fr: 'déplacement manuel hors course' },
  { code: 16, en: 'Invalid jog command', fr: 'commande de déplacement manuel invalide' },
  { code: 17, en: 'Laser mode requires PWM output', fr: 'le mode laser exige une sortie PWM' },
  {
    code: 20,
    en: 'Unsupported or invalid G-code command',
    fr: 'commande G-code non prise en charge',
  },
  {
    code: 21,
    en: 'Two G-code commands of the same modal group in one block',
    fr: 'deux commandes du même groupe modal dans un bloc',
  },
  { code: 22, en: 'Feed rate not set', fr: 'vitesse d’avance non définie' },
  { code: 23, en: 'Command requires an integer value', fr: 'la commande exige une valeur entière' },
  {
    code: 24,
    en: 'Two commands both need the axis words',
    fr: 'deux commandes utilisent les mêmes axes',
  },
  { code: 25, en: 'Repeated G-code word in a block', fr: 'mot G-code répété dans un bloc' },
  { code: 26, en: 'Axis words required but missing', fr: 'coordonnées d’axe manquantes' },
  { code: 27, en: 'Line number out of range', fr: 'numéro de ligne hors limites' },
  { code: 28, en: 'Missing P or L value', fr: 'valeur P ou L manquante' },
  {
    code: 29,
    en: 'Unsupported work coordinate system',
    fr: 'repère de travail non pris en charge',
  },
  { code: 30, en: 'G53 needs G0 or G1 active', fr: 'G53 exige G0 ou G1' },
  { code: 31, en: 'Unused axis words with G80 active', fr: 'coordonnées inutilisées avec G80' },
  { code: 32, en: 'Arc without axis words in the plane', fr: 'arc sans coordonnées dans le plan' },
  { code: 33, en: 'Invalid motion target', fr: 'cible de mouvement invalide' },
  { code: 34, en: 'Arc radius error', fr: 'erreur de rayon d’arc' },
  { code: 35, en: 'Arc offset missing IJK word', fr: 'décalage d’arc IJK manquant' },
  { code: 36, en: 'Unused leftover G-code words', fr: 'mots G-code inutilisés' },
  {
    code: 37,
    en: 'Tool length offset on a wrong axis',
    fr: 'correction de longueur d’outil sur un mauvais axe',
  },
  { code: 38, en: 'Tool number too large', fr: 'numéro d’outil trop grand' },
];

export interface CodeTables {
  readonly alarms: readonly CodeText[];
  readonly errors: readonly CodeText[];
}

export const GRBL_CODES: CodeTables = { alarms: GRBL_ALARMS, errors: GRBL_ERRORS };

/** The alarm's sentence for the wall, in French, with the number: "Alarme 1 : fin de course…". */
/** A firmware's table: the base table with some codes replaced or added (grblHAL, FluidNC). */
export function withCodes(
  base: readonly CodeText[],
  changes: readonly CodeText[],
): readonly CodeText[] {
  const byCode = new Map(base.map((c) => [c.code, c]));
  for (const c of changes) byCode.set(c.code, c);
  return [...byCode.values()].sort((a, b) => a.code - b.code);
}

export function alarmText(tables: CodeTables, code: number): { fr: string; en: string } {
  const entry = tables.alarms.find((a) => a.code === code);
  return {
    fr: `Alarme ${code} : ${entry?.fr ?? 'alarme inconnue'}`,
    en: `Alarm ${code}: ${entry?.en ?? 'unknown alarm'}`,
  };
}

export function errorText(tables: CodeTables, code: number): { fr: string; en: string } {
  const entry = tables.errors.find((e) => e.code === code);
  return {
    fr: `Erreur ${code} : ${entry?.fr ?? 'erreur inconnue'}`,
    en: `Error ${code}: ${entry?.en ?? 'unknown error'}`,
  };
}
