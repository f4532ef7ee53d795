/**
 * `npm run test:cluster`: the production topology on this machine (test/cluster/) — the real Temporal server on
 * PostgreSQL from scripts/temporal-cluster, the web app and two worker processes. Apart from `npm run jest`'s three
 * projects, as it runs a server of its own and takes a few minutes; `npm test` runs it after them.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest reads this file as CommonJS, like jest.config.js
const { projects } = require('./jest.config');

const integration = projects.find((p) => p.displayName === 'integration');

module.exports = {
  ...integration,
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  globalSetup: '<rootDir>/test/helpers/globalSetup.cluster.ts',
  globalTeardown: undefined,
};
