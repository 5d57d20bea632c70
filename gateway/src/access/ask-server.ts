/**
 * Asks the server whether the person of a code may start a machine now: POST
 * `{server.url}/api/machines/{id}/access/code` with the gateway's broker credentials (HTTP
 * Basic, as for job files). HTTP rather than an MQTT request/response: one round trip with a
 * status and the server's typed reasons, no correlation ids, no extra topics in the broker's
 * ACL, and the gateway already holds `server.url` for job files. A server that cannot be
 * reached (or answers garbage) is `server_unreachable`: the caller decides, never a silent yes.
 * @module
 */

export interface Words {
  readonly fr: string;
  readonly en: string;
}

export type AccessAnswer =
  | {
      readonly allowed: true;
      readonly as: 'holder' | 'walk_in';
      readonly member: { readonly id: string; readonly name: string };
      readonly until: number;
      readonly next: number | null;
    }
  | {
      readonly allowed: false;
      readonly reasons: ReadonlyArray<{ readonly code: string; readonly message: Words }>;
    };

export interface AskOptions {
  readonly serverUrl: string;
  readonly gateway: string;
  readonly password: string;
  readonly timeoutMs?: number;
}

export const unreachable = (detail: string): AccessAnswer => ({
  allowed: false,
  reasons: [
    {
      code: 'server_unreachable',
      message: {
        fr: `Le serveur ne répond pas (${detail}) : la machine reste verrouillée. Réessayez ou prévenez un responsable.`,
        en: `The server does not answer (${detail}): the machine stays locked. Try again or tell a manager.`,
      },
    },
  ],
});

/** @example await askServer({ serverUrl, gateway: 'gw-1', password }, 'laser-co2', '48213377') */
export async function askServer(
  o: AskOptions,
  machine: string,
  code: string,
): Promise<AccessAnswer> {
  const url = new URL(
    `api/machines/${encodeURIComponent(machine)}/access/code`,
    withSlash(o.serverUrl),
  );
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      redirect: 'error',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${o.gateway}:${o.password}`).toString('base64')}`,
      },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
    });
  } catch (error) {
    return unreachable(
      (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message,
    );
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status === 200 && body?.allowed === true) {
    const member = body.member as { id: string; name: string };
    const next = body.next as { start: string } | null;
    return {
      allowed: true,
      as: body.as === 'holder' ? 'holder' : 'walk_in',
      member: { id: member.id, name: member.name },
      until: Date.parse(String(body.until)),
      next: next ? Date.parse(next.start) : null,
    };
  }
  if ((res.status === 409 || res.status === 422) && Array.isArray(body?.reasons))
    return {
      allowed: false,
      reasons: (body.reasons as Array<{ code: string; message: Words }>).map((r) => ({
        code: String(r.code),
        message: { fr: String(r.message?.fr ?? r.code), en: String(r.message?.en ?? r.code) },
      })),
    };
  // 401/403: this gateway's credentials or machine list are wrong — the fab manager's to fix.
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${res.status}`;
  return {
    allowed: false,
    reasons: [
      {
        code: res.status === 429 ? 'too_many_attempts' : 'gateway_refused',
        message: { fr: message, en: message },
      },
    ],
  };
}

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);
