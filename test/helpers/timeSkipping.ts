/**
 * The one place tests control time: a Java time-skipping test server whose clock starts at a given instant,
 * so workflows run on real calendars (Lund 2023). Two things seen on that server: a query to a workflow that has
 * closed can hang, and after a continue-as-new its time skipping stalled in a long test; the tests avoid both
 * (ask `describe()` for status; test continue-as-new on the dev server). Temporal plans to move time skipping into the real server;
 * switching means changing this file only.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureSearchAttributes } from '../../src/temporal/searchAttributes';
import { resultWithClockHeld } from '../../src/temporal/timeSkippingResult';
import { workflowBundle } from './bundle';
import { runWorkerUntil } from './workers';

export const TEST_SERVER_ENV = 'ARSHJUL_TEST_SERVER';

export interface TimeSkippingEnv {
  env: TestWorkflowEnvironment;
  /** Runs `work` with a worker on a fresh task queue; the worker stops when `work` settles. */
  withWorker<T>(work: (taskQueue: string) => Promise<T>, activities?: object): Promise<T>;
  /** Lets virtual time pass until `instant` (ISO-8601 with offset). */
  advanceTo(instant: string): Promise<void>;
  /** The server's current time (epoch ms). */
  now(): Promise<number>;
  /** Lets `ms` of virtual time pass. */
  advance(ms: number): Promise<void>;
  /**
   * The result of a workflow that needs no more virtual time to end (a year whose reports are all done), waited
   * for with the clock held: src/temporal/timeSkippingResult.ts says why.
   */
  resultWithClockHeld<T>(workflowId: string): Promise<T>;
  teardown(): Promise<void>;
}

let queues = 0;

/** A test server whose clock starts at `startAt` (ISO-8601 with offset, e.g. 2023-10-19T09:00:00+02:00). */
export async function timeSkippingEnv(startAt: string): Promise<TimeSkippingEnv> {
  const executable = process.env[TEST_SERVER_ENV];
  if (!executable)
    throw new Error(`${TEST_SERVER_ENV} is not set: run the tests through jest (globalSetup provisions it)`);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: executable },
      extraArgs: ['--initial-time', startAt],
    },
  });
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  // Exactly `ms`: the server skips to each timer on the way and stops at the target.
  const advance = async (ms: number) => {
    if (ms > 0) await env.sleep(ms);
  };
  return {
    env,
    async withWorker(work, activities) {
      const taskQueue = `test-${process.pid}-${++queues}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        workflowBundle: workflowBundle(),
        ...(activities ? { activities } : {}),
      });
      return runWorkerUntil(worker, work(taskQueue));
    },
    now: async () => (await env.currentTimeMs()) ?? 0,
    advance,
    resultWithClockHeld: (workflowId) => resultWithClockHeld(env, workflowId, 60_000),
    async advanceTo(instant) {
      const wait = Date.parse(instant) - ((await env.currentTimeMs()) ?? 0);
      if (wait < 0) throw new Error(`the clock is already past ${instant}`);
      await advance(wait);
    },
    teardown: () => env.teardown(),
  };
}
