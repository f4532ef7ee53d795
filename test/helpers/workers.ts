/**
 * Workers that live as long as one piece of a test's work. A test that times out abandons its work, and the
 * worker would keep polling: after its server is stopped it retries forever and Jest never exits. So every worker
 * started through `runWorkerUntil` is known here, and `stopWorkersLeftRunning` (after each test, see
 * ./workerGuard.ts) shuts down any that outlived their test.
 */
import type { Worker } from '@temporalio/worker';

const running = new Map<Worker, Promise<unknown>>();

/** `worker.runUntil(work)`, remembered until it settles. */
export function runWorkerUntil<T>(worker: Worker, work: Promise<T>): Promise<T> {
  const run = worker.runUntil(work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  running.set(worker, settled);
  void settled.then(() => running.delete(worker));
  return run;
}

/** Shuts down every worker still running from `runWorkerUntil`; the task queues of those left behind. */
export async function stopWorkersLeftRunning(waitMs = 30_000): Promise<string[]> {
  const left = [...running.entries()];
  const queues: string[] = [];
  for (const [worker] of left) {
    queues.push(worker.options.taskQueue);
    if (worker.getState() === 'RUNNING') worker.shutdown();
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(left.map(([, settled]) => settled)),
    new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(timer);
  return queues;
}
