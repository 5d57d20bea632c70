/**
 * Manufacto firmware profiles: the knowledge of each firmware or device, as data and pure parsers.
 * The telemetry contract lives in `./contract` (also exported as `@manufacto/firmware-profiles/contract`).
 * @module
 */
export * from './contract/index.js';
export * from './profile.js';
export * from './registry.js';
export * from './network.js';
export * from './network-registry.js';
export * from './power/detector.js';
