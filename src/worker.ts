/**
 * `npm run worker` — a worker on its own, for a deployment that runs workers apart from the web app (and for the
 * durability tests, which kill it). It needs TEMPORAL_ADDRESS, and DATABASE_URL and SMTP_URL for a shared
 * register and a real mail relay. Stops cleanly on SIGINT/SIGTERM.
 */
import path from 'node:path';
import { ConfigError } from './config/load';
import { openServices } from './services';
import { readSettings } from './settings';
import { createWorker, installRuntime } from './temporal/worker';
import { cachedWorkflowBundle } from './temporal/workflowBundle';

const log = (message: string) => console.log(`[arshjul-worker] ${message}`);

async function main(): Promise<void> {
  const settings = readSettings();
  if (!settings.TEMPORAL_ADDRESS)
    throw new Error('TEMPORAL_ADDRESS is not set: the worker needs a Temporal server.');
  if (!settings.SMTP_URL) throw new Error('SMTP_URL is not set: the worker needs a mail relay.');
  installRuntime(settings.ARSHJUL_WORKER_METRICS);
  const [services, workflows] = await Promise.all([
    openServices(settings, settings.SMTP_URL),
    cachedWorkflowBundle(path.join(settings.ARSHJUL_DATA_DIR, 'bundle')),
  ]);
  const { worker, connection } = await createWorker({
    address: settings.TEMPORAL_ADDRESS,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.ARSHJUL_TASK_QUEUE,
    activities: services.activities,
    activityConcurrency: settings.ARSHJUL_ACTIVITY_CONCURRENCY,
    workflowBundle: { codePath: workflows.codePath },
    ...(settings.ARSHJUL_WORKER_BUILD_ID
      ? {
          version: {
            deploymentName: settings.ARSHJUL_WORKER_DEPLOYMENT,
            buildId: settings.ARSHJUL_WORKER_BUILD_ID,
          },
        }
      : {}),
  });
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log(
    `polling ${settings.ARSHJUL_TASK_QUEUE} on ${settings.TEMPORAL_ADDRESS}` +
      (settings.ARSHJUL_WORKER_BUILD_ID
        ? ` as ${settings.ARSHJUL_WORKER_DEPLOYMENT}.${settings.ARSHJUL_WORKER_BUILD_ID}`
        : '') +
      (settings.ARSHJUL_WORKER_METRICS
        ? ` (metrics: http://${settings.ARSHJUL_WORKER_METRICS}/metrics)`
        : ''),
  );
  await worker.run();
  await connection.close();
  await services.close();
  log('stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
