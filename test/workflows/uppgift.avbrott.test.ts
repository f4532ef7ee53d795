/**
 * A mail outage does not freeze a task (issue 15): every state is stored first and its mail goes beside the task,
 * so an approval made while the mail server is down is stored and passed to the report process at once, and the
 * mail that is still true goes out when the server is back — the one made stale meanwhile never does. On the
 * time-skipping server with the real activities and a real SMTP server on loopback that stops listening.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { planeraRapport } from '../../src/domain/planering';
import { kontextFor } from '../../src/domain/rapportprocess';
import { rapportprocess, rapportprocessQuery } from '../../src/workflows/rapportprocess';
import { godkannUpdate, slutforUpdate } from '../../src/workflows/uppgift';
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

const TIMME = 3600 * 1000;
const PROCESS = 'lund/2023/KS/delarsrapport-augusti';

/** The step's task id once the process runs it. */
async function taskOf(handle: WorkflowHandle<typeof rapportprocess>, steg: string): Promise<string> {
  const id = `${PROCESS}/${steg}-1`;
  return until(`the ${steg} task`, async () => {
    const status = await handle.query(rapportprocessQuery);
    return status.steg[steg]?.uppgiftId === id && status.steg[steg]?.status === 'PAGAR' ? id : undefined;
  });
}

it('stores an approval made during a six-hour SMTP outage and passes it on at once; the mail still true follows', async () => {
  const lund = deps.kommuner.get('lund')!;
  // KS's chain of document 000 alone (the nämnder's reports are not waited for here).
  const { underlag: _underlag, ...plan } = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(rapportprocess, {
      args: [{ plan, kontext: kontextFor(lund) }],
      taskQueue,
      workflowId: `rapport/${plan.id}`,
    });
    const utkast = await taskOf(handle, 'utkast');
    await ts.advanceTo('2023-09-15T13:00:00+02:00');

    // The mail server goes away for six hours; the draft is handed in at once.
    await deps.smtp.stop();
    const avbrottetBorjar = await ts.now();
    await ts.env.client.workflow
      .getHandle(`uppgift/${utkast}`)
      .executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    const godkannande = await taskOf(handle, 'godkannande');
    // Two hours on, the approval's "Ny uppgift" has been tried again and again; the chef approves on the page.
    await ts.advance(2 * TIMME);
    await ts.env.client.workflow
      .getHandle(`uppgift/${godkannande}`)
      .executeUpdate(godkannUpdate, { args: [{ aktor: 'ekonomidirektor' }] });

    // Stored, and the process has gone on to the beredning — without the clock moving, mail still down.
    await until('the approval stored', async () =>
      (await deps.register.hamtaUppgift(godkannande))?.status === 'GODKAND' ? true : undefined,
    );
    const beredning = await taskOf(handle, 'beredning');
    const godkand = (await deps.register.uppgiftshistorik(godkannande)).find((h) => h.typ === 'GODKAND')!;
    const skapad = await until('the beredning stored', async () =>
      (await deps.register.uppgiftshistorik(beredning)).find((h) => h.typ === 'SKAPAD'),
    );
    // Both in workflow time, both well inside the outage.
    expect(skapad.tid).toBeGreaterThanOrEqual(godkand.tid);
    expect(skapad.tid).toBeLessThan(avbrottetBorjar + 6 * TIMME);
    expect(await ts.now()).toBeLessThan(avbrottetBorjar + 6 * TIMME);

    // The outage ends; the retries reach the server within their longest back-off.
    await ts.advanceTo('2023-09-15T19:00:00+02:00');
    await deps.smtp.start();
    await ts.advance(TIMME);
    const nya = (epost: string) =>
      deps.smtp
        .messages()
        .filter((m) => m.envelope.rcptTo.includes(epost))
        .map((m) => m.subject?.split(':')[0]);
    // The beredning's news is still true: it goes out, once. The chef's "Ny uppgift" for the approval he has
    // already given is stale: it never goes out.
    await until('the beredning’s mail', () =>
      nya('kommunsekreterare@lund.example.org').length > 0 ? true : undefined,
    );
    expect(nya('kommunsekreterare@lund.example.org')).toEqual(['Ny uppgift']);
    expect(nya('ekonomidirektor@lund.example.org')).toEqual([]);
    await recordHistory(
      'uppgift-godkand-under-smtp-avbrott',
      ts.env.client.workflow.getHandle(`uppgift/${godkannande}`),
    );
  }, deps.activities);
});
