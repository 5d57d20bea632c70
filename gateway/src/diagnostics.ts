/**
 * A snapshot of the gateway for bug reports: versions, the config with secrets redacted, the
 * broker and outbox, and per machine its phase, profile, firmware, state, counters and the last
 * lines it sent (ready to become a transcript test case). Written to `dataDir/diagnostics.json`
 * every few seconds; `manufacto-gateway diagnostics` prints it.
 * @module
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfig } from './config.js';
import type { Gateway } from './gateway.js';
import { GATEWAY_VERSION } from './version.js';

export function redact(config: GatewayConfig): GatewayConfig {
  const url = new URL(config.broker.url);
  if (url.password) url.password = 'REDACTED';
  return {
    ...config,
    // Network machines' secrets: never in a bug report.
    machines: config.machines.map((m) =>
      'password' in m || 'apiKey' in m
        ? {
            ...m,
            ...(m.password !== undefined ? { password: 'REDACTED' } : {}),
            ...(m.apiKey !== undefined ? { apiKey: 'REDACTED' } : {}),
          }
        : m,
    ),
    broker: {
      ...config.broker,
      url: url.toString(),
      ...(config.broker.password !== undefined ? { password: 'REDACTED' } : {}),
    },
  };
}

export function diagnostics(
  config: GatewayConfig,
  gateway: Pick<Gateway, 'status'>,
  now = new Date(),
) {
  return {
    takenAt: now.toISOString(),
    gatewayVersion: GATEWAY_VERSION,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    config: redact(config),
    ...gateway.status(),
  };
}

export function diagnosticsFile(config: GatewayConfig): string {
  return join(config.dataDir, 'diagnostics.json');
}

/** Writes the snapshot atomically (rename), so a reader never sees half a file. */
export function writeDiagnostics(config: GatewayConfig, gateway: Pick<Gateway, 'status'>): void {
  const file = diagnosticsFile(config);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(diagnostics(config, gateway), null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
