/**
 * The årshjul starts the year's meetings too: each meeting of the sammanträdesplan gets its `sammantrade`
 * workflow 14 days before its föredragningslista closes (Lund KS: 28 days before the meeting), so ärenden can be
 * put on it; a meeting already held when the year starts is left alone. Stopping the year cancels the reports it
 * started, each once, and leaves its meetings running.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { arshjul, arshjulWorkflowId } from '../../src/workflows/arshjul';
import { sammantradeQuery } from '../../src/workflows/sammantrade';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { recordHistory } from '../helpers/histories';
import { until } from '../helpers/until';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

/** The meeting's workflow; and its phase, once it has started (`NOT_STARTED` if it does not within 10 s). */
const meeting = (organ: string, datum: string) =>
  ts.env.client.workflow.getHandle(`sammantrade/lund/${organ}/${datum}`);
async function fasOf(organ: string, datum: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    try {
      return (await meeting(organ, datum).query(sammantradeQuery)).state.fas;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'NOT_STARTED';
}

/** Lund's year 2027, with its meetings, on the worker's task queue. */
const startaLund2027 = (taskQueue: string) =>
  ts.env.client.workflow.start(arshjul, {
    args: [{ kommun: 'lund', ar: 2027 }],
    taskQueue,
    workflowId: arshjulWorkflowId('lund', 2027),
  });

it('starts each meeting of Lund’s 2027 plan on its day, and none that was already held', async () => {
  // The year is started late, on Wednesday 20 January 2027.
  ts = await timeSkippingEnv('2027-01-20T09:00:00+01:00');
  deps = await arshjulTestDeps();
  await ts.withWorker(async (taskQueue) => {
    const handle = await startaLund2027(taskQueue);
    // KS 2027-02-10 (its list opened on 13 January) starts at once; KS 2027-01-13 was held before the year began.
    expect(await fasOf('KS', '2027-02-10')).toBe('FOREDRAGNINGSLISTA');
    await expect(meeting('KS', '2027-01-13').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    // KS 2027-03-10 opens on Wednesday 10 February in the morning.
    await ts.advanceTo('2027-02-10T07:59:00+01:00');
    await expect(meeting('KS', '2027-03-10').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    await ts.advanceTo('2027-02-10T09:00:00+01:00');
    expect(await fasOf('KS', '2027-03-10')).toBe('FOREDRAGNINGSLISTA');
    // At 08.00 (the kommun's utskickKlockan), to the minute.
    const started = (await meeting('KS', '2027-03-10').describe()).startTime.getTime();
    expect(Math.floor(started / 60_000) * 60_000).toBe(Date.parse('2027-02-10T08:00:00+01:00'));
    await handle.terminate('test done');
    await recordHistory('arshjul-lund-2027-med-sammantraden', handle);
  }, deps.activities);
});

it('goes on with a meeting it started when the year is stopped, and stops the year’s reports', async () => {
  // Lund 2027, started on Friday 26 February.
  ts = await timeSkippingEnv('2027-02-26T09:00:00+01:00');
  deps = await arshjulTestDeps();
  const status = async (id: string) => (await ts.env.client.workflow.getHandle(id).describe()).status.name;
  const finns = (id: string) =>
    status(id).then(
      () => true,
      (error) => (error instanceof WorkflowNotFoundError ? false : Promise.reject(error)),
    );

  await ts.withWorker(async (taskQueue) => {
    const handle = await startaLund2027(taskQueue);
    // Started on the day: VON 2027-03-18 (its list is open), and the VON and ASN årsredovisningar of 2026 (this
    // morning's and last Friday's); the KS one starts on Friday 5 March, so it has not started when the year is
    // stopped.
    expect(await fasOf('VON', '2027-03-18')).toBe('FOREDRAGNINGSLISTA');
    const rapporter = ['rapport/lund/2027/ASN/arsredovisning', 'rapport/lund/2027/VON/arsredovisning'];
    // Each report's ärende is on its way to a meeting of its plan, and on that meeting's list.
    const motenAv = async (id: string) => {
      const rad = await deps.register.hamtaRapport(id.slice('rapport/'.length));
      const plan = rad?.plan as { steg: { sammantrade?: { organ: string; datum: string } }[] } | undefined;
      return (plan?.steg ?? []).flatMap((s) => (s.sammantrade ? [s.sammantrade] : []));
    };
    const paListan = async (id: string) =>
      (
        await Promise.all(
          (await motenAv(id)).map((m) => deps.register.rapporterForSammantrade({ kommun: 'lund', ...m })),
        )
      ).some((rader) => rader.some((r) => r.id === id.slice('rapport/'.length)));
    // (Checked before the wait below, so the stop still comes the moment every task waits.)
    for (const id of rapporter) {
      await until(`${id} on its meetings' lists`, async () => ((await paListan(id)) ? true : undefined));
    }

    // Stopped while each report's first task waits for its day, as a kanslichef would stop it: the Java test
    // server refuses to cancel an activity it has just finished (ACTIVITY_UNKNOWN), which the real server takes.
    const uppgifter = rapporter.map((id) => `uppgift/${id.slice('rapport/'.length)}/utkast-1`);
    await until('the reports and their first tasks to wait', async () => {
      for (const id of [...rapporter, ...uppgifter]) {
        if (!(await finns(id))) return undefined;
        const { raw } = await ts.env.client.workflow.getHandle(id).describe();
        if (raw.pendingWorkflowTask || (raw.pendingActivities?.length ?? 0) > 0) return undefined;
      }
      return true;
    });
    expect(await finns('rapport/lund/2027/KS/arsredovisning')).toBe(false);
    // The kanslichef stops the year.
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect(await status(arshjulWorkflowId('lund', 2027))).toBe('CANCELLED');
    for (const id of rapporter) {
      // Waiting on its result lets the test server's clock move, as a workflow task it must retry needs.
      await ts.env.client.workflow
        .getHandle(id)
        .result()
        .catch(() => undefined);
      const slut = await status(id);
      expect([id, slut]).toEqual([id, 'CANCELLED']);
      // Its row says so (issue 15), and its ärende no longer goes to the meetings of its plan.
      expect((await deps.register.hamtaRapport(id.slice('rapport/'.length)))?.status).toBe('AVBRUTEN');
      expect([id, await paListan(id)]).toEqual([id, false]);
    }
    await recordHistory(
      'rapportprocess-lund-2027-avbruten-med-aret',
      ts.env.client.workflow.getHandle(rapporter[1]!),
    );
    // Each report the year started was asked to cancel once, by the stop itself, and no report it never
    // started was asked at all.
    const { events } = await handle.fetchHistory();
    const avbestallda = (events ?? []).flatMap((e) => {
      const a = e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes;
      return a ? [`${a.workflowExecution?.workflowId}${a.childWorkflowOnly ? ' (child only)' : ''}`] : [];
    });
    expect(avbestallda.sort()).toEqual(rapporter);
    await recordHistory('arshjul-lund-2027-stoppat-med-sammantrade', handle);

    // The meeting is not the year's to undo: it was never asked to cancel, and it goes on, its list open.
    expect(await status('sammantrade/lund/VON/2027-03-18')).toBe('RUNNING');
    const motet = await meeting('VON', '2027-03-18').fetchHistory();
    expect(motet.events?.some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(false);
    expect(await fasOf('VON', '2027-03-18')).toBe('FOREDRAGNINGSLISTA');
    await meeting('VON', '2027-03-18').terminate('test done');
  }, deps.activities);
});
