/**
 * A Bambu Lab printer of ours in LAN mode: its own MQTT broker (aedes) over TLS with a self-signed
 * certificate naming its serial number (made with openssl, as the real printer's names its
 * serial, not its address), user `bblp` and an access code; it publishes `device/{serial}/report`
 * as a P1 does (the full status after `pushall`, deltas otherwise) and answers `get_version`.
 * Payload shapes follow the real captures in firmware-profiles/src/bambu/testcases.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { requireBinary } from '../../support/require-binary.js';

export interface BambuSimulatorOptions {
  readonly serial: string;
  readonly accessCode: string;
}

type Status = Record<string, unknown>;

function printerCertificate(serial: string): { certFile: string; cert: string; key: string } {
  const openssl = requireBinary('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'mf-bambu-'));
  const certFile = join(dir, 'printer.pem');
  const keyFile = join(dir, 'printer.key');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${serial}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  );
  return { certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

export class BambuSimulator {
  readonly #o: BambuSimulatorOptions;
  readonly #aedes: Aedes;
  readonly #server: Server;
  readonly port: number;
  /** The printer's certificate (PEM file): what the gateway is told to trust. */
  readonly certFile: string;
  #status: Status;
  #timers = new Set<NodeJS.Timeout>();
  /** `pushall` requests received. */
  pushalls = 0;

  private constructor(
    o: BambuSimulatorOptions,
    aedes: Aedes,
    server: Server,
    port: number,
    certFile: string,
  ) {
    this.#o = o;
    this.#aedes = aedes;
    this.#server = server;
    this.port = port;
    this.certFile = certFile;
    this.#status = {
      command: 'push_status',
      gcode_state: 'IDLE',
      stg_cur: -1,
      mc_percent: 0,
      mc_remaining_time: 0,
      layer_num: 0,
      total_layer_num: 0,
      nozzle_temper: 24.0,
      nozzle_target_temper: 0,
      bed_temper: 23.5,
      bed_target_temper: 0,
      chamber_temper: 5,
      subtask_name: '',
      print_error: 0,
      hms: [],
      ams: {
        tray_now: '0',
        ams: [
          {
            id: '0',
            humidity: '4',
            temp: '25.1',
            tray: [{ id: '0', tray_type: 'PLA', tray_color: 'FFFFFFFF', remain: 80 }],
          },
        ],
      },
    };
  }

  static async start(o: BambuSimulatorOptions): Promise<BambuSimulator> {
    const { cert, key, certFile } = printerCertificate(o.serial);
    const aedes = await Aedes.createBroker({
      authenticate: (_client, username, password, callback) => {
        const ok = username === 'bblp' && password?.toString('utf8') === o.accessCode;
        if (ok) callback(null, true);
        else
          callback(
            Object.assign(new Error('bad user name or password'), { returnCode: 4 }) as never,
            false,
          );
      },
    });
    const server = createServer({ cert, key }, (socket) => aedes.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const sim = new BambuSimulator(o, aedes, server, port, certFile);
    await new Promise<void>((resolve) =>
      aedes.subscribe(
        `device/${o.serial}/request`,
        (packet, done) => {
          sim.#request(packet.payload.toString());
          done();
        },
        () => resolve(),
      ),
    );
    return sim;
  }

  #publish(body: Record<string, unknown>): void {
    this.#aedes.publish(
      {
        cmd: 'publish',
        topic: `device/${this.#o.serial}/report`,
        payload: Buffer.from(JSON.stringify(body)),
        qos: 0,
        retain: false,
        dup: false,
      },
      () => undefined,
    );
  }

  #request(text: string): void {
    let request: Record<string, { command?: string; sequence_id?: string }>;
    try {
      request = JSON.parse(text);
    } catch {
      return;
    }
    if (request.pushing?.command === 'pushall') {
      this.pushalls += 1;
      this.#publish({ print: { ...this.#status, sequence_id: request.pushing.sequence_id } });
    }
    if (request.info?.command === 'get_version')
      this.#publish({
        info: {
          command: 'get_version',
          sequence_id: request.info.sequence_id,
          module: [
            {
              name: 'ota',
              product_name: 'Bambu Lab P1S',
              sw_ver: '01.07.00.00',
              hw_ver: 'OTA',
              sn: this.#o.serial,
            },
          ],
        },
      });
  }

  /** A change, sent as a P1 sends it: only the fields that changed. */
  #change(delta: Status): void {
    this.#status = { ...this.#status, ...delta };
    this.#publish({ print: { command: 'push_status', ...delta } });
  }

  #later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  /** A print: heating, then `layers` layers, one every `layerMs`, then FINISH. Resolves at the end. */
  print(name: string, layers = 6, layerMs = 400): Promise<void> {
    this.#change({
      gcode_state: 'PREPARE',
      stg_cur: 2,
      subtask_name: name,
      mc_percent: 0,
      total_layer_num: layers,
      layer_num: 0,
      bed_target_temper: 65,
      nozzle_target_temper: 220,
    });
    return new Promise((resolve) => {
      this.#later(600, () => {
        this.#change({
          gcode_state: 'RUNNING',
          stg_cur: 0,
          bed_temper: 64.8,
          nozzle_temper: 219.6,
          mc_remaining_time: Math.ceil((layers * layerMs) / 60_000),
        });
        let layer = 0;
        const next = () => {
          layer += 1;
          this.#change({ layer_num: layer, mc_percent: Math.round((layer / layers) * 100) });
          if (layer < layers) this.#later(layerMs, next);
          else
            this.#later(layerMs, () => {
              this.#change({
                gcode_state: 'FINISH',
                stg_cur: 255,
                nozzle_target_temper: 0,
                bed_target_temper: 0,
                mc_remaining_time: 0,
              });
              resolve();
            });
        };
        this.#later(layerMs, next);
      });
    });
  }

  /** An HMS alert appears (attr, code as the printer sends them). */
  hms(attr: number, code: number): void {
    this.#change({ hms: [{ attr, code }] });
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    await new Promise<void>((r) => this.#aedes.close(() => r()));
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}
