#!/usr/bin/env node
/**
 * `manufacto-gateway`: the only place that reads argv and the environment.
 *
 *   manufacto-gateway --config /etc/manufacto/gateway.yaml   run the gateway
 *   manufacto-gateway ports                                  list serial ports
 *   manufacto-gateway probe /dev/ttyUSB0 [--baud 115200]     detect the firmware on a port
 *   manufacto-gateway send MACHINE FILE.gcode                stream a job through the running gateway
 *   manufacto-gateway pause|resume|cancel MACHINE            the job it streams
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { basename } from 'node:path';
import { ConfigError, type GatewayConfig, loadGatewayConfig } from './config.js';
import { controlRequest } from './control/control-client.js';
import { controlSocketPath } from './control/control-socket.js';
import { diagnosticsFile, writeDiagnostics } from './diagnostics.js';
import { startGateway } from './gateway.js';
import { probePort } from './machines/probe.js';
import { openMachineConnection } from './transports/open.js';
import { GATEWAY_VERSION } from './version.js';

const USAGE = `manufacto-gateway ${GATEWAY_VERSION}
usage:
  manufacto-gateway --config FILE          run the gateway (default FILE: $MANUFACTO_GATEWAY_CONFIG or ./gateway.yaml)
  manufacto-gateway ports                  list the serial ports of this box
  manufacto-gateway probe PORT [--baud N]  detect which firmware answers on PORT (a device or tcp://host:port)
  manufacto-gateway diagnostics --config FILE   print the running gateway's last snapshot (for a bug report)
  manufacto-gateway send MACHINE FILE.gcode [--config FILE]   stream a G-code file to MACHINE through the running gateway
  manufacto-gateway pause|resume|cancel MACHINE [--config FILE]   the job the gateway streams to MACHINE`;

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

function fail(message: string): never {
  console.error(`manufacto-gateway: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      baud: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (values.version) return void console.log(GATEWAY_VERSION);
  const [command, ...rest] = positionals;

  if (command === 'ports') {
    const ports = await SerialPort.list();
    if (ports.length === 0)
      console.log('no serial port found (is the machine plugged in and powered?)');
    for (const p of ports) {
      console.log(
        [
          p.path,
          p.manufacturer,
          p.serialNumber && `serial ${p.serialNumber}`,
          p.vendorId && `${p.vendorId}:${p.productId}`,
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
    console.log('tip: in gateway.yaml prefer the stable /dev/serial/by-id/… path of each port');
    return;
  }

  if (command === 'probe') {
    const path =
      rest[0] ?? fail(`probe needs a port, e.g. "manufacto-gateway probe /dev/ttyUSB0"\n${USAGE}`);
    const baud = Number(values.baud ?? 115200);
    if (!Number.isInteger(baud) || baud <= 0) fail(`--baud ${values.baud}: not a baud rate`);
    const result = await probePort(openMachineConnection, path, baud);
    for (const line of result.lines.slice(0, 40)) console.log(`  < ${line}`);
    if (!result.identity)
      fail(
        `no known firmware answered on ${path} at ${baud} baud (try another --baud, or check the cable)`,
      );
    console.log(`${path}: ${result.identity.firmware} → profile "${result.identity.profile}"`);
    return;
  }

  const file = values.config ?? process.env.MANUFACTO_GATEWAY_CONFIG ?? 'gateway.yaml';
  if (command === 'diagnostics') {
    const config = loadGatewayConfig(file);
    try {
      process.stdout.write(readFileSync(diagnosticsFile(config), 'utf8'));
    } catch {
      fail(
        `no diagnostics in ${diagnosticsFile(config)}: is the gateway running with this config?`,
      );
    }
    return;
  }
  if (command === 'send' || command === 'pause' || command === 'resume' || command === 'cancel')
    return control(command, rest, loadGatewayConfig(file));
  if (command !== undefined) fail(`unknown command "${command}"\n${USAGE}`);

  const config = loadGatewayConfig(file);
  log(
    `manufacto-gateway ${GATEWAY_VERSION}: site ${config.site}, gateway ${config.gateway}, ${config.machines.length} machine(s), broker ${config.broker.url}`,
  );
  const gateway = startGateway({ config, log });
  const snapshot = () => {
    try {
      writeDiagnostics(config, gateway);
    } catch (error) {
      log(`diagnostics: ${(error as Error).message}`);
    }
  };
  setInterval(snapshot, 5000).unref();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    // A last snapshot once stopped: the outbox's next sequence number and what is still pending.
    void gateway.stop().then(() => {
      snapshot();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** `send`, `pause`, `resume`, `cancel`: a request to the running gateway's control socket. */
async function control(command: string, args: string[], config: GatewayConfig): Promise<void> {
  const [machine, path] = args;
  if (!machine)
    fail(
      `${command} needs a machine id, e.g. "manufacto-gateway ${command} laser-co2${command === 'send' ? ' plaque.nc' : ''}"`,
    );
  let body: Buffer | undefined;
  const request: Record<string, unknown> = { command, machine };
  if (command === 'send') {
    if (!path) fail(`send needs a G-code file, e.g. "manufacto-gateway send ${machine} plaque.nc"`);
    try {
      body = readFileSync(path);
    } catch (error) {
      fail(
        `${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    Object.assign(request, { name: basename(path), bytes: body.length });
  }
  const last = await controlRequest(controlSocketPath(config.dataDir), request, body, (e) => {
    if (e.event === 'started')
      console.log(`${machine}: ${e.lines} lines, about ${formatSeconds(e.estimatedSeconds)}`);
    else if (e.event === 'progress')
      console.log(
        `${machine}: ${e.progressPct} % (${e.linesAcked}/${e.linesTotal} lines)${e.phase === 'paused' ? ', paused' : ''}`,
      );
    else if (e.event === 'done')
      console.log(`${machine}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`);
    else if (e.event === 'ok') console.log(`${machine}: job ${e.job} ${e.phase}`);
  });
  if (last?.event === 'error') fail(last.message);
  if (last?.event === 'done' && last.outcome !== 'completed') process.exit(1);
}

function formatSeconds(s: number): string {
  return s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError)
    fail(`${error.message}\n  (see gateway.example.yaml for every option)`);
  fail(error instanceof Error ? error.message : String(error));
});
