#!/usr/bin/env node
/**
 * `manufacto-server`: reads the environment, starts the server, stops it cleanly on SIGINT/SIGTERM.
 * The only place that reads process.env.
 * @module
 */
import { EnvError, loadEnv } from './env.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const server = await startServer(env, log);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    setTimeout(() => {
      log.error('could not stop within 5 s; exiting');
      process.exit(1);
    }, 5000).unref();
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(
    `manufacto-server: ${error instanceof EnvError || error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
