/**
 * The Manufacto gateway as a library: what `main.ts` runs, exported for tests and embedding.
 * @module
 */
export * from './config.js';
export * from './diagnostics.js';
export * from './gateway.js';
export * from './machines/probe.js';
export * from './machines/serial-runner.js';
export * from './machines/tracker.js';
export * from './outbox/outbox.js';
export * from './outbox/publisher.js';
export * from './transports/connection.js';
export * from './transports/open.js';
export * from './transports/serial.js';
export * from './transports/tcp.js';
export { GATEWAY_VERSION } from './version.js';
