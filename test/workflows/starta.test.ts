/**
 * Starting a meeting again after a fault (issue 15): a run that failed no longer blocks its id for good — the
 * repair is to start it again — while a running meeting is not started twice and a stopped one stays stopped.
 * On the time-skipping server, with the real activities.
 *
 * The stop can reach the new run in the same workflow task as its first activity's result; its branch for
 * omedelbart justerade §§ then saw the stop before the main line did, and the unhandled rejection failed the task
 * over and over (the run stayed RUNNING). That history is kept as a replay fixture:
 * histories/sammantrade-lund-ks-2023-10-11-stoppad-nar-listan-stangs.json.
 */
import type { Client } from '@temporalio/client';
import type { IsoDate } from '../../src/domain/datum';
import { sammantradeId } from '../../src/domain/sammantrade';
import { startaSammantrade } from '../../src/temporal/starta';
import { sammantrade } from '../../src/workflows/sammantrade';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeEach(async () => {
  ts = await timeSkippingEnv('2023-09-20T10:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

const status = (client: Client, id: string) => async () =>
  (await client.workflow.getHandle(id).describe()).status.name;

it('starts a failed meeting again under its id; a running one is not started twice, a stopped one stays stopped', async () => {
  const lund = deps.kommuner.get('lund')!;
  const motet = { organ: 'KS', datum: '2023-10-11' as IsoDate };
  const id = sammantradeId({ kommun: 'lund', ...motet });
  const client = ts.env.client;

  await ts.withWorker(async (taskQueue) => {
    // A run that fails (here: input its code refuses, as a run would after a fault it cannot get past).
    const trasig = await client.workflow.start(sammantrade, {
      args: [{} as never],
      taskQueue,
      workflowId: id,
    });
    await expect(trasig.result()).rejects.toThrow();
    expect(await status(client, id)()).toBe('FAILED');

    const igen = await startaSammantrade(client, lund, motet, taskQueue);
    expect(igen).toMatchObject({ startat: true, workflowId: id });
    await until('the new run', async () => ((await status(client, id)()) === 'RUNNING' ? true : undefined));

    // Running: a second start is refused, not repeated.
    expect(await startaSammantrade(client, lund, motet, taskQueue)).toEqual({
      startat: false,
      workflowId: id,
    });

    // Stopped by a person: it stays stopped.
    await client.workflow.getHandle(id).cancel();
    await until('the meeting stopped', async () =>
      (await status(client, id)()) !== 'RUNNING' ? true : undefined,
    );
    expect(await status(client, id)()).toBe('CANCELLED');
    expect(await startaSammantrade(client, lund, motet, taskQueue)).toEqual({
      startat: false,
      workflowId: id,
    });
  }, deps.activities);
});
