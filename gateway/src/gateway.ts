/**
 * The gateway process, assembled: one runner per machine, one outbox, one publisher. `main.ts`
 * reads argv and calls this; tests call it with a config object and their own connection factory.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNetworkProfile } from '@manufacto/firmware-profiles';
import { AccessPage } from './access/access-page.js';
import { askServer } from './access/ask-server.js';
import { grantsFile, RelayKeeper } from './access/relay-keeper.js';
import { TcpBridge } from './bridge/tcp-bridge.js';
import { type GatewayConfig, isSerialMachine } from './config.js';
import { ControlSocket } from './control/control-socket.js';
import { jobCommandHandler } from './jobs/job-commands.js';
import { JobManager } from './jobs/job-manager.js';
import {
  type EmitContext,
  type RunnerStatus,
  SerialMachineRunner,
} from './machines/serial-runner.js';
import type { TrackerOutput } from './machines/tracker.js';
import { buildMessage } from './messages.js';
import { Outbox, type OutboxStats } from './outbox/outbox.js';
import { Publisher } from './outbox/publisher.js';
import { resolveNetworkMachine } from './network/config.js';
import type { LinkFactory } from './network/link.js';
import { openNetworkLink } from './network/links.js';
import { NetworkMachineRunner } from './network/runner.js';
import type { ConnectionFactory } from './transports/connection.js';
import { openMachineConnection } from './transports/open.js';
import { GATEWAY_VERSION } from './version.js';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly connect?: ConnectionFactory;
  /** How network machines (mqtt, http, websocket) are reached; tests may inject their own. */
  readonly link?: LinkFactory;
  readonly log?: (line: string) => void;
}

