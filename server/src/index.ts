/**
 * The Manufacto server as a library: `startServer` for tests and the demo, `createApp` for route tests.
 * The demo workshop is the `@manufacto/server/demo` entry.
 * @module
 */
export { createApp, type AppDeps, type AppType } from './app.js';
export { EnvError, envSchema, loadEnv, type ServerEnv } from './env.js';
export { createLogger, type Logger } from './log.js';
export { startServer, type RunningServer } from './server.js';
export { openIntervals, type Interval } from './domain/booking/site-calendar.js';
// The pieces a replay of workshop weeks drives with its own clock (test/integration/schedule-keeping).
export { openSqlite } from './store/db.js';
export { createServices } from './services/index.js';
export { scheduleKeeper } from './services/schedule-keeper.js';
// The SMTP transport alone, against a real SMTP server (test/integration/report-mail/smtp-tls).
export { smtpTransport, type MailTransport } from './services/mail-transport.js';
