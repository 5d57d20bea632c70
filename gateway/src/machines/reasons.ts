/**
 * Why a machine is offline, as the gateway says it: a stable code and its words in French (first)
 * and English, from one table — never a system message spliced into a French sentence
 * ("connection lost (bad file descriptor)"). The system's own words go to the gateway's log.
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

export interface OfflineReason {
  readonly code: OfflineReasonCode;
  readonly params: Readonly<Record<string, string>>;
}

/** The reason's words in `lang` (French by default, as published). */
export function reasonText(reason: OfflineReason, lang: 'fr' | 'en' = 'fr'): string {
  return OFFLINE_REASONS[reason.code][lang].replace(
    /\{(\w+)\}/g,
    (_, key: string) => reason.params[key] ?? `{${key}}`,
  );
}

/** What an open or connect error means, from its errno code or, failing that, its message. */
export function openFailure(port: string, error: Error): OfflineReason {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const text = `${code} ${error.message}`;
  const of = (c: OfflineReasonCode): OfflineReason => ({ code: c, params: { port } });
  if (/ECONNREFUSED|refused the connection/i.test(text)) return of('connection_refused');
  if (/ENOTFOUND|EAI_AGAIN|host not found/i.test(text)) return of('host_not_found');
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|no route/i.test(text)) return of('no_route');
  if (/ENOENT|No such file|not found/i.test(text)) return of('port_not_found');
  if (/EACCES|Permission denied/i.test(text)) return of('port_permission');
  if (/EBUSY|Resource busy|Cannot lock port|is busy/i.test(text)) return of('port_busy');
  return of('cannot_open');
}
