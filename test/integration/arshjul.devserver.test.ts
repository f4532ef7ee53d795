/**
 * The årshjul on the real dev server: it continues as new while it starts Lund's reports (a low history
 * ceiling makes it do so often), keeps its state across runs, and status signals from the report processes
 * reach whichever run is current. Stopped, it cancels its running reports, and their open tasks record it.
 */
import type { ArshjulOversikt } from '../../src/domain/arshjul';
import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { dateInStockholm } from '../../src/domain/datum';
import { queryWhenReady } from '../../src/temporal/client';
import { arshjul, arshjulQuery, arshjulWorkflowId, oversiktAv } from '../../src/workflows/arshjul';
import { medRapporternasSteg } from '../../src/api/arshjulAret';
import { slutforUpdate } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { connectTestClient, uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { recordHistory } from '../helpers/histories';
import { kommunensAr, rensa } from '../helpers/rensa';
import { until } from '../helpers/until';

let client: Client;
let deps: ArshjulTestDeps;

beforeAll(async () => {
  client = await connectTestClient();
  deps = await arshjulTestDeps();
});

afterAll(async () => {
  await client?.connection.close();
  await deps?.close();
});

/** The reports a past year starts at once: all but the verksamhetsplaner, which wait for the EVP's KF beslut. */
const direkt = (v: ArshjulOversikt) => v.rapporter.filter((r) => !r.startarEfter);
/** Each started report's first tasks: its draft, or the EVP's budgetunderlag from each nämnd. */
const forstaUppgifter = (v: ArshjulOversikt) =>
  direkt(v).flatMap((r) => r.steg.filter((s) => s.steg === r.steg[0]!.steg).map((s) => s.uppgiftId));
const allaStartade = <T extends ArshjulOversikt>(v: T): T | undefined =>
  v.rapporter.length === 13 && direkt(v).length === 10 && forstaUppgifter(v).every(Boolean) ? v : undefined;

/** The shared poll (../helpers/until.ts), with the probe first and a minute to wait. */
const eventually = <T>(probe: () => Promise<T | undefined>, what: string) => until(what, probe, 60_000);

it('continues as new to keep its history small, and keeps its state and its signals across runs', async () => {
  const taskQueue = uniqueTaskQueue('arshjul');
  const workflowId = `${arshjulWorkflowId('lund', 2023)}/${taskQueue}`;
  const MAX = 40;
  await withDevWorker(
    taskQueue,
    async () => {
      // 2023 is in the past: every report process starts at once (each start a few events of the årshjul's).
      const handle = await client.workflow.start(arshjul, {
        args: [{ kommun: 'lund', ar: 2023, maxHistorik: MAX, startaSammantraden: false }],
        taskQueue,
        workflowId,
      });
      const view = async () =>
        oversiktAv(
          await medRapporternasSteg(deps.register, await queryWhenReady(handle, arshjulQuery)),
          dateInStockholm(Date.now()),
        );
      const started = await eventually(async () => allaStartade(await view()), 'the year’s reports to start');
      expect(started.korning).toBeGreaterThan(1);

      // A task done now shows in the view: the draft is done, the approval has started. The view reads each
      // step from the register, where its task stores itself as it starts.
      // (ASN's: KS's own approval waits for the nämnder's reports.)
      const ks = started.rapporter.find((r) => r.id === 'lund/2023/ASN/delarsrapport-augusti')!;
      const utkast = ks.steg[0]!.uppgiftId!;
      await eventually(() => deps.register.hamtaUppgift(utkast), 'the draft task in the register');
      await client.workflow
        .getHandle(`uppgift/${utkast}`)
        .executeUpdate(slutforUpdate, { args: [{ aktor: 'asn-handlaggare' }] });
      const after = await eventually(async () => {
        const r = (await view()).rapporter.find((x) => x.id === ks.id)!;
        return r.steg[1]?.status === 'FORSENAD' && r.steg[1].uppgiftId ? r : undefined;
      }, 'the approval step to show');
      expect(after.steg[0]).toMatchObject({ steg: 'utkast', status: 'KLAR', utfordAv: 'asn-handlaggare' });

      // Every run stayed near the ceiling; together they are the year so far.
      // The year goes on while we walk its runs (its reports still start and end), so the count is
      // bracketed by the run number read before the walk and the one read after it.
      const fore = (await view()).korning;
      const lengths = await runLengths(handle);
      const efter = (await view()).korning;
      expect(lengths.length).toBeGreaterThanOrEqual(fore);
      expect(lengths.length).toBeLessThanOrEqual(efter);
      expect(Math.max(...lengths)).toBeLessThan(MAX + 40);
      console.log(`årshjul on the dev server: ${lengths.length} runs of ${lengths.join(', ')} events`);

      await handle.terminate('test done');
      for (const r of direkt(started))
        await client.workflow.getHandle(`rapport/${r.id}`).terminate('test done');
    },
    deps.activities,
  );
});

it('stops the year: its running reports are cancelled, and each open task records that it was cancelled', async () => {
  const taskQueue = uniqueTaskQueue('arshjul-stopp');
  // 2024, not 2023: the test above leaves 2023's reports and tasks behind under the same ids.
  const workflowId = arshjulWorkflowId('lund', 2024);
  await withDevWorker(
    taskQueue,
    async () => {
      const handle = await client.workflow.start(arshjul, {
        args: [{ kommun: 'lund', ar: 2024, startaSammantraden: false }],
        taskQueue,
        workflowId,
      });
      const started = await eventually(
        async () =>
          allaStartade(
            oversiktAv(
              await medRapporternasSteg(deps.register, await queryWhenReady(handle, arshjulQuery)),
              dateInStockholm(Date.now()),
            ),
          ),
        'the year’s reports to start',
      );
      const uppgifter = forstaUppgifter(started) as string[];
      await eventually(
        async () =>
          (await Promise.all(uppgifter.map((id) => deps.register.hamtaUppgift(id)))).every(
            (u) => u?.status === 'OPPEN',
          ) || undefined,
        'every first task open in the register',
      );

      // The kanslichef stops the year (`arshjul ar stoppa` cancels the årshjul).
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow();
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      for (const r of direkt(started)) {
        const rapport = client.workflow.getHandle(`rapport/${r.id}`);
        await eventually(
          async () => ((await rapport.describe()).status.name === 'CANCELLED' ? true : undefined),
          `the report ${r.id} to be cancelled`,
        );
      }
      for (const id of uppgifter) {
        const rad = await eventually(async () => {
          const u = await deps.register.hamtaUppgift(id);
          return u?.status === 'AVBRUTEN' ? u : undefined;
        }, `the task ${id} to be recorded as cancelled`);
        expect(rad.status).toBe('AVBRUTEN');
        const historik = await deps.register.uppgiftshistorik(id);
        expect(historik.at(-1)).toMatchObject({ typ: 'AVBRUTEN' });
      }
      await recordHistory('arshjul-lund-2024-stoppat', handle);
      await recordHistory('uppgift-avbruten-med-aret', client.workflow.getHandle(`uppgift/${uppgifter[0]}`));
      const handläggarensLista = await deps.register.listaUppgifter({
        kommun: 'lund',
        person: 'handlaggare-ks',
        status: ['OPPEN'],
      });
      expect(handläggarensLista.filter((u) => uppgifter.includes(u.id))).toEqual([]);
    },
    deps.activities,
  );
  await rensa(client, kommunensAr('lund', 2024));
});

async function runLengths(handle: WorkflowHandleWithFirstExecutionRunId): Promise<number[]> {
  const lengths: number[] = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow
      .getHandle(handle.workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    lengths.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return lengths;
}
