/**
 * Why a streamed job ended otherwise than completed, as published on the wall: a code and its
 * words in French (first) and English, from one table (see machines/reasons.ts). The firmware's
 * own line (`ALARM:1`, `Printer halted`) goes in as a parameter; English detail goes to the log.
 * @module
 */

export const JOB_END_REASONS = {
  cancelled: { fr: 'annulé', en: 'cancelled' },
  cancelled_by: { fr: 'annulé : {why}', en: 'cancelled: {why}' },
  cancelled_on_machine: {
    fr: 'annulé depuis l’écran de la machine',
    en: 'cancelled from the machine’s screen',
  },
  firmware_stopped: {
    fr: 'arrêté par le firmware ({line})',
    en: 'stopped by the firmware ({line})',
  },
  firmware_refused: {
    fr: 'la machine a refusé la ligne {at} du fichier ({line} : {command})',
    en: 'the machine refused line {at} of the file ({line}: {command})',
  },
  answers_lost: {
    fr: 'la machine est à l’arrêt depuis {seconds} s sans avoir répondu à {count} lignes (réponses perdues)',
    en: 'the machine has been idle for {seconds} s without answering {count} lines (answers lost)',
  },
  port_lost: {
    fr: 'la liaison avec la machine a été perdue',
    en: 'the link to the machine was lost',
  },
} as const satisfies Record<string, { fr: string; en: string }>;

export type JobEndCode = keyof typeof JOB_END_REASONS;

export interface JobEndReason {
  readonly code: JobEndCode;
  readonly params?: Readonly<Record<string, string>>;
}

export function jobEndText(reason: JobEndReason, lang: 'fr' | 'en' = 'fr'): string {
  return JOB_END_REASONS[reason.code][lang].replace(
    /\{(\w+)\}/g,
    (_, key: string) => reason.params?.[key] ?? `{${key}}`,
  );
}
