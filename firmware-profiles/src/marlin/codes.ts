/**
 * Marlin's fatal errors, as data: what the `Error:` text says → a code for the maintenance log and
 * a sentence for the wall. Source: Marlin/src/module/temperature.cpp and MarlinCore.cpp messages
 * (https://github.com/MarlinFirmware/Marlin), as they appear in OctoPrint serial logs.
 * @module
 */

export interface MarlinFault {
  readonly code: string;
  readonly pattern: RegExp;
  readonly fr: string;
  readonly en: string;
  /** The printer stopped (kill()): it needs a reset before anything else. */
  readonly halts: boolean;
  /**
   * A garbled line on the serial link, which the host resends (`Resend: N`): the link's quality,
   * counted, not a machine alarm for the maintenance log.
   */
  readonly link?: boolean;
}

export const MARLIN_FAULTS: readonly MarlinFault[] = [
  {
    code: 'THERMAL_RUNAWAY',
    pattern: /thermal runaway/i,
    fr: 'Emballement thermique : chauffe arrêtée par sécurité',
    en: 'Thermal runaway: heating stopped for safety',
    halts: true,
  },
  {
    code: 'HEATING_FAILED',
    pattern: /heating failed/i,
    fr: 'La chauffe a échoué (thermistance ou cartouche ?)',
    en: 'Heating failed (thermistor or heater cartridge?)',
    halts: true,
  },
  {
    code: 'MINTEMP',
    pattern: /mintemp/i,
    fr: 'Température trop basse (MINTEMP) : thermistance débranchée ?',
    en: 'Temperature below MINTEMP: thermistor unplugged?',
    halts: true,
  },
  {
    code: 'MAXTEMP',
    pattern: /maxtemp/i,
    fr: 'Température trop haute (MAXTEMP)',
    en: 'Temperature above MAXTEMP',
    halts: true,
  },
  {
    code: 'KILLED',
    pattern: /printer halted|kill\(\) called/i,
    fr: 'Imprimante arrêtée (kill) : la réinitialiser',
    en: 'Printer halted (kill): reset it',
    halts: true,
  },
  {
    code: 'CHECKSUM',
    pattern: /checksum mismatch/i,
    fr: 'Erreur de transmission (somme de contrôle)',
    en: 'Transmission error (checksum)',
    halts: false,
    link: true,
  },
  {
    code: 'LINE_NUMBER',
    pattern: /line number is not last line number/i,
    fr: 'Erreur de transmission (numéro de ligne)',
    en: 'Transmission error (line number)',
    halts: false,
    link: true,
  },
  // Error:No Line Number with checksum, Last Line: 4516   Error:No Checksum with line number, Last Line: 13311
  // (Marlin's MSG_ERR_NO_LINENUMBER_WITH_CHECKSUM / MSG_ERR_NO_CHECKSUM: a garbled line, followed by `Resend:`)
  {
    code: 'NO_LINE_NUMBER',
    pattern: /no line number with checksum/i,
    fr: 'Erreur de transmission (ligne sans numéro)',
    en: 'Transmission error (checksum without line number)',
    halts: false,
    link: true,
  },
  {
    code: 'NO_CHECKSUM',
    pattern: /no checksum with line number/i,
    fr: 'Erreur de transmission (ligne sans somme de contrôle)',
    en: 'Transmission error (line number without checksum)',
    halts: false,
    link: true,
  },
];

export function faultFor(text: string): MarlinFault | undefined {
  return MARLIN_FAULTS.find((f) => f.pattern.test(text));
}
