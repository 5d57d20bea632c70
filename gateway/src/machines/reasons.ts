/**
 * Why a machine is offline, as the gateway says it: a stable code and its words in French (first)
 * and English, from the contract's one table (`contract/reasons.ts`, which screens read too) —
 * never a system message spliced into a French sentence ("connection lost (bad file
 * descriptor)"). The system's own words go to the gateway's log.
 * @module
 */
import {
  fillReason,
  OFFLINE_REASONS,
  type OfflineReasonCode,
} from '@manufacto/firmware-profiles/contract';

export { OFFLINE_REASONS, type OfflineReasonCode };

export interface OfflineReason {
  readonly code: OfflineReasonCode;
  readonly params: Readonly<Record<string, string>>;
}

/** The reason's words in `lang` (French by default, as published). */
export function reasonText(reason: OfflineReason, lang: 'fr' | 'en' = 'fr'): string {
  return fillReason(OFFLINE_REASONS[reason.code][lang], reason.params);
}

/** What an open or connect error means, from its errno code or, failing that, its message. */
export function openFailure(port: string, error: Error): OfflineReason {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  // The port's own name is left out: a pty named `…/printer-host` is not a "host not found".
  const text = `${code} ${error.message.split(port).join('')}`;
  const of = (c: OfflineReasonCode): OfflineReason => ({ code: c, params: { port } });
  if (/ECONNREFUSED|refused the connection/i.test(text)) return of('connection_refused');
  if (/ENOTFOUND|EAI_AGAIN|host not found/i.test(text)) return of('host_not_found');
  if (/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|no route/i.test(text)) return of('no_route');
  if (/ENOENT|No such file|not found/i.test(text)) return of('port_not_found');
  if (/EACCES|Permission denied/i.test(text)) return of('port_permission');
  if (/EBUSY|Resource busy|Cannot lock port|is busy/i.test(text)) return of('port_busy');
  return of('cannot_open');
}
