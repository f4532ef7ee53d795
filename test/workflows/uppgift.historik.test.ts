/**
 * A task's history stays short (issue 16): one task started, completed by its assignee and ended is at most 20
 * events — the trivial workflow with one Update is 10. Each activity costs three events, each patch marker one.
 */
import type { IsoDate } from '../../src/domain/datum';
import { KOMMUN, ORGAN, uppgiftensSokattribut } from '../../src/workflows/searchAttributes';
import { slutforUpdate, uppgift } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { recordHistory } from '../helpers/histories';
import { lundUtkastUppgift } from '../helpers/lund';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeAll(async () => {
  ts = await timeSkippingEnv('2023-09-20T10:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterAll(async () => {
  await ts?.teardown();
  await deps?.close();
});

it('keeps the history of a task from start to done within 20 events', async () => {
  const lund = deps.kommuner.get('lund')!;
  const spec = lundUtkastUppgift(lund, 'kort-historik', '2023-10-02' as IsoDate);

  await ts.withWorker(async (taskQueue) => {
    // Started as its report process starts it: with its kommun and organ as search attributes.
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
      typedSearchAttributes: uppgiftensSokattribut(spec),
    });
    // At rest: stored and its news mailed, as a task waits for its assignee.
    await until('the task at rest', async () => {
      const d = await handle.describe();
      return (d.raw.pendingActivities?.length ?? 0) === 0 &&
        !d.raw.pendingWorkflowTask &&
        d.historyLength >= 4
        ? true
        : undefined;
    });
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    expect(await handle.result()).toMatchObject({ status: 'KLAR' });

    const events = (await handle.fetchHistory()).events ?? [];
    if (process.env.ARSHJUL_PRINT_HISTORY === '1') {
      console.log(events.map((e) => `${e.eventId} ${e.eventType}`).join('\n'));
    }
    expect(events.length).toBeLessThanOrEqual(20);
    // Listable by kommun and organ all the same.
    const satta = (await handle.describe()).typedSearchAttributes;
    expect([satta.get(KOMMUN), satta.get(ORGAN)]).toEqual(['lund', spec.organ]);
    // Still told and still stored: the news to the assignee, the register's row done.
    expect((await deps.register.hamtaUppgift(spec.id))?.status).toBe('KLAR');
    expect(
      deps.smtp.messages().filter((m) => m.envelope.rcptTo.includes('handlaggare.ks@lund.example.org')),
    ).toHaveLength(1);
    await recordHistory('uppgift-slutford-kort-historik', handle);
  }, deps.activities);
});