export interface Gateway {
  status(): {
    broker: { connected: boolean; lastError: string | undefined };
    outbox: OutboxStats;
    machines: RunnerStatus[];
  };
  /** The runner of a serial machine, to stream a job through it (jobs/job-stream.ts). */
  serialRunner(id: string): SerialMachineRunner | undefined;
  /** Jobs streamed by the gateway (the CLI's `send` through the control socket). */
  readonly jobs: JobManager;
  /** The access page's port, once it listens (`access.port` in the config), else undefined. */
  accessPort(): Promise<number | undefined>;
  /**
   * Switches the relay in front of a network machine (Shelly, Tasmota): the unlock (`true`) or
   * lock of access at the machine (the access page calls it once the server said yes).
   */
  switchRelay(machine: string, on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export function startGateway({
  config,
  connect = openMachineConnection,
  link = openNetworkLink,
  log = (l) => console.log(l),
}: GatewayOptions): Gateway {
  // Secrets and CA files are read before anything starts: a missing one stops the boot, named.
  const network = new Map(
    config.machines.flatMap((m, i) =>
      isSerialMachine(m) ? [] : [[m.id, resolveNetworkMachine(m, `machines[${i}]`)] as const],
    ),
  );
  const outbox = new Outbox({
    file: join(config.dataDir, `outbox-${config.gateway}.sqlite`),
    maxMessages: config.outbox.maxMessages,
    whenFull: config.outbox.whenFull,
    onError: (error) => log(`outbox: cannot write (${error.message}); kept in memory, tried again`),
  });
  const serialRunners = new Map<string, SerialMachineRunner>();
  // The runners are made below; `switchRelay` and `working` reach them when called.
  const relays = new RelayKeeper({
    relay: (machine, on) => switchRelay(machine, on),
    working: (machine) => working(machine),
    known: (machine) =>
      runners.find((r) => r.status().machine === machine)?.status().state !== undefined,
    store: grantsFile(join(config.dataDir, `access-grants-${config.gateway}.json`)),
    log,
  });
  const relayMachines = config.machines.filter(
    (m) => !isSerialMachine(m) && findNetworkProfile(m.profile)?.relay !== undefined,
  );
  const jobs = new JobManager({
    host: (id) => serialRunners.get(id),
    okTimeoutMs: (id) => {
      const machine = config.machines.find((m) => m.id === id);
      if (!machine || !isSerialMachine(machine)) throw new Error(`no serial machine "${id}"`);
      return machine.okTimeoutSeconds * 1000;
    },
    log,
  });
  const publisher = new Publisher({
    outbox,
    url: config.broker.url,
    username: config.broker.username,
    password: config.broker.password,
    ca: readCa(config.broker.caFile),
    site: config.site,
    gateway: config.gateway,
    machines: config.machines.map((m) => m.id),
    version: GATEWAY_VERSION,
    maxInFlight: config.outbox.maxInFlight,
    reconnectMs: config.broker.reconnectSeconds * 1000,
    log,
    commands: {
      machines: [...config.machines.filter(isSerialMachine), ...relayMachines].map((m) => m.id),
      onMessage: jobCommandHandler({
        jobs,
        relays,
        log,
        username: config.broker.username,
        password: config.broker.password,
        serverUrl: config.server.url,
        brokerUrl: config.broker.url,
        maxFileBytes: config.server.jobFileMaxBytes,
      }),
    },
  });
  let warnedFull = false;
  const bridges: TcpBridge[] = [];
  const runners = config.machines.map((machine) => {
    const identity = {
      site: config.site,
      gateway: config.gateway,
      id: machine.id,
      name: machine.name,
      kind: machine.kind,
    };
    const common = {
      log,
      heartbeatMs: config.telemetry.heartbeatSeconds * 1000,
      telemetryMinIntervalMs: config.telemetry.minIntervalSeconds * 1000,
      emit: (output: TrackerOutput, context: EmitContext) => {
        const message = buildMessage(identity, output, context);
        const stored = outbox.enqueue(message.channel, message.build);
        if (!stored && !warnedFull) {
          warnedFull = true;
          log(
            `outbox full (${config.outbox.maxMessages} messages): telemetry is being dropped until the broker is back; states and usage events are kept`,
          );
        }
        if (stored) warnedFull = false; // the publisher sends it once the outbox has committed it
      },
    };
    const remote = network.get(machine.id);
    if (remote)
      return new NetworkMachineRunner({
        ...common,
        machine: remote,
        gateway: config.gateway,
        link,
        pastJobsFile: join(config.dataDir, `jobs-seen-${machine.id}.json`),
      });
    if (!isSerialMachine(machine)) throw new Error(`machine ${machine.id}: no runner`);
    const runner = new SerialMachineRunner({ ...common, machine, connect });
    if (machine.bridge) {
      bridges.push(
        new TcpBridge({
          machineId: machine.id,
          host: runner,
          port: machine.bridge.port,
          listen: machine.bridge.listen,
          log,
        }),
      );
    }
    serialRunners.set(machine.id, runner);
    return runner;
  });
  publisher.start();
  for (const runner of runners) runner.start();
  // A port already taken is the fab manager's to fix; the machines are watched meanwhile.
  // `manufacto-gateway send` reaches the running gateway here; without it the machines still run.
  const control = new ControlSocket(config.dataDir, jobs);
  control.start().catch((error: Error) => log(`control socket: ${error.message}`));
  for (const bridge of bridges) bridge.start().catch((error: Error) => log(error.message));
  async function switchRelay(machine: string, on: boolean): Promise<void> {
    const runner = runners.find((r) => r.status().machine === machine);
    if (!(runner instanceof NetworkMachineRunner))
      throw new Error(
        `machine ${machine}: ${runner ? 'not a network machine, it has no relay' : 'unknown'}`,
      );
    await runner.switchRelay(on);
  }
  /** Running or paused: its relay is not switched off under it. */
  function working(machine: string): boolean {
    const state = runners.find((r) => r.status().machine === machine)?.status().state;
    return state === 'running' || state === 'paused';
  }
  // Relays left on by a crash are switched off, live grants re-armed (`relay-keeper.ts`).
  relays.restore(relayMachines.map((m) => m.id));
  const access = accessPage(config, relayMachines, relays, log);
  const accessPort = access
    ? access.start().catch((error: Error) => {
        log(`access page: ${error.message}`);
        return undefined;
      })
    : Promise.resolve(undefined);
  return {
    status: () => ({
      broker: { connected: publisher.connected, lastError: publisher.lastError },
      outbox: outbox.stats(),
      machines: runners.map((r) => r.status()),
    }),
    serialRunner: (id) => serialRunners.get(id),
    jobs,
    accessPort: () => accessPort,
    switchRelay,
    async stop() {
      jobs.cancelAll('the gateway is stopping');
      await access?.stop();
      relays.stop();
      await control.stop();
      await Promise.all(bridges.map((b) => b.stop()));
      await Promise.all(runners.map((r) => r.stop()));
      // Give the broker a moment to take what the machines said last.
      const deadline = Date.now() + 2000;
      while (publisher.connected && outbox.stats().pending > 0 && Date.now() < deadline) {
        publisher.pump();
        await new Promise((r) => setTimeout(r, 50));
      }
      await publisher.stop();
      outbox.close();
    },
  };
}

/**
 * The access page over the machines with a relay (a Shelly or Tasmota profile), when
 * `access.port` is set; it asks the server with the gateway's broker credentials.
 */
function accessPage(
  config: GatewayConfig,
  machines: readonly { id: string; name: string }[],
  relays: RelayKeeper,
  log: (line: string) => void,
): AccessPage | undefined {
  const { access, server, broker } = config;
  if (access.port === undefined || server.url === undefined) return undefined;
  if (machines.length === 0) log('access page: no machine has a relay to switch');
  const asking = {
    serverUrl: server.url,
    gateway: broker.username ?? config.gateway,
    password: broker.password ?? '',
  };
  return new AccessPage({
    listen: access.listen,
    port: access.port,
    hostnames: access.hostnames,
    machines: machines.map((m) => ({ id: m.id, name: m.name })),
    ask: (machine, code) => askServer(asking, machine, code),
    relays,
    whenServerAway: access.whenServerAway,
    offlineMinutes: access.offlineMinutes,
    log,
  });
}

/** The broker's CA file, read once; a missing file is named in the error. */
function readCa(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `broker.caFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}
