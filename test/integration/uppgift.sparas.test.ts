/**
 * A task completed while the workflow is storing it: the register's read model must end with the completed task,
 * not the open one it was storing (found by the browser test — a fast handläggare's task stayed open in Mina
 * uppgifter and on Årshjulet). The store is held on the real dev server until the Update has been accepted.
 */
import type { Client } from '@temporalio/client';
import { sparaOchMeddela } from '../../src/activities';
import type { UppgiftState } from '../../src/domain/uppgift';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { slutforUpdate, uppgift } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { connectTestClient, uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { recordHistory } from '../helpers/histories';
import { lundUtkastUppgift } from '../helpers/lund';
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

it('stores a task completed while its state was being stored', async () => {
  const taskQueue = uniqueTaskQueue('sparas');
  const spec = lundUtkastUppgift(
    deps.kommuner.get('lund')!,
    taskQueue,
    addDays(dateInStockholm(Date.now()), 10),
  );
  // The task's first store waits until the test lets it go (the task stores before it mails: issue 15).
  let stores = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  const sparaUppgift = async (state: UppgiftState) => {
    if (state.spec.id === spec.id && ++stores === 1) {
      holding = true;
      await released;
    }
    return deps.activities.sparaUppgift(state);
  };
  const activities = {
    ...deps.activities,
    sparaUppgift,
    // The store with its news (the task workflow's since v2) goes through the same held store.
    sparaUppgiftOchMeddela: sparaOchMeddela(sparaUppgift, deps.activities.meddelaNu),
  };
  await withDevWorker(
    taskQueue,
    async () => {
      const handle = await client.workflow.start(uppgift, {
        args: [spec],
        taskQueue,
        workflowId: `uppgift/${spec.id}`,
      });
      await until('the held store', () => (holding ? true : undefined));
      await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks', kommentar: 'Klar.' }] });
      release();
      await handle.result();
      const rad = await deps.register.hamtaUppgift(spec.id);
      expect(rad).toMatchObject({ status: 'KLAR', utfall: { aktor: 'handlaggare-ks', kommentar: 'Klar.' } });
      await recordHistory('uppgift-slutford-medan-den-sparas', handle);
    },
    activities,
  );
});
