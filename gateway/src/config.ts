/**
 * The gateway's configuration file (`gateway.yaml`), parsed once at boot. Defaults live here and
 * nowhere else; every error names the file and the field.
 * @module
 */
import { readFileSync } from 'node:fs';
import { ID_PATTERN, MACHINE_KINDS } from '@manufacto/firmware-profiles/contract';
import { findSerialProfile, serialProfiles } from '@manufacto/firmware-profiles';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { networkMachineSchema, type NetworkMachineConfig } from './network/config.js';
import { isTcpPort, parseTcpPort } from './transports/tcp.js';

const id = z
  .string()
  .regex(ID_PATTERN, 'use lowercase letters, digits and dashes (e.g. "prusa-mk4-1")');

const profileName = z
  .string()
  .refine((name) => name === 'auto' || findSerialProfile(name) !== undefined, {
    error: (issue) =>
      `unknown profile "${String(issue.input)}"; known profiles: ${[...serialProfiles.map((p) => p.id), 'auto'].join(', ')}`,
  });

export const serialMachineSchema = z.object({
  id,
  name: z.string().min(1).max(120),
  kind: z.enum(MACHINE_KINDS),
  /** A profile id from the registry, or `auto` to detect the firmware when the port opens. */
  profile: profileName.default('auto'),
  transport: z.literal('serial').default('serial'),
  /**
   * A device node (prefer `/dev/serial/by-id/…`: it survives replugging into another USB socket),
   * or `tcp://host:port` for a board that speaks its serial protocol over the network (FluidNC
   * and ESP3D telnet, ser2net).
   */
  port: z
    .string()
    .min(1)
    .refine((port) => !isTcpPort(port) || parseTcpPort(port) !== null, {
      error: (issue) =>
        `"${String(issue.input)}" is not a network serial address; write tcp://host:port (e.g. tcp://192.168.1.40:23)`,
    }),
  /** Serial only: a `tcp://` port ignores it. */
  baudRate: z.number().int().positive().default(115200),
  /** Status polls per second; GRBL recommends at most 5 Hz. */
  pollHz: z.number().positive().max(5).default(2),
  /** With no line from the machine for this long, it is marked offline (unresponsive). */
  silenceSeconds: z.number().positive().default(20),
  /**
   * Marlin jobs: how long the gateway waits for a line's `ok` (or a `busy:` keepalive) before it
   * takes the line as lost on the wire and sends it again: longer than any move without `busy:`.
   */
  okTimeoutSeconds: z.number().positive().max(600).default(30),
  /**
   * A raw TCP endpoint for desktop software (LightBurn, a G-code sender): one client at a time
   * talks to the machine through the gateway's open port, and what it runs is a job on the wall.
   */
  bridge: z
    .object({
      port: z.number().int().min(1).max(65_535),
      /**
       * Where to listen: this box only by default. The bridge has no authentication: whoever
       * reaches it drives the machine (a laser, a spindle), so listening on the workshop's
       * network (`0.0.0.0`, or one interface's address) must be written out.
       */
      listen: z.string().min(1).default('127.0.0.1'),
    })
    .optional(),
});
export type SerialMachineConfig = z.infer<typeof serialMachineSchema>;

/** Serial unless it says `transport: mqtt | http | websocket` (network/config.ts). */
function machineSchema() {
  return z.preprocess(
    (raw) =>
      typeof raw === 'object' && raw !== null && !('transport' in raw)
        ? { ...raw, transport: 'serial' }
        : raw,
    z.discriminatedUnion('transport', [serialMachineSchema, networkMachineSchema], {
      error: (issue) =>
        issue.code === 'invalid_union' && 'note' in issue
          ? 'transport must be serial (the default), mqtt, http or websocket'
          : undefined,
    }),
  );
}

export type MachineConfig = SerialMachineConfig | NetworkMachineConfig;

export function isSerialMachine(m: MachineConfig): m is SerialMachineConfig {
  return m.transport === 'serial';
}

