/**
 * Before the integration tests: one real Temporal dev server (SQLite file in a temp folder) for the whole
 * run, and the workflow bundle. Tests reach it through TEMPORAL_TEST_ADDRESS and use their own task queues.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { BUNDLE_ENV, bundleWorkflowsToFile } from './bundle';
import { freePort } from './freePort';

export const DEV_SERVER_ENV = 'TEMPORAL_TEST_ADDRESS';

declare global {
  var arshjulDevServer: DevServer | undefined;
}

export default async function setup(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-devserver-'));
  const server = await startDevServer({
    port: await freePort(),
    dbFile: path.join(dir, 'temporal.sqlite'),
    logFile: path.join(dir, 'temporal.log'),
  });
  globalThis.arshjulDevServer = server;
  process.env[DEV_SERVER_ENV] = server.address;
  process.env[BUNDLE_ENV] ??= await bundleWorkflowsToFile();
}
