/**
 * The access page: a small web page on the gateway (loopback by default: a kiosk screen beside
 * the machines) where a person picks a machine and types their PIN or badge code (a USB badge
 * reader types like a keyboard). The server decides (`ask-server.ts`); allowed, the machine's
 * relay is switched on until the grant runs out (the slot's end, or the next slot's start for a
 * walk-in; `relay-keeper.ts`). Refused, the reasons are shown in French, then English.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { AccessAnswer, Words } from './ask-server.js';
import type { RelayKeeper } from './relay-keeper.js';

export interface AccessPageOptions {
  readonly listen: string;
  readonly port: number;
  /** The machines with a relay to switch. */
  readonly machines: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly ask: (machine: string, code: string) => Promise<AccessAnswer>;
  /** Switches the relays on for a grant and off when it runs out. */
  readonly relays: RelayKeeper;
  readonly whenServerAway: 'refuse' | 'unlock';
  readonly offlineMinutes: number;
  /** Names the page is reached by besides its listen address and localhost (`access.hostnames`). */
  readonly hostnames?: readonly string[];
  readonly log: (line: string) => void;
  readonly clock?: () => number;
}

const MAX_BODY = 4096;

export class AccessPage {
  readonly #o: AccessPageOptions;
  #server: Server | undefined;
  /** The names this page answers to (see `knownHosts`), lowercase. */
  #hosts: ReadonlySet<string>;

  constructor(options: AccessPageOptions) {
    this.#o = options;
    this.#hosts = knownHosts(options.listen, options.hostnames ?? []);
  }

  /** Listens; resolves with the port (0 in the config picks a free one). */
  async start(): Promise<number> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: Error) => {
        this.#o.log(`access page: ${error.message}`);
        if (!res.headersSent) send(res, 500, page('Erreur', `<p>${esc(error.message)}</p>`));
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#o.port, this.#o.listen, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    this.#o.log(`access page on http://${this.#o.listen}:${port}/`);
    return port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page of evil.example whose name then points at this box sends its requests
    // here with Host and Origin both evil.example; only the gateway's own names are answered.
    const host = hostName(req.headers.host);
    // The box's addresses may have come or changed since (DHCP after boot): read them once more.
    if (host !== undefined && !this.#hosts.has(host) && WILDCARDS.has(this.#o.listen))
      this.#hosts = knownHosts(this.#o.listen, this.#o.hostnames ?? []);
    if (host === undefined || !this.#hosts.has(host)) {
      this.#o.log(`access page: refused a request for host ${req.headers.host ?? '(none)'}`);
      return send(
        res,
        421,
        page(
          'Adresse inconnue',
          words({
            fr: 'Cette page ne répond qu’à l’adresse de la passerelle.',
            en: 'This page answers at the gateway’s address only.',
          }),
        ),
      );
    }
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (req.method === 'GET' && path === '/') return send(res, 200, this.#form());
    if (req.method === 'POST' && !sameOrigin(req, this.#hosts)) {
      this.#o.log(
        `access page: ${path} refused from another site (${req.headers.origin ?? req.headers['sec-fetch-site']})`,
      );
      return send(
        res,
        403,
        page(
          'Accès refusé',
          `${words({ fr: 'Ce formulaire ne s’envoie que depuis cette page.', en: 'This form is sent from this page only.' })}${back}`,
        ),
      );
    }
    if (req.method === 'POST' && path === '/unlock') {
      const form = new URLSearchParams(await readBody(req));
      const machine = form.get('machine') ?? '';
      const code = (form.get('code') ?? '').trim();
      const known = this.#o.machines.find((m) => m.id === machine);
      if (!known)
        return send(
          res,
          400,
          this.#form(words({ fr: 'Choisissez une machine.', en: 'Pick a machine.' })),
        );
      if (!code)
        return send(
          res,
          400,
          this.#form(words({ fr: 'Tapez votre code.', en: 'Type your code.' })),
        );
      return this.#unlock(res, known, code);
    }
    send(res, 404, page('Introuvable', '<p>Page inconnue. <a href="/">Retour</a></p>'));
  }

  async #unlock(res: ServerResponse, machine: { id: string; name: string }, code: string) {
    const now = (this.#o.clock ?? Date.now)();
    const answer = await this.#o.ask(machine.id, code);
    if (!answer.allowed) {
      const away = answer.reasons.some((r) => r.code === 'server_unreachable');
      if (away && this.#o.whenServerAway === 'unlock') {
        const until = now + this.#o.offlineMinutes * 60_000;
        await this.#switchOn(machine.id, until);
        this.#o.log(
          `access: ${machine.id} unlocked without the server (whenServerAway: unlock), nobody credited`,
        );
        return send(
          res,
          200,
          page(
            'Machine déverrouillée',
            `<p role="status">${esc(machine.name)} est déverrouillée jusqu’à ${hhmm(until)} sans l’avis du serveur (injoignable) : prévenez un responsable.</p><p lang="en">${esc(machine.name)} is unlocked until ${hhmm(until)} without the server (unreachable): tell a manager.</p>${back}`,
          ),
        );
      }
      this.#o.log(
        `access: ${machine.id} refused (${answer.reasons.map((r) => r.code).join(', ')})`,
      );
      const list = answer.reasons
        .map(
          (r) =>
            `<li data-code="${esc(r.code)}">${esc(r.message.fr)} <span lang="en">${esc(r.message.en)}</span></li>`,
        )
        .join('');
      return send(
        res,
        403,
        page(
          'Accès refusé',
          `<p role="alert">${esc(machine.name)} reste verrouillée.</p><ul>${list}</ul>${back}`,
        ),
      );
    }
    await this.#switchOn(machine.id, answer.until);
    this.#o.log(
      `access: ${machine.id} unlocked for ${answer.member.id} (${answer.as}) until ${new Date(answer.until).toISOString()}`,
    );
    const next =
      answer.next !== null
        ? `<p>Créneau suivant à ${hhmm(answer.next)} : libérez la machine avant. <span lang="en">Next slot at ${hhmm(answer.next)}: free the machine before.</span></p>`
        : '';
    send(
      res,
      200,
      page(
        'Machine déverrouillée',
        `<p role="status">${esc(machine.name)} est à vous, ${esc(answer.member.name)}, jusqu’à ${hhmm(answer.until)}. <span lang="en">${esc(machine.name)} is yours until ${hhmm(answer.until)}.</span></p>${next}${back}`,
      ),
    );
  }

  #switchOn(machine: string, until: number): Promise<void> {
    return this.#o.relays.unlock(machine, until);
  }

  #form(message = ''): string {
    const options = this.#o.machines
      .map((m) => `<option value="${esc(m.id)}">${esc(m.name)}</option>`)
      .join('');
    return page(
      'Démarrer une machine',
      `${message}<form method="post" action="/unlock">
<label for="machine">Machine <span lang="en">(machine)</span></label>
<select id="machine" name="machine" required>${options}</select>
<label for="code">Votre code ou badge <span lang="en">(your PIN or badge)</span></label>
<input id="code" name="code" type="password" inputmode="numeric" autocomplete="off" required autofocus maxlength="64">
<button type="submit">Démarrer <span lang="en">(start)</span></button>
</form>`,
    );
  }
}

