/**
 * A workflow's result on the Java time-skipping test server (the tests' and the bench's), waited for with the
 * clock held, for a workflow that needs no more virtual time to end: a year whose reports are all done.
 *
 * The testing client's `result()` lets the server skip time while it waits. With two such waits at once (two
 * kommuners' years ending together), once the first returned the server skipped time while the worker was still
 * running the second's last workflow task: straight to that task's 10 s timeout, on every retry (a replay of the
 * årshjul's hundreds of events and the overview's local activity, longer than the skip), then to the server's
 * default execution timeout ten years on, and the year failed "timed out" (the load run, 1 run in 5–18;
 * test/workflows/timeSkippingResult.test.ts reproduces it; temporalio/sdk-java#1291 is the same family). With the
 * clock held, the worker finishes the task in its own time.
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
