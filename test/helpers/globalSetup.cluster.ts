/**
 * Before the cluster suite: the real Temporal server and its SQL tool built (or found in the cache), the CLI for the
 * namespace step, and the PostgreSQL server (ARSHJUL_TEST_DATABASE_URL, see ./postgres.ts). The suite starts the
 * server itself (./cluster.ts), since it restarts it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { locatePostgres } from './postgres';
import { serverPath } from './servers';

export default async function setup(): Promise<void> {
  const postgres = locatePostgres();
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/temporal-cluster'), 'provision'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  serverPath('dev');
  await postgres;
}
