/**
 * Workflows a test started under fixed ids (a kommun's year, its reports, their tasks, its meetings) outlive the
 * test's worker: the next test to start the same year on the shared dev server would meet them, bound to a task
 * queue no one polls, or find the year "stopped" rather than not started. Tests that start a year remove every
 * execution under its ids, running or closed, before and after.
 */
import type { Client } from '@temporalio/client';

export async function rensa(client: Client, galler: (workflowId: string) => boolean): Promise<number> {
  const namespace = client.options.namespace;
  const executions: { workflowId: string; runId: string }[] = [];
  for await (const wf of client.workflow.list()) {
    if (galler(wf.workflowId)) executions.push({ workflowId: wf.workflowId, runId: wf.runId });
  }
  for (const workflowExecution of executions) {
    try {
      // Deleting a running execution terminates it first.
      await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution });
    } catch {
      // Deleted meanwhile.
    }
  }
  // Deletion is asynchronous: wait until none of them answers any more.
  for (const { workflowId, runId } of executions) {
    for (let i = 0; i < 100; i++) {
      try {
        await client.workflow.getHandle(workflowId, runId).describe();
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return executions.length;
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
