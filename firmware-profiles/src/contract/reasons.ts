/**
 * Why a machine is offline, as a gateway says it: a stable `reasonCode` and its words in French
 * (first) and English. Data only, no zod: the dashboard imports it (`…/contract/reasons`) to word
 * a reason in the reader's language, the gateway to publish it in French.
 * @module
 */

export const OFFLINE_REASONS = {
  port_not_found: {
    fr: 'port {port} introuvable : la machine est-elle allumée, son câble USB branché ?',
    en: 'port {port} not found: is the machine on and its USB cable plugged in?',
  },
  port_permission: {
    fr: 'port {port} : accès refusé (ajouter l’utilisateur de la passerelle au groupe dialout)',
    en: 'port {port}: permission denied (add the gateway’s user to the dialout group)',
  },
  port_busy: {
    fr: 'port {port} occupé par un autre programme (OctoPrint, LightBurn, un terminal)',
    en: 'port {port} is busy: another program (OctoPrint, LightBurn, a terminal) has it open',
  },
  connection_refused: {
    fr: '{port} refuse la connexion : serveur telnet/TCP de la carte activé ?',
    en: '{port} refused the connection: is the board’s telnet/TCP server on?',
  },
  host_not_found: {
    fr: '{port} : hôte introuvable (vérifier le nom ou utiliser l’adresse IP)',
    en: '{port}: host not found (check the name, or use the IP address)',
  },
  no_route: {
    fr: '{port} : carte injoignable sur le réseau',
    en: '{port}: the board cannot be reached on the network',
  },
  cannot_open: {
    fr: 'port {port} : ouverture impossible (voir le journal de la passerelle)',
    en: 'port {port}: cannot be opened (see the gateway’s log)',
  },
  connection_lost: {
    fr: 'port {port} : connexion perdue',
    en: 'port {port}: connection lost',
  },
  port_vanished: {
    fr: 'port {port} disparu (câble USB débranché ?)',
    en: 'port {port} disappeared (USB cable pulled?)',
  },
  no_firmware: {
    fr: 'port {port} : aucun firmware connu n’a répondu ; nouvel essai',
    en: 'port {port}: no known firmware answered; retrying',
  },
  silent: {
    fr: 'port {port} : aucune réponse depuis {seconds} s',
    en: 'port {port}: no answer for {seconds} s',
  },
} as const satisfies Record<string, { fr: string; en: string }>;

export type OfflineReasonCode = keyof typeof OFFLINE_REASONS;

/**
 * `template` with its `{placeholders}` filled from `params` (a missing one stays `{name}`).
 *
 * @example fillReason(OFFLINE_REASONS.silent.en, { port: 'COM3', seconds: '20' }) // 'port COM3: no answer for 20 s'
 */
export function fillReason(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? `{${key}}`);
}

/**
 * A published reason's words in `lang`: the state message carries the code and the French
 * sentence only, so the parameters (the port, the seconds) are read back from the French words
 * the same template produced. Null when the code is unknown or the words do not fit its template
 * (a newer gateway's sentence): then show the French words as they came.
 */
export function reasonInLanguage(
  code: string | null | undefined,
  french: string | null | undefined,
  lang: 'fr' | 'en',
): string | null {
  if (!code || !french || !Object.hasOwn(OFFLINE_REASONS, code)) return null;
  const words = OFFLINE_REASONS[code as OfflineReasonCode];
  if (lang === 'fr') return french;
  const names: string[] = [];
  const pattern = words.fr
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '(.+?)';
    })
    .join('');
  const match = new RegExp(`^${pattern}$`, 'u').exec(french);
  if (!match) return null;
  return fillReason(
    words.en,
    Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ''])),
  );
}
