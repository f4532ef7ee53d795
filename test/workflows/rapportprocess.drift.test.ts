/**
 * Issue 15, item 5: the register's report rows do not drift from their workflows. A cancelled report writes
 * AVBRUTEN and leaves its meetings' lists; its numbered writes are never overwritten by an older one; and the
 * reconciliation (`arshjul kommun avstam`) closes the row of a process that ended without closing it.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { planeraRapport } from '../../src/domain/planering';
import { kontextFor } from '../../src/domain/rapportprocess';
import { avstamRapporter } from '../../src/temporal/avstamning';
import { rapportprocess, rapportprocessQuery } from '../../src/workflows/rapportprocess';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { recordHistory } from '../helpers/histories';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeEach(async () => {
  ts = await timeSkippingEnv('2023-09-01T08:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

const RAPPORT = 'lund/2023/KS/delarsrapport-augusti';

function ksChain() {
  const lund = deps.kommuner.get('lund')!;
  const { underlag: _underlag, ...plan } = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
  return { lund, plan };
}

async function startKs(taskQueue: string) {
  const { lund, plan } = ksChain();
  const handle = await ts.env.client.workflow.start(rapportprocess, {
    args: [{ plan, kontext: kontextFor(lund) }],
    taskQueue,
    workflowId: `rapport/${plan.id}`,
  });
  // Its first task is open and its row written.
  await until('the draft task to open', async () => {
    const status = await handle.query(rapportprocessQuery);
    return status.steg.utkast?.status === 'PAGAR' ? true : undefined;
  });
  await until('the row under way', async () =>
    (await deps.register.hamtaRapport(RAPPORT))?.status === 'PAGAR' ? true : undefined,
  );
  // The report and its task wait (no workflow task or activity in flight): the Java test server refuses to
  // cancel an activity it has just finished, which the real server takes.
  await until('the report and its task to wait', async () => {
    for (const id of [`rapport/${RAPPORT}`, `uppgift/${RAPPORT}/utkast-1`]) {
      const { raw } = await ts.env.client.workflow.getHandle(id).describe();
      if (raw.pendingWorkflowTask || (raw.pendingActivities?.length ?? 0) > 0) return undefined;
    }
    return true;
  });
  return { handle, plan };
}

/** The meetings the report's plan puts a step on. */
function motenAv(plan: { steg: { sammantrade?: { organ: string; datum: string } }[] }) {
  return plan.steg.flatMap((s) => (s.sammantrade ? [{ kommun: 'lund', ...s.sammantrade }] : []));
}

async function paNagonLista(plan: Parameters<typeof motenAv>[0]): Promise<boolean> {
  const listor = await Promise.all(motenAv(plan).map((m) => deps.register.rapporterForSammantrade(m)));
  return listor.some((rader) => rader.some((r) => r.id === RAPPORT));
}

it('writes a cancelled report’s row as AVBRUTEN, and its ärende leaves the meetings’ lists', async () => {
  await ts.withWorker(async (taskQueue) => {
    const { handle, plan } = await startKs(taskQueue);
    expect(motenAv(plan).length).toBeGreaterThan(0);
    expect(await paNagonLista(plan)).toBe(true);
    const under = (await deps.register.hamtaRapport(RAPPORT))!;
    expect(under.seq).toBeGreaterThan(0);

    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const rad = await until('the row cancelled', async () => {
      const r = await deps.register.hamtaRapport(RAPPORT);
      return r?.status === 'AVBRUTEN' ? r : undefined;
    });
    expect(rad.seq).toBeGreaterThan(under.seq!);
    expect(await paNagonLista(plan)).toBe(false);
    // Its open task recorded that it was cancelled, as before.
    expect((await deps.register.hamtaUppgift(`${RAPPORT}/utkast-1`))?.status).toBe('AVBRUTEN');
    await recordHistory('rapportprocess-lund-2023-avbruten', handle as WorkflowHandle);

    // An older write of the same process that arrives late (a retried activity) changes nothing.
    await deps.register.sparaRapport({ ...rad, status: 'PAGAR', seq: under.seq! });
    expect((await deps.register.hamtaRapport(RAPPORT))?.status).toBe('AVBRUTEN');
    // The reconciliation finds nothing left to fix.
    expect(await avstamRapporter(ts.env.client, deps.register, 'lund')).toMatchObject({ rattade: [] });
  }, deps.activities);
});

it('the reconciliation closes the row of a terminated report, and says what it fixed', async () => {
  await ts.withWorker(async (taskQueue) => {
    const { handle, plan } = await startKs(taskQueue);
    await handle.terminate('ett driftfel');
    // Terminated: the process wrote nothing more, so its row still says it is under way.
    expect((await deps.register.hamtaRapport(RAPPORT))?.status).toBe('PAGAR');

    const torr = await avstamRapporter(ts.env.client, deps.register, 'lund', { torr: true });
    expect(torr.rattade).toEqual([
      { rapportId: RAPPORT, workflowStatus: 'TERMINATED', fran: 'PAGAR', till: 'AVBRUTEN' },
    ]);
    expect((await deps.register.hamtaRapport(RAPPORT))?.status).toBe('PAGAR');

    const avstamt = await avstamRapporter(ts.env.client, deps.register, 'lund');
    expect(avstamt).toMatchObject({
      kommun: 'lund',
      kontrollerade: 1,
      rattade: [{ rapportId: RAPPORT, workflowStatus: 'TERMINATED', fran: 'PAGAR', till: 'AVBRUTEN' }],
      utanArbetsflode: [],
    });
    expect((await deps.register.hamtaRapport(RAPPORT))?.status).toBe('AVBRUTEN');
    expect(await paNagonLista(plan)).toBe(false);
    // Run again: nothing is open any more.
    expect(await avstamRapporter(ts.env.client, deps.register, 'lund')).toMatchObject({
      kontrollerade: 0,
      rattade: [],
    });
  }, deps.activities);
});
