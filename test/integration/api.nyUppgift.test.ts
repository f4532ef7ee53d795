/**
 * A command on a task in the moment after its start, before its first state is in the register (issue 16): the
 * API lets the person through from the task's start input, read from its history, without asking the workflow —
 * so the Update reaches the task in its first workflow task, as it would straight on Temporal. A query there would
 * make Temporal complete the task's first workflow task early to answer it (a workflow task and three events
 * more). Whoever the start input does not let through is asked of the workflow, as before: a stranger gets the
 * 404 of a task that does not exist.
 *
 * The tasks start on a task queue no worker polls yet, so the register cannot know them when the command comes.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { api, uppgiftSokvag } from '../helpers/api';
import { withDevWorker } from '../helpers/devServer';
import { handelsetyp } from '../helpers/histories';
import { until } from '../helpers/until';
import { startaLundUtkast, startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'api-ny-uppgift' });
});

afterAll(() => webb?.close());

/** The event types of a history up to (not including) the first of `typ`. */
async function fore(handle: WorkflowHandle, typ: string): Promise<string[]> {
  const typer = ((await handle.fetchHistory()).events ?? []).map(handelsetyp);
  const i = typer.findIndex((t) => t.endsWith(typ));
  return i < 0 ? typer : typer.slice(0, i);
}

it('lets the assignee complete a task not yet in the register from its start input, in its first workflow task', async () => {
  const { client, deps } = webb;
  const { taskQueue, spec, handle } = await startaLundUtkast(webb, 'ny-uppgift');
  expect(await deps.register.hamtaUppgift(spec.id)).toBeUndefined();

  const { cookie } = await webb.signIn('handlaggare.ks@lund.example.org');
  // Sent while no worker runs: the API reads who the task is for and sends the Update, which waits for a worker.
  const nyckel = 'forsta-kommandot';
  const svar = fetch(`${webb.base}${uppgiftSokvag(spec.id, 'slutfor')}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'idempotency-key': nyckel },
    body: JSON.stringify({ kommentar: 'Klar.' }),
  });
  // The id the API gives the Update (src/api/rest/endpoint.ts): the worker starts once Temporal has admitted it.
  const updateId = `api:handlaggare-ks:post:/api/tasks/{id}/slutfor:${nyckel}`;
  await until('the Update admitted to the task', async () => {
    try {
      await client.workflowService.pollWorkflowExecutionUpdate({
        namespace: client.options.namespace,
        updateRef: { workflowExecution: { workflowId: handle.workflowId }, updateId },
        waitPolicy: {
          lifecycleStage:
            temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
              .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
        },
      });
      return true;
    } catch {
      return undefined;
    }
  });
  const klar = await withDevWorker(
    taskQueue,
    async () => {
      const res = await svar;
      return { status: res.status, json: (await res.json()) as { status?: string } };
    },
    deps.activities,
  );
  expect([klar.status, klar.json.status]).toEqual([200, 'KLAR']);
  await handle.result();

  // One workflow task, then the Update: nothing made the task's first workflow task end early.
  const foreUpdaten = await fore(handle, 'UPDATE_ACCEPTED');
  expect(foreUpdaten.filter((t) => t.endsWith('WORKFLOW_TASK_COMPLETED'))).toHaveLength(1);
  await until('the task done in the register', async () =>
    (await deps.register.hamtaUppgift(spec.id))?.status === 'KLAR' ? true : undefined,
  );
});

it('answers a stranger on a task not yet in the register as on a task that does not exist, and leaves it open', async () => {
  const { deps } = webb;
  const { taskQueue, spec, handle } = await startaLundUtkast(webb, 'ny-uppgift-framling');
  const framling = api(webb, (await webb.signIn('ekonomidirektor@lund.example.org')).cookie);
  await withDevWorker(
    taskQueue,
    async () => {
      const svar = await framling('POST', uppgiftSokvag(spec.id, 'slutfor'), { kommentar: 'Klar.' });
      const saknas = await framling('POST', uppgiftSokvag('lund/2027/KS/finns-inte-1', 'slutfor'), {
        kommentar: 'Klar.',
      });
      expect(svar.status).toBe(404);
      expect(JSON.stringify(svar.json).replaceAll(spec.id, '<id>')).toBe(
        JSON.stringify(saknas.json).replaceAll('lund/2027/KS/finns-inte-1', '<id>'),
      );
      await until('the task stored, open', async () =>
        (await deps.register.hamtaUppgift(spec.id))?.status === 'OPPEN' ? true : undefined,
      );
      await handle.cancel();
    },
    deps.activities,
  );
});
