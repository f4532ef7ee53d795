/** The Årshjul worker: every workflow and activity on one task queue. */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AllActivities } from '../activities';

export interface WorkerSetup {
  address: string;
  namespace: string;
  taskQueue: string;
  activities: AllActivities;
  /** A pre-built bundle (tests); otherwise the workflows are bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(
  setup: WorkerSetup,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: setup.address });
  const worker = await Worker.create({
    connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: setup.activities,
    ...(setup.workflowBundle
      ? { workflowBundle: setup.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
  });
  return { worker, connection };
}
