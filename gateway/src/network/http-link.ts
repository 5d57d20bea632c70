/**
 * The HTTP polling link (PrusaLink, OctoPrint, Shelly RPC): asks the profile's paths every period,
 * with the API key header or HTTP digest (PrusaLink's `maker` password; Basic when the device asks
 * for it). Each answer is a message whose source is its path. The device is down after a failed
 * round, up again at the first answer.
 * @module
 */
import { decodePayload } from '@manufacto/firmware-profiles';
import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from './digest.js';
import { backoff, type LinkFactory, safeUrl } from './link.js';

const TIMEOUT_MS = 5000;

export const openHttpLink: LinkFactory = ({ machine, profile, handlers, backoffMs }) => {
  const plan = profile.http;
  if (!plan) throw new Error(`profile ${profile.id} does not speak HTTP`);
  const base = machine.url.replace(/\/$/, '');
  const where = safeUrl(base);
  const every = machine.pollSeconds !== undefined ? machine.pollSeconds * 1000 : plan.everyMs;
  const retry = backoff(backoffMs ?? 1000);
  let challenge: DigestChallenge | undefined;
  let nc = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let up = false;

  const headers = (path: string): Record<string, string> => {
    const h: Record<string, string> = { accept: 'application/json' };
    if (machine.apiKey !== undefined)
      h[(plan.apiKeyHeader ?? 'X-Api-Key').toLowerCase()] = machine.apiKey;
    else if (challenge && machine.password !== undefined) {
      nc += 1;
      h.authorization = digestAuthorization(challenge, {
        method: 'GET',
        uri: path,
        username: machine.username ?? 'maker',
        password: machine.password,
        nc,
      });
    }
    return h;
  };

  const get = async (path: string): Promise<Response> => {
    let response = await fetch(base + path, {
      headers: headers(path),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401 && machine.password !== undefined && machine.apiKey === undefined) {
      // A new (or stale) nonce: take the challenge and ask once more.
      await response.body?.cancel();
      const next = parseDigestChallenge(response.headers.get('www-authenticate'));
      if (next) {
        challenge = next;
        nc = 0;
        response = await fetch(base + path, {
          headers: headers(path),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } else if (/^Basic/i.test(response.headers.get('www-authenticate') ?? '')) {
        const basic = Buffer.from(`${machine.username ?? 'maker'}:${machine.password}`).toString(
          'base64',
        );
        response = await fetch(base + path, {
          headers: { accept: 'application/json', authorization: `Basic ${basic}` },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      }
    }
    return response;
  };

  const ask = async (path: string): Promise<void> => {
    const response = await get(path);
    if (response.status === 401 || response.status === 403)
      throw new Error(
        `${where}${path}: ${response.status} (wrong ${machine.apiKey !== undefined ? 'API key' : 'password'}?)`,
      );
    const text = await response.text();
    if (!up) {
      up = true;
      retry.reset();
      handlers.onUp();
      for (const once of plan.once ?? []) void ask(once).catch(() => undefined);
    }
    handlers.onMessage({
      source: path,
      status: response.status,
      payload: text === '' ? '' : decodePayload(text),
    });
  };

  const round = async () => {
    if (stopped) return;
    let delay = every;
    try {
      for (const path of plan.paths) await ask(path);
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      const why =
        e.name === 'TimeoutError'
          ? `no answer in ${TIMEOUT_MS / 1000} s`
          : (e.cause?.code ?? e.message);
      up = false;
      handlers.onDown(why.startsWith(where) ? why : `${where}: ${why}`);
      delay = Math.max(every, retry.next());
    }
    if (stopped) return;
    timer = setTimeout(() => void round(), delay);
    timer.unref?.();
  };

  return {
    start: () => void round(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
};
