/**
 * The appeal period on the real dev server (durable SQLite): started, listed by search attribute, queried,
 * told of an appeal, and cancelled.
 */
import type { Client } from '@temporalio/client';
import type { JusteratProtokoll } from '../../src/domain/overklagande';
import { dateInStockholm, addDays } from '../../src/domain/datum';
import { anmalOverklagandeUpdate, overklagandetid, statusQuery } from '../../src/workflows/overklagandetid';
import { KOMMUN, ORGAN } from '../../src/workflows/searchAttributes';
import { connectTestClient, uniqueTaskQueue, withDevWorker } from '../helpers/devServer';

let client: Client;

beforeAll(async () => {
  client = await connectTestClient();
});

afterAll(async () => {
  await client?.connection.close();
});

/** A protocol justerat and posted today, so its appeal period runs for real on this server's clock. */
function postedToday(kommun: string): JusteratProtokoll {
  const today = dateInStockholm(Date.now());
  return {
    kommun,
    organ: 'KS',
    sammantrade: addDays(today, -7),
    justering: addDays(today, -1),
    anslag: today,
    paragrafer: [101, 102, 103],
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('is started, listed by kommun and organ, queried, appealed and cancelled', async () => {
  const taskQueue = uniqueTaskQueue('overklagandetid');
  const kommun = `test-${Date.now()}`; // unique, so the list query finds only this run's workflow
  const protokoll = postedToday(kommun);
  await withDevWorker(taskQueue, async () => {
    const handle = await client.workflow.start(overklagandetid, {
      args: [protokoll],
      taskQueue,
      workflowId: `overklagandetid/${kommun}/KS/${protokoll.sammantrade}`,
      typedSearchAttributes: [
        { key: KOMMUN, value: kommun },
        { key: ORGAN, value: 'KS' },
      ],
    });

    const status = await handle.query(statusQuery);
    expect(status.status).toBe('ANSLAGEN');
    expect(status.frister.anslag).toBe(protokoll.anslag);
    expect(status.frister.planerad).toEqual([]);

    const listed = await waitFor(async () => {
      const found = [];
      for await (const w of client.workflow.list({
        query: `ArshjulKommun = '${kommun}' AND ArshjulOrgan = 'KS' AND ExecutionStatus = 'Running'`,
      })) {
        found.push(w.workflowId);
      }
      return found.length > 0 ? found : undefined;
    }, 'the workflow to be listed');
    expect(listed).toEqual([handle.workflowId]);

    const appealed = await handle.executeUpdate(anmalOverklagandeUpdate, {
      args: [{ inkom: protokoll.anslag, paragrafer: [102], registreradAv: 'kommunsekreterare' }],
    });
    expect(appealed.status).toBe('DELVIS_OVERKLAGAD');

    const partly = await waitFor(async () => {
      for await (const w of client.workflow.list({
        query: `ArshjulKommun = '${kommun}' AND ArshjulStatus = 'DELVIS_OVERKLAGAD'`,
      })) {
        return w.workflowId;
      }
      return undefined;
    }, 'the status search attribute to be updated');
    expect(partly).toBe(handle.workflowId);

    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    // The closed workflow still answers with its last state.
    expect((await handle.query(statusQuery)).overklaganden).toHaveLength(1);
  });
});
