/** Clients and workers against the integration run's real dev server (started by globalSetup). */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowBundle } from './bundle';
import { runWorkerUntil } from './workers';

export function devServerAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address)
    throw new Error(
      'TEMPORAL_TEST_ADDRESS is not set: run the tests through jest (globalSetup starts the server)',
    );
  return address;
}

let queues = 0;

export function uniqueTaskQueue(name: string): string {
  return `${name}-${process.pid}-${Date.now()}-${++queues}`;
}

export async function connectTestClient(): Promise<Client> {
  return new Client({ connection: await Connection.connect({ address: devServerAddress() }) });
}

/** Runs `work` with a worker for `taskQueue` on the dev server; the worker stops when `work` settles. */
export async function withDevWorker<T>(
  taskQueue: string,
  work: () => Promise<T>,
  activities?: object,
): Promise<T> {
  const connection = await NativeConnection.connect({ address: devServerAddress() });
  try {
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: workflowBundle(),
      ...(activities ? { activities } : {}),
    });
    return await runWorkerUntil(worker, work());
  } finally {
    await connection.close();
  }
}
