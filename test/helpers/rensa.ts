/**
 * Workflows a test started under fixed ids (a kommun's year, its reports, their tasks, its meetings) outlive the
 * test's worker: the next test to start the same year on the shared dev server would meet them, bound to a task
 * queue no one polls. Tests that start a year terminate what runs under its ids before and after.
 */
import type { Client } from '@temporalio/client';

export async function avslutaPagaende(
  client: Client,
  galler: (workflowId: string) => boolean,
): Promise<number> {
  let count = 0;
  for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
    if (!galler(wf.workflowId)) continue;
    try {
      await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test clean-up');
      count++;
    } catch {
      // Ended meanwhile.
    }
  }
  return count;
}

/**
 * Every workflow of one kommun's year: the årshjul (`arshjul/lund/2026`), its reports and their tasks
 * (`rapport/lund/2026/…`, `uppgift/lund/2026/…`), and its meetings with their tasks and appeal periods
 * (`sammantrade/lund/KS/2026-10-14`, `uppgift/lund/KS/2026-10-14/…`, `overklagandetid/lund/KS/2026-10-14`).
 */
export const kommunensAr = (kommun: string, ar: number) => {
  const pattern = new RegExp(`^[a-z]+/${kommun}/(${ar}(/|$)|[A-ZÅÄÖ0-9-]+/${ar}-)`);
  return (id: string) => pattern.test(id);
};
