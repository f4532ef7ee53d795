/**
 * The year's floor (src/bench/arsform.ts, src/bench/bar/form.ts): the form read from a small year's histories,
 * followed by the floor's workflow on a server whose clock starts where the year's did, issues the same commands
 * in the same order in every workflow, takes the same Updates, and reads back as the same form.
 */
import { Worker } from '@temporalio/worker';
import { korForm, lasArsform } from '../../src/bench/arsform';
import type { Form } from '../../src/bench/bar/form';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { runWorkerUntil } from '../helpers/workers';
import { barForm, formForalder, klar } from './fixtures/arsform';

const START = '2023-01-02T09:00:00+01:00';
const DAG = 86_400_000;
const TIMME = 3_600_000;

/** Each workflow's commands in order (timers with their durations, signals with their targets), children inline. */
function kommandon(form: Form): unknown[] {
  return form.block.flatMap((b) =>
    b.kommandon.map((k) =>
      k.k === 'barn' ? { barn: kommandon(k.form) } : 'ms' in k || 'till' in k ? k : k.k,
    ),
  );
}

async function medWorker<T>(ts: TimeSkippingEnv, work: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `arsform-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    connection: ts.env.nativeConnection,
    namespace: ts.env.namespace ?? 'default',
    taskQueue,
    workflowsPath: require.resolve('./fixtures/arsform'),
    activities: { spara: async () => undefined, ingenting: async () => undefined },
  });
  return runWorkerUntil(worker, work(taskQueue));
}

it("reads a year's form from its histories, and the floor follows it to the same form", async () => {
  const ar = await timeSkippingEnv(START);
  const formen = await (async () => {
    try {
      return await medWorker(ar, async (taskQueue) => {
        const handle = await ar.env.client.workflow.start(formForalder, { taskQueue, workflowId: 'form-ar' });
        await ar.advance(3 * DAG);
        await ar.env.client.workflow.getHandle('form-ar/barn').executeUpdate(klar);
        await ar.advance(2 * TIMME);
        await ar.resultWithClockHeld(handle.workflowId);
        return lasArsform(ar.env.client, handle.workflowId);
      });
    } finally {
      await ar.teardown();
    }
  })();
  expect(formen.workflows).toBe(2);
  // At the virtual instant it was taken: three days in, and the wall seconds the clock ran on while held.
  expect(formen.updates).toEqual([{ workflowId: 'bar:form-ar/barn', tid: expect.any(Number) }]);
  expect(formen.updates[0]!.tid - (Date.parse(START) + 3 * DAG)).toBeGreaterThanOrEqual(0);
  expect(formen.updates[0]!.tid - (Date.parse(START) + 3 * DAG)).toBeLessThan(DAG);
  expect(kommandon(formen.form)).toEqual([
    'lokal',
    'patch',
    {
      barn: [
        'lokal',
        { k: 'timer', ms: 2 * DAG },
        'lokal',
        'aktivitet',
        { k: 'signal', till: 'bar:form-ar' },
        { k: 'timer', ms: TIMME },
        'klar',
      ],
    },
    { k: 'timer', ms: DAG },
    'sokattribut',
    'lokal',
    'klar',
  ]);

  const golv = await timeSkippingEnv(START);
  try {
    const dess = await medWorker(golv, async (taskQueue) => {
      const handle = await golv.env.client.workflow.start(barForm, {
        taskQueue,
        workflowId: formen.form.workflowId,
        args: [formen.form],
      });
      const skickade = await korForm(golv.env.client, golv, formen.updates);
      expect(skickade).toBe(1);
      await golv.advance(2 * TIMME);
      await golv.resultWithClockHeld(handle.workflowId);
      return lasArsform(golv.env.client, handle.workflowId);
    });
    // The floor's copies are named after the year's (bar:bar:…); otherwise the same form.
    const utanPrefix = (s: string) => JSON.parse(s.replaceAll('bar:bar:', 'bar:')) as unknown;
    expect(utanPrefix(JSON.stringify(kommandon(dess.form)))).toEqual(kommandon(formen.form));
    expect(dess.arbetsuppgifter).toBe(formen.arbetsuppgifter);
    // Taken at the year's instant, give or take the wall seconds the held clock runs on.
    expect(dess.updates).toHaveLength(1);
    expect(Math.abs(dess.updates[0]!.tid - formen.updates[0]!.tid)).toBeLessThan(60_000);
  } finally {
    await golv.teardown();
  }
});
