/**
 * A workflow's result on the Java time-skipping test server (the tests' and the bench's), waited for with the
 * clock held, for a workflow that needs no more virtual time to end: a year whose reports are all done.
 *
 * The testing client's `result()` lets the server skip time while it waits, and the server does not hold its
 * clock for a workflow task the worker is running: it skips straight to that task's 10 s timeout
 * (temporalio/sdk-java#1291). A short task wins that race; the årshjul's last one (a replay of hundreds of
 * events and the overview's local activity) can lose it on every attempt, until the clock reaches the server's
 * default execution timeout, ten years on, and the year fails "timed out" (the load run, 1 run in 5–18).
 * With the clock held, the worker finishes the task in its own time.
 */
import { WorkflowClient } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * The result of `workflowId` (following continue-as-new), waited for at most `withinMs` of wall time with the
 * clock held; a workflow still running then is reported as not ending, not waited for in virtual time.
 */
export async function resultWithClockHeld<T>(
  env: TestWorkflowEnvironment,
  workflowId: string,
  withinMs: number,
): Promise<T> {
  const client = new WorkflowClient({ connection: env.connection, namespace: env.namespace ?? 'default' });
  let timer: NodeJS.Timeout | undefined;
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${workflowId} had not ended ${withinMs / 1000} s after the last thing it waited for was done ` +
              '(the clock held: it was waiting for something else)',
          ),
        ),
      withinMs,
    );
  });
  try {
    return (await Promise.race([client.getHandle(workflowId).result(), tooLong])) as T;
  } finally {
    clearTimeout(timer);
  }
}
