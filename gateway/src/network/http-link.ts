/**
 * The HTTP polling link (PrusaLink, OctoPrint, Shelly RPC): asks the profile's paths every period,
 * with the API key header or HTTP digest (PrusaLink's `maker` password; Basic when the device asks
 * for it), over HTTPS with the machine's CA when the address says so. Each answer is a message
 * whose source is its path. The device is down after a failed round, up again at the first answer.
 *
 * A profile with a push socket (OctoPrint) gets it opened after the first answer: while the socket
 * delivers, polling pauses; when it closes or falls silent, polling takes over again.
 * @module
 */
import { decodePayload } from '@manufacto/firmware-profiles';
import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from './digest.js';
import { openPushSocket, type PushSocket } from './http-push.js';
import { type DeviceHttpError, deviceHttp, type HttpAnswer } from './http-request.js';
import { backoff, type LinkFactory, safeUrl } from './link.js';

const TIMEOUT_MS = 5000;

export const openHttpLink: LinkFactory = ({ machine, profile, handlers, backoffMs }) => {
  const plan = profile.http;
  if (!plan) throw new Error(`profile ${profile.id} does not speak HTTP`);
  const base = machine.url.replace(/\/$/, '');
  const where = safeUrl(base);
  const every = machine.pollSeconds !== undefined ? machine.pollSeconds * 1000 : plan.everyMs;
  const retry = backoff(backoffMs ?? 1000);
  const client = deviceHttp({
    base,
    timeoutMs: TIMEOUT_MS,
    ...(machine.ca !== undefined ? { ca: machine.ca } : {}),
    ...(machine.tls.servername !== undefined ? { servername: machine.tls.servername } : {}),
    trustAny: machine.tls.trust === 'any',
  });
  let challenge: DigestChallenge | undefined;
  let nc = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let up = false;
  let push: PushSocket | undefined;

  const headers = (method: 'GET' | 'POST', path: string): Record<string, string> => {
    const h: Record<string, string> = { accept: 'application/json' };
    if (machine.apiKey !== undefined)
      h[(plan.apiKeyHeader ?? 'X-Api-Key').toLowerCase()] = machine.apiKey;
    else if (challenge && machine.password !== undefined) {
      nc += 1;
      h.authorization = digestAuthorization(challenge, {
        method,
        uri: path,
        username: machine.username ?? 'maker',
        password: machine.password,
        nc,
      });
    }
    return h;
  };

  const send = async (method: 'GET' | 'POST', path: string, body?: string) => {
    let answer: HttpAnswer = await client.request(method, path, headers(method, path), body);
    if (answer.status === 401 && machine.password !== undefined && machine.apiKey === undefined) {
      // A new (or stale) nonce: take the challenge and ask once more.
      const asked = answer.header('www-authenticate');
      const next = parseDigestChallenge(asked ?? null);
      if (next) {
        challenge = next;
        nc = 0;
        answer = await client.request(method, path, headers(method, path), body);
      } else if (/^Basic/i.test(asked ?? '')) {
        const basic = Buffer.from(`${machine.username ?? 'maker'}:${machine.password}`).toString(
          'base64',
        );
        answer = await client.request(
          method,
          path,
          { accept: 'application/json', authorization: `Basic ${basic}` },
          body,
        );
      }
    }
    if (answer.status === 401 || answer.status === 403)
      throw new Error(
        `${where}${path}: ${answer.status} (wrong ${machine.apiKey !== undefined ? 'API key' : 'password'}?)`,
      );
    return answer;
  };

  const ask = async (path: string): Promise<void> => {
    const answer = await send('GET', path);
    if (!up) {
      up = true;
      retry.reset();
      handlers.onUp();
      for (const once of plan.once ?? []) void ask(once).catch(() => undefined);
    }
    handlers.onMessage({
      source: path,
      status: answer.status,
      payload: answer.text === '' ? '' : decodePayload(answer.text),
    });
  };

  const openPush = () => {
    if (!plan.push || push || stopped) return;
    push = openPushSocket({
      plan: plan.push,
      base,
      where,
      machine,
      login: async (path, body) => {
        const answer = await send('POST', path, JSON.stringify(body));
        if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
        return decodePayload(answer.text);
      },
      handlers,
      ...(backoffMs !== undefined ? { backoffMs } : {}),
    });
  };

  const round = async () => {
    if (stopped) return;
    let delay = every;
    // The push socket says it all while it lives; a poll now and then would only repeat it.
    if (!push?.delivering()) {
      try {
        for (const path of plan.paths) await ask(path);
        openPush();
      } catch (error) {
        const e = error as DeviceHttpError;
        const why = e.code === 'TIMEOUT' || !e.code || e.code === 'ERROR' ? e.message : e.code;
        up = false;
        handlers.onDown(why.startsWith(where) ? why : `${where}: ${why}`);
        delay = Math.max(every, retry.next());
      }
    }
    if (stopped) return;
    timer = setTimeout(() => void round(), delay);
    timer.unref?.();
  };

  return {
    start: () => void round(),
    async switchRelay(on) {
      const request = profile.relay?.http?.(on);
      if (!request) throw new Error(`profile ${profile.id} has no relay over HTTP`);
      const answer = await send('GET', request.path);
      if (answer.status !== 200)
        throw new Error(`${where}${request.path}: ${answer.status} ${answer.text.slice(0, 120)}`);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await push?.stop();
      client.close();
    },
  };
};
