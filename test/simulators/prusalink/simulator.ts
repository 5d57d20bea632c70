/**
 * A Prusa MK4 with PrusaLink, ours: `GET /api/v1/status` and `/api/v1/job` (204 without a job)
 * behind HTTP digest authentication (user `maker`, realm "Printer API", MD5, qop auth), as the
 * printer asks for it. Shapes follow Prusa-Link-Web's openapi.yaml and the capture in
 * firmware-profiles/src/prusalink/testcases.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const REALM = 'Printer API';

export class PrusaLinkSimulator {
  readonly #server: Server;
  readonly port: number;
  readonly #password: string;
  readonly #nonce = randomBytes(8).toString('hex');
  #state = 'IDLE';
  #job: { id: number; name: string; progress: number; printing: number } | undefined;
  #nextId = 41;
  #timers = new Set<NodeJS.Timeout>();
  /** Requests refused for a bad or missing digest. */
  refused = 0;

  private constructor(server: Server, port: number, password: string) {
    this.#server = server;
    this.port = port;
    this.#password = password;
  }

  static async start(password: string): Promise<PrusaLinkSimulator> {
    let sim: PrusaLinkSimulator | undefined;
    const server = createServer((req, res) => sim?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    sim = new PrusaLinkSimulator(
      server,
      typeof address === 'object' && address ? address.port : 0,
      password,
    );
    return sim;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  #authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Digest ')) return false;
    const f: Record<string, string> = {};
    for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g))
      f[m[1] as string] = m[2] ?? m[3] ?? '';
    if (f.username !== 'maker' || f.nonce !== this.#nonce || f.uri !== req.url) return false;
    const ha1 = md5(`maker:${REALM}:${this.#password}`);
    const ha2 = md5(`${req.method}:${f.uri}`);
    return f.response === md5(`${ha1}:${f.nonce}:${f.nc}:${f.cnonce}:${f.qop}:${ha2}`);
  }

  handle(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    if (!this.#authorized(req)) {
      this.refused += 1;
      res.writeHead(401, {
        'www-authenticate': `Digest realm="${REALM}", nonce="${this.#nonce}", qop="auth"`,
      });
      res.end();
      return;
    }
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/api/v1/status')
      json({
        ...(this.#job
          ? {
              job: {
                id: this.#job.id,
                progress: this.#job.progress,
                time_remaining: 60,
                time_printing: this.#job.printing,
              },
            }
          : {}),
        storage: { path: '/usb/', name: 'usb', read_only: false },
        printer: {
          state: this.#state,
          temp_bed: 60,
          target_bed: 60,
          temp_nozzle: 215,
          target_nozzle: 215,
          axis_z: 1.2,
          flow: 100,
          speed: 100,
          fan_hotend: 3500,
          fan_print: 5000,
        },
      });
    else if (req.url === '/api/v1/job') {
      if (!this.#job) {
        res.writeHead(204);
        res.end();
      } else
        json({
          id: this.#job.id,
          state: this.#state,
          progress: this.#job.progress,
          time_printing: this.#job.printing,
          file: { name: 'PART~1.BGC', display_name: this.#job.name, path: '/usb' },
        });
    } else {
      res.writeHead(404);
      res.end();
    }
  }

  /** A print of `steps` steps of `stepMs`, then FINISHED. */
  print(name: string, steps = 4, stepMs = 700): Promise<void> {
    this.#state = 'PRINTING';
    this.#job = { id: this.#nextId++, name, progress: 0, printing: 0 };
    return new Promise((resolve) => {
      let step = 0;
      const next = () => {
        step += 1;
        if (this.#job)
          this.#job = { ...this.#job, progress: Math.round((step / steps) * 100), printing: step };
        if (step < steps) this.#later(stepMs, next);
        else {
          this.#state = 'FINISHED';
          this.#later(3000, () => {
            this.#job = undefined;
            resolve();
          });
        }
      };
      this.#later(stepMs, next);
    });
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}
