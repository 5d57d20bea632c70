/**
 * Manufacto's telemetry contract: topics, payload schemas, the state vocabulary and the metrics.
 * Imported by the gateway (publisher) and the server (ingest); documented in the package README.
 * @module
 */
export * from './version.js';
export * from './states.js';
export * from './metrics.js';
export * from './topics.js';
export * from './messages.js';
export * from './decode.js';
export * from './live.js';
export * from './reasons.js';
