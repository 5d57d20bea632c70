/**
 * Who called `kill()` on Prusa firmware 3.x, as data: the id printed in `KILL: <id>` → a code and
 * a sentence in French and English. Source: the `kill(…, id)` calls of Prusa-Firmware v3.10.0
 * (cardreader.cpp 1, cmdqueue.cpp 2, Marlin_main.cpp 3–5, temperature.cpp 6; 0 is every other).
 * @module
 */
import type { MarlinFault } from '../marlin/codes.js';

const halt = (code: string, fr: string, en: string): MarlinFault => ({
  code,
  pattern: /$^/,
  fr,
  en,
  halts: true,
});

export const PRUSA_KILLS: Readonly<Record<number, MarlinFault>> = {
  1: halt(
    'KILL_SD_NESTING',
    'Imprimante arrêtée : fichiers G-code imbriqués trop profondément (carte SD)',
    'Printer halted: G-code files nested too deep (SD card)',
  ),
  2: halt(
    'KILL_M112',
    'Arrêt d’urgence (M112) reçu par le port série',
    'Emergency stop (M112) received over serial',
  ),
  3: halt('KILL_M112', 'Arrêt d’urgence (M112)', 'Emergency stop (M112)'),
  4: halt(
    'KILL_INACTIVITY',
    'Imprimante arrêtée : inactivité trop longue',
    'Printer halted: inactivity shutdown',
  ),
  5: halt(
    'KILL_BUTTON',
    'Imprimante arrêtée par son bouton d’arrêt',
    'Printer halted by its kill button',
  ),
  6: halt(
    'KILL_EXTRUDER',
    'Imprimante arrêtée : numéro d’extrudeur invalide',
    'Printer halted: invalid extruder number',
  ),
};

/** The fault for `KILL: <id>`; an id not in the table is still a halt. */
export function prusaKill(id: number): MarlinFault {
  return (
    PRUSA_KILLS[id] ??
    halt(
      'KILLED',
      `Imprimante arrêtée (kill ${id}) : la réinitialiser`,
      `Printer halted (kill ${id}): reset it`,
    )
  );
}
