/**
 * Before the integration tests: one real Temporal dev server (SQLite file in a temp folder) for the whole
 * run, and the workflow bundle. Tests reach it through TEMPORAL_TEST_ADDRESS and use their own task queues.
 * Also the PostgreSQL server for the register's tests (ARSHJUL_TEST_DATABASE_URL, see ./postgres.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { BUNDLE_ENV, bundleWorkflowsToFile } from './bundle';
import { freePort } from './freePort';
import { locatePostgres } from './postgres';

export const DEV_SERVER_ENV = 'TEMPORAL_TEST_ADDRESS';

declare global {
  var arshjulDevServer: DevServer | undefined;
}

export default async function setup(): Promise<void> {
  // Started first: PostgreSQL comes up while the dev server does.
  const postgres = locatePostgres();
  const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-devserver-'));
  const server = await startDevServer({
    port: await freePort(),
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  globalThis.arshjulDevServer = server;
  process.env[DEV_SERVER_ENV] = server.address;
  process.env[BUNDLE_ENV] ??= await bundleWorkflowsToFile();
  await postgres;
}
