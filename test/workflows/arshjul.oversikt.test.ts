/**
 * The årshjul keeps its overview in the register (issue 16): written once the plan is made, again after each
 * step a report tells it of (with a higher `seq`), and marked stopped when the year is stopped — so the year's
 * page and REST read serve it from the register without a workflow query. Each write is a local activity in the
 * workflow task that made the change. Its history replays (and the one recorded before the writes were local).
 */
import { Worker } from '@temporalio/worker';
import { stegNyckel } from '../../src/domain/planering';
import { arshjul, arshjulWorkflowId, type ArshjulData } from '../../src/workflows/arshjul';
import { rapportStegSignal } from '../../src/workflows/arshjulSignaler';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { workflowBundle } from '../helpers/bundle';
import { aktivitet, lokalAktivitet, recordHistory } from '../helpers/histories';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeAll(async () => {
  // Lund 2027, started in the summer before: nothing of the year starts until time is let pass.
  ts = await timeSkippingEnv('2026-06-01T09:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterAll(async () => {
  await ts?.teardown();
  await deps?.close();
});

it('writes the year to the register when planned, after each report step, and as stopped when stopped', async () => {
  const rad = () => deps.register.hamtaArshjulOversikt('lund', 2027);
  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(arshjul, {
      args: [{ kommun: 'lund', ar: 2027, startaSammantraden: false }],
      taskQueue,
      workflowId: arshjulWorkflowId('lund', 2027),
    });
    // The plan made: the row holds the year as the query answers it, running.
    const planerad = await until('the planned year in the register', async () => {
      const r = await rad();
      return r && (r.data as ArshjulData).planer.length > 0 ? r : undefined;
    });
    expect(planerad.status).toBe('PAGAR');
    const data = planerad.data as ArshjulData;
    expect(data).toMatchObject({ kommun: 'lund', ar: 2027, handelser: {}, korning: 1 });
    const plan = data.planer.find((p) => p.steg.length > 0)!;

    // A report tells the year that its first step has started: the row follows, with a higher seq.
    const steg = stegNyckel(plan.steg[0]!);
    await handle.signal(rapportStegSignal, {
      rapportId: plan.id,
      steg,
      status: 'PAGAR',
      ansvarig: plan.steg[0]!.ansvarig,
      uppgiftId: `${plan.id}/test-1`,
      forfaller: plan.steg[0]!.forfaller,
      tid: Date.parse('2026-06-01T09:00:00+02:00'),
    });
    const efterSteget = await until('the step in the register', async () => {
      const r = await rad();
      return (r?.data as ArshjulData | undefined)?.handelser[plan.id] ? r : undefined;
    });
    expect(efterSteget.seq).toBeGreaterThan(planerad.seq);
    expect(efterSteget.status).toBe('PAGAR');
    expect((efterSteget.data as ArshjulData).handelser[plan.id]!.steg[steg]).toMatchObject({
      status: 'PAGAR',
      uppgiftId: `${plan.id}/test-1`,
    });

    // An older write never overwrites a newer one.
    await deps.register.sparaArshjulOversikt({ ...planerad, data: planerad.data, seq: planerad.seq });
    expect((await rad())!.seq).toBe(efterSteget.seq);
    expect((await rad())!.data).toEqual(efterSteget.data);

    // The kanslichef stops the year: the row says so.
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const stoppad = await until('the stopped year in the register', async () => {
      const r = await rad();
      return r?.status === 'STOPPAD' ? r : undefined;
    });
    expect(stoppad.seq).toBeGreaterThan(efterSteget.seq);

    // One write per change: the plan, the step, the stop — each a local activity in the workflow task that made
    // the change (patch arshjul-skriver-oversikten-lokalt), none an activity the server dispatches.
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const lokala = events.filter((e) => lokalAktivitet(e) === 'sparaArshjulOversikt');
    const aktiviteter = events.filter((e) => aktivitet(e) === 'sparaArshjulOversikt');
    expect([lokala.length, aktiviteter.length]).toEqual([3, 0]);
    // The history with the patch replays against today's code.
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, 'arshjul-oversikt');
    await recordHistory('arshjul-lund-2027-skriver-oversikten', handle);
  }, deps.activities);
});
