/**
 * The real Temporal server on PostgreSQL for the cluster suite, through scripts/temporal-cluster: the schema step
 * (two databases of the suite's own on the test PostgreSQL server), the server as a child process on free ports —
 * which the suite may stop and start again on the same databases — and the namespace step with Årshjul's search
 * attributes.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startServerProcess, type DevServer } from '../../src/temporal/devServer';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/searchAttributes';
import { freePort } from './freePort';
import { testDatabaseUrl } from './postgres';
import { until } from './until';

const SCRIPT = path.resolve(__dirname, '../../scripts/temporal-cluster');

export interface TestCluster {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  /** The server's Prometheus endpoint (host:port). */
  metrics: string;
  /** Starts the server (again) on the same databases and waits until it answers. */
  start(): Promise<void>;
  /** Stops the server (SIGTERM; it drains and exits); how it exited, e.g. `code 0`. */
  stop(): Promise<string>;
  /** Stops the server and drops its two databases. */
  destroy(): Promise<void>;
}

/** Runs scripts/temporal-cluster with `env`, its progress on stderr. */
function cluster(command: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('bash', [SCRIPT, command], { env }, (error, _stdout, stderr) =>
      error ? reject(new Error(`scripts/temporal-cluster ${command} failed: ${stderr}`)) : resolve(),
    );
    child.stderr?.pipe(process.stderr);
  });
}

export async function createTestCluster(label: string, logFile: string): Promise<TestCluster> {
  const db = new URL(testDatabaseUrl());
  const suffix = `${label}_${process.pid}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const ports: Record<string, string> = {};
  for (const name of [
    'FRONTEND_GRPC_PORT',
    'FRONTEND_HTTP_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
    'METRICS',
  ])
    ports[name] = String(await freePort());
  const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const metrics = `127.0.0.1:${ports.METRICS}`;
  const namespace = 'default';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    POSTGRES_SEEDS: db.hostname,
    DB_PORT: db.port || '5432',
    POSTGRES_USER: decodeURIComponent(db.username),
    POSTGRES_PWD: decodeURIComponent(db.password),
    DBNAME: `temporal_${suffix}`,
    VISIBILITY_DBNAME: `temporal_visibility_${suffix}`,
    ...ports,
    PROMETHEUS_ENDPOINT: metrics,
    TEMPORAL_NAMESPACE: namespace,
  };

  await cluster('setup-schema', env);
  let server: DevServer | undefined;
  const start = async () => {
    server = await startServerProcess('bash', [SCRIPT, 'start'], {
      what: 'The Temporal server',
      address,
      namespace: 'temporal-system',
      env,
      logFile,
      startTimeoutMs: 120_000,
      stopTimeoutMs: 30_000,
    });
  };
  const stop = async () => {
    const child = server?.process;
    await server?.stop();
    server = undefined;
    return child ? (child.signalCode ?? `code ${child.exitCode}`) : 'not running';
  };
  try {
    await start();
    await cluster('namespace', env);
    await searchAttributesUsable(address, namespace);
  } catch (error) {
    // Nothing left behind: the server stopped and its databases dropped.
    await stop();
    await cluster('drop-schema', env).catch(() => undefined);
    throw error;
  }
  return {
    address,
    namespace,
    metrics,
    start,
    stop,
    async destroy() {
      await stop();
      await cluster('drop-schema', env);
    },
  };
}

/**
 * Waits until a workflow can be started with Årshjul's search attributes: every service learns of a new namespace
 * and its attributes when its namespace cache refreshes. The probe is never run (nothing polls its task queue) and
 * is terminated at once.
 */
async function searchAttributesUsable(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    let n = 0;
    await until(
      'the namespace to take workflows with the search attributes',
      async () => {
        try {
          const handle = await client.workflow.start('sonden', {
            taskQueue: 'arshjul-sonden',
            workflowId: `arshjul-sonden-${process.pid}-${++n}`,
            typedSearchAttributes: ALL_SEARCH_ATTRIBUTES.map((key) => ({ key, value: 'sond' })),
          });
          await handle.terminate('a probe of the search attributes');
          return true;
        } catch {
          return undefined;
        }
      },
      60_000,
    );
  } finally {
    await connection.close();
  }
}
