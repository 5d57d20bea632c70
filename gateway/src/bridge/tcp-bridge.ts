/**
 * The bridge for desktop software: a raw TCP endpoint per machine (`bridge: { port: 2323 }`), the
 * way network GRBL boards and ser2net offer theirs, so LightBurn, a G-code sender or a slicer's
 * host keeps working while the gateway owns the USB port (reopening it would reset the board).
 * Bytes pass both ways through the runner's lent port (`runner.attach`), and the runner goes on
 * reading every line for the wall; what the client streams is a job on the wall (traffic.ts).
 *
 * - GRBL: the gateway sends its own `?` only while the client does not poll, and keeps those
 *   reports out of the client's stream. Marlin: nothing is added; temperatures keep coming by
 *   autoreport.
 * - One client at a time: a second one gets one line saying who has the machine, then is closed.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { HostJob } from '../machines/machine-monitor.js';
import type { PortClient, PortLease } from '../machines/port-client.js';
import { jobEndText } from '../jobs/job-reasons.js';
import { BridgeTraffic, type TrafficOptions } from './traffic.js';

/** What the bridge needs of a machine's runner (SerialMachineRunner has it). */
export interface BridgeHost {
  attach(client: PortClient): Promise<PortLease>;
  hostJob(job: HostJob): void;
  endHostJob(outcome: 'completed' | 'cancelled' | 'failed', reason?: string): void;
}

export interface TcpBridgeOptions {
  readonly machineId: string;
  readonly host: BridgeHost;
  readonly port: number;
  /** Where to listen: this box only by default (the bridge has no authentication). */
  readonly listen?: string;
  readonly log: (line: string) => void;
  readonly traffic?: TrafficOptions;
  readonly now?: () => number;
}

export class TcpBridge {
  readonly #o: TcpBridgeOptions;
  readonly #now: () => number;
  #server: Server | undefined;
  #client: { socket: Socket; name: string } | undefined;

  constructor(options: TcpBridgeOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** The port it listens on (the one asked, or the one given for port 0). */
  get port(): number {
    const address = this.#server?.address();
    return typeof address === 'object' && address ? address.port : this.#o.port;
  }

  start(): Promise<void> {
    const server = createServer((socket) => void this.#accept(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new Error(
            `machine ${this.#o.machineId}: bridge on port ${this.#o.port}: ${error.message}`,
          ),
        ),
      );
      const listen = this.#o.listen ?? '127.0.0.1';
      server.listen(this.#o.port, listen, () => {
        const local = listen === '127.0.0.1' || listen === '::1' || listen === 'localhost';
        this.#o.log(
          `${this.#o.machineId}: bridge listening on ${listen} tcp port ${this.port}${local ? '' : ' (no authentication: anyone who reaches this address drives the machine)'}`,
        );
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    this.#client?.socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #accept(socket: Socket): Promise<void> {
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const name = `bridge ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const refuse = (why: string) => {
      // A plain line a person reads in the sender's console; nothing a firmware would say.
      socket.end(`[MSG:manufacto: ${this.#o.machineId} ${why}]\r\n`);
    };
    if (this.#client) return refuse(`is in use by ${this.#client.name}; one client at a time`);
    const client = { socket, name };
    this.#client = client;
    const traffic = new BridgeTraffic(this.#o.traffic);
    let jobOn = false;
    let lease: PortLease | undefined;
    const pending: string[] = [];
    const endJob = (outcome: 'completed' | 'failed', reason?: string) => {
      if (!jobOn) return;
      jobOn = false;
      this.#o.host.endHostJob(outcome, reason);
    };
    const watchJob = () => {
      const now = this.#now();
      const active = traffic.jobActive(now);
      if (active && !jobOn) {
        jobOn = true;
        this.#o.log(`${this.#o.machineId}: a job is streamed through the bridge by ${name}`);
      }
      if (active) this.#o.host.hostJob({ name, paused: false, metrics: {} });
      else endJob('completed');
    };
    const timer = setInterval(watchJob, 1000);
    timer.unref?.();
    const close = () => {
      clearInterval(timer);
      if (this.#client === client) this.#client = undefined;
      // The client went away: what it streamed is over (completed: we cannot know better).
      endJob('completed');
      lease?.release();
    };
    socket.on('close', close);
    socket.on('data', (chunk: Buffer) => {
      const data = chunk.toString('latin1');
      traffic.fromClient(data, this.#now());
      if (lease) void lease.write(data).catch(() => undefined);
      else pending.push(data);
      if (!jobOn && traffic.jobActive(this.#now())) watchJob();
    });
    try {
      lease = await this.#o.host.attach({
        name,
        onLine: (line) => {
          if (traffic.fromMachine(line, this.#now())) socket.write(`${line}\r\n`, 'latin1');
        },
        onDetach: (reason) => {
          endJob('failed', jobEndText({ code: 'port_lost' }));
          refuse(`lost its port (${reason})`);
        },
        pollsItself: () => traffic.clientPolls(this.#now()),
      });
    } catch (error) {
      clearInterval(timer);
      if (this.#client === client) this.#client = undefined;
      return refuse(`cannot be reached now (${(error as Error).message})`);
    }
    if (socket.destroyed) return void lease.release();
    this.#o.log(`${this.#o.machineId}: ${name} connected to the bridge`);
    for (const data of pending.splice(0)) void lease.write(data).catch(() => undefined);
  }
}
