/**
 * `@manufacto/server/demo`: the demo workshop (site, members, machines, accounts) for `npm start`,
 * the benchmarks and the tests; apart from the package's main entry so a real deployment's API
 * does not carry it.
 * @module
 */
export { DEMO_MANAGER_EMAIL, DEMO_PASSWORD, seedDemoAccounts } from './accounts.js';
export { bootstrapDemo } from './bootstrap.js';
export { seedDemoWorkshop } from './seed.js';
export { DEMO_MACHINES, DEMO_MEMBERS, DEMO_SITE } from './workshop.js';