export const gatewayConfigSchema = z.object({
  /** Site (workshop) this gateway belongs to: the `{site}` of every topic. */
  site: id,
  /** This gateway's id: the `gateway` field of every message. */
  gateway: id,
  broker: z
    .object({
      url: z
        .string()
        .regex(/^(mqtts?|wss?|tcp):\/\//, 'an mqtt:// or mqtts:// URL')
        .default('mqtt://localhost:1883'),
      username: z.string().optional(),
      password: z.string().optional(),
      /** For mqtts://: a PEM file of the authority that signed the broker's certificate (a self-signed one, say). */
      caFile: z.string().min(1).optional(),
      /** Seconds between reconnection attempts when the broker is away. */
      reconnectSeconds: z.number().positive().max(300).default(2),
    })
    .prefault({}),
  server: z
    .object({
      /**
       * The server's address (its PUBLIC_URL): the only origin a job's file is fetched from with
       * the gateway's credentials. Without it, the broker's host (over https if the broker is
       * mqtts/wss).
       */
      url: z
        .url({ protocol: /^https?$/, error: "an http(s) URL, the server's PUBLIC_URL" })
        .optional(),
      /** The largest job file fetched, whatever a command announces (bytes). */
      jobFileMaxBytes: z
        .number()
        .int()
        .positive()
        .max(64 * 1024 * 1024)
        .default(64 * 1024 * 1024),
    })
    .prefault({}),
  /**
   * Access at the machine: a small page where a person types their PIN or badge code; the
   * gateway asks the server (`server.url`, with its broker credentials) and switches the
   * machine's relay on, then off again at the end of the slot once the machine is not working.
   */
  access: z
    .object({
      /** The page's port; absent: no page. */
      port: z.number().int().min(0).max(65_535).optional(),
      /** Loopback by default (a kiosk screen on the box); a LAN address puts the page on the workshop's network. */
      listen: z.string().min(1).default('127.0.0.1'),
      /**
       * Other names the page is reached by (`gateway.local`, the box's address on the workshop's
       * network): a request for any other host is answered 421, so that a site whose name is
       * rebound to this box cannot post the form (DNS rebinding). Its listen address (each of the
       * box's addresses when it listens on 0.0.0.0) and localhost are always known.
       */
      hostnames: z.array(z.string().min(1)).default([]),
      /**
       * When the server cannot be asked: `refuse` (nobody is let in without the rules, the
       * reason is shown) or `unlock` (a workshop that would rather not stop for a network
       * outage: the machine is switched on for `offlineMinutes`, nobody is credited, a manager
       * attaches the session).
       */
      whenServerAway: z.enum(['refuse', 'unlock']).default('refuse'),
      offlineMinutes: z.number().int().min(1).max(720).default(60),
    })
    .prefault({}),
  /** Where the outbox (messages not yet acknowledged by the broker) lives. */
  dataDir: z.string().min(1).default('/var/lib/manufacto-gateway'),
  outbox: z
    .object({
      /** Messages kept while the broker is away; see `whenFull`. At ~300 bytes a message, 1,000,000 is ~300 MB. */
      maxMessages: z.number().int().min(1000).default(1_000_000),
      /** When full: drop the oldest telemetry first (states and usage events are kept), or refuse new telemetry. */
      whenFull: z
        .enum(['drop-oldest-telemetry', 'refuse-telemetry'])
        .default('drop-oldest-telemetry'),
      /** Messages published but not yet acknowledged by the broker, at most. */
      maxInFlight: z.number().int().min(1).max(1000).default(100),
    })
    .prefault({}),
  telemetry: z
    .object({
      /** Readings are re-published at least this often even when unchanged, so graphs have points. */
      heartbeatSeconds: z.number().positive().default(60),
      /** Readings that keep changing (a moving head) are published at most this often; 0 sends every change. */
      minIntervalSeconds: z.number().min(0).max(60).default(1),
    })
    .prefault({}),
  machines: z.array(machineSchema()).min(1, 'list at least one machine'),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
    '',
  );
}

/** Validates a parsed config object; `file` only names the source in errors. */
export function parseGatewayConfig(raw: unknown, file = 'gateway.yaml'): GatewayConfig {
  const result = gatewayConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => `${pathOf(i.path) || '(top level)'}: ${i.message}`),
    );
  }
  const config = result.data;
  const problems: string[] = [];
  const seenIds = new Set<string>();
  const seenPorts = new Map<string, string>();
  const seenBridges = new Map<number, string>();
  config.machines.forEach((m, i) => {
    if (seenIds.has(m.id)) problems.push(`machines[${i}].id: "${m.id}" is used twice`);
    seenIds.add(m.id);
    if (!isSerialMachine(m)) return;
    const other = seenPorts.get(m.port);
    // A serial port has one owner: two machines on one port would fight over it.
    if (other)
      problems.push(`machines[${i}].port: ${m.port} is already used by machine "${other}"`);
    seenPorts.set(m.port, m.id);
    if (!m.bridge) return;
    const bridged = seenBridges.get(m.bridge.port);
    if (bridged)
      problems.push(
        `machines[${i}].bridge.port: ${m.bridge.port} is already the bridge of machine "${bridged}"`,
      );
    seenBridges.set(m.bridge.port, m.id);
  });
  if (config.access.port !== undefined && config.server.url === undefined)
    problems.push('server.url: the access page asks the server: give its address (PUBLIC_URL)');
  if (problems.length) throw new ConfigError(file, problems);
  return config;
}

/** Reads and validates a YAML (or JSON) config file. */
export function loadGatewayConfig(file: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0];
      throw new ConfigError(file, [
        `${where ? `line ${where.line}, column ${where.col}: ` : ''}${error.code} (${error.message.split('\n')[0]})`,
      ]);
    }
    throw error;
  }
  return parseGatewayConfig(raw, file);
}
