/** The Årshjul worker: every workflow and activity on one task queue. */
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AllActivities } from '../activities';

export interface WorkerSetup {
  address: string;
  /** A connection to `address` made beforehand (`npm start` connects while the register opens); else one is made. */
  connection?: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: AllActivities;
  /** Activities run at once (the SDK's default, 100, when left out). */
  activityConcurrency?: number;
  /** A pre-built bundle (temporal/workflowBundle, or the tests'); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * Worker Versioning: this worker is `version` of a Temporal Worker Deployment (README, "Rolling deploys").
   * Left out: an unversioned worker.
   */
  version?: { deploymentName: string; buildId: string };
}

/**
 * The worker's deployment options for a version, or none. AUTO_UPGRADE: a year-long årshjul or a report
 * cannot be pinned to the build it started on (its workers would have to run for a year), so each workflow
 * moves to the deployment's current version on its next task — which is why every change to workflow code
 * goes under `patched()` and is replayed against the recorded histories before it ships.
 */
export function deploymentOptions(
  version: WorkerSetup['version'],
): Pick<WorkerOptions, 'workerDeploymentOptions'> {
  if (!version) return {};
  return {
    workerDeploymentOptions: {
      version,
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'AUTO_UPGRADE',
    },
  };
}

/** A worker and its connection; it polls once `worker.run()` is called. */
export interface CreatedWorker {
  worker: Worker;
  connection: NativeConnection;
}

/** The worker's connection to the server at `address`. */
export function connectWorker(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address });
}

export async function createWorker(setup: WorkerSetup): Promise<CreatedWorker> {
  const connection = setup.connection ?? (await NativeConnection.connect({ address: setup.address }));
  const worker = await Worker.create({
    connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: setup.activities,
    ...(setup.activityConcurrency ? { maxConcurrentActivityTaskExecutions: setup.activityConcurrency } : {}),
    ...deploymentOptions(setup.version),
    ...(setup.workflowBundle
      ? { workflowBundle: setup.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
  return { worker, connection };
}

/**
 * The SDK's runtime, once per process: warnings and worse to the log; shutdown on signals is the caller's (the
 * worker drains first); with `metricsAddress` (host:port) the SDK's Prometheus metrics — task slots, poll and
 * schedule-to-start latencies, activity and workflow task failures, sticky cache — served at /metrics there.
 */
export function installRuntime(metricsAddress?: string): void {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    shutdownSignals: [],
    ...(metricsAddress
      ? {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: metricsAddress, useSecondsForDurations: true } },
          },
        }
      : {}),
  });
}