/**
 * A POST from another site's page (a link a person was sent, a page open beside the kiosk) must
 * not unlock a machine with a code the browser filled in, nor in the person's place: the browser
 * says where a form comes from (`Sec-Fetch-Site`, and `Origin` on every POST), and only this page
 * may send it. A request with neither comes from no browser (curl, a test), not a forged form.
 * The origin is compared with the gateway's own names, never with `Host`: under DNS rebinding both
 * are the attacker's.
 */
export function sameOrigin(req: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed or file page), or garbage
  }
  return url.protocol === 'http:' && hosts.has(hostName(url.host) ?? '');
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The names the page answers to: its listen address (every interface's address when it listens
 * on all of them), localhost and the loopback addresses, the box's own name and its mDNS name
 * (`<hostname>.local`, what a kiosk on the LAN types), and the configured `hostnames`. The box's
 * names are safe to take: a rebinding page can only make a browser send its own domain as Host.
 */
export function knownHosts(
  listen: string,
  hostnames: readonly string[],
  boxName: string = hostname(),
): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]', ...hostnames];
  if (boxName && boxName !== 'localhost') names.push(boxName, `${boxName}.local`);
  if (WILDCARDS.has(listen)) {
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.push(a.family === 'IPv6' ? `[${a.address}]` : a.address);
  } else names.push(listen.includes(':') && !listen.startsWith('[') ? `[${listen}]` : listen);
  return new Set(names.map((n) => n.toLowerCase()));
}

/** `Host: name:port` → `name`, lowercase, IPv6 kept in brackets; undefined when absent. */
function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end < 0 ? undefined : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}

const back = '<p><a href="/">Retour <span lang="en">(back)</span></a></p>';
const words = (w: Words) => `<p role="alert">${esc(w.fr)} <span lang="en">${esc(w.en)}</span></p>`;
const hhmm = (ms: number) =>
  new Date(ms).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} — Manufacto</title>
<style>body{font:1.1rem system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}label,select,input,button{display:block;width:100%;margin:.4rem 0;font-size:1.2rem}button{padding:.6rem}[role=alert]{color:#8a1c1c}</style></head>
<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page embeds nothing from elsewhere and is framed by nobody.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
