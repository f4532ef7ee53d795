/**
 * Why the year's drivers wait for its end with the clock held (src/temporal/timeSkippingResult.ts). Two workflows
 * end at once, as two kommuners' years do in the load run: the first ends at its signal; the second's last
 * workflow task runs a 1.5 s local activity. Waited for with the testing client's `result()` (tried: two runs of
 * this test, both failed), the server skipped to that task's timeout while the worker ran it, on every retry, and
 * the second workflow failed "Workflow execution timed out", as the load run's year did. With the clock held no
 * task times out.
 */
import { Worker } from '@temporalio/worker';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { runWorkerUntil } from '../helpers/workers';
import { done, slowEnd } from './fixtures/slowEnd';

let ts: TimeSkippingEnv;
beforeAll(async () => {
  ts = await timeSkippingEnv('2023-01-02T09:00:00+01:00');
});
afterAll(() => ts?.teardown());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('ends two workflows at once, the second after a slow last task, with no task timed out', async () => {
  const worker = await Worker.create({
    connection: ts.env.nativeConnection,
    namespace: ts.env.namespace ?? 'default',
    taskQueue: `slow-end-${process.pid}`,
    workflowsPath: require.resolve('./fixtures/slowEnd'),
    activities: { slowly: (ms: number) => pause(ms) },
  });
  await runWorkerUntil(
    worker,
    (async () => {
      for (let round = 1; round <= 3; round++) {
        const [first, second] = await Promise.all(
          ['first', 'second'].map((name, i) =>
            ts.env.client.workflow.start(slowEnd, {
              args: [i === 0 ? 0 : 1500],
              taskQueue: worker.options.taskQueue,
              workflowId: `slow-end-${round}-${name}`,
            }),
          ),
        );
        await first!.signal(done);
        await pause(300);
        await second!.signal(done);
        const results = await Promise.all(
          [first!, second!].map((h) => ts.resultWithClockHeld<string>(h.workflowId)),
        );
        expect(results).toEqual(['ended', 'ended']);
        for (const h of [first!, second!]) {
          const { events } = await h.fetchHistory();
          expect(events!.filter((e) => e.workflowTaskTimedOutEventAttributes)).toEqual([]);
        }
      }
    })(),
  );
});
