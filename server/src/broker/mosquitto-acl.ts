/**
 * The Mosquitto ACL matching the embedded broker's rules, for a workshop that runs its own
 * Mosquitto: the server reads everything and may write commands; each gateway writes only its
 * own machines' state, telemetry and events and its presence, and reads only its machines'
 * command topics. Passwords go in Mosquitto's own file (`mosquitto_passwd`). Pure.
 * @module
 */
import { topics } from '@manufacto/firmware-profiles/contract';

export interface AclGateway {
  readonly gateway: string;
  readonly site: string;
  readonly machines: readonly string[];
}

export function mosquittoAcl(
  gateways: readonly AclGateway[],
  serverUser = 'manufacto-server',
): string {
  const lines = [
    '# Manufacto — Mosquitto ACL (acl_file), generated from the gateways issued on the server.',
    '# Anonymous clients get nothing: set allow_anonymous false and a password_file.',
    '',
    `user ${serverUser}`,
    `topic read ${topics.all}`,
    `topic write ${topics.machine('+', '+', 'command')}`,
  ];
  for (const g of gateways) {
    lines.push('', `user ${g.gateway}`);
    for (const m of g.machines) {
      for (const channel of ['state', 'telemetry', 'event'] as const)
        lines.push(`topic write ${topics.machine(g.site, m, channel)}`);
      lines.push(`topic read ${topics.machine(g.site, m, 'command')}`);
    }
    lines.push(`topic write ${topics.presence(g.site, g.gateway)}`);
  }
  return `${lines.join('\n')}\n`;
}
