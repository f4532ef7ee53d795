/**
 * Starting a kommun's year and a meeting, and stopping a year — one way for the CLI, the pages and the REST API. A start is refused,
 * not repeated, when the workflow already runs (a meeting's id is never reused, not even after it has ended: a
 * meeting is held once) — unless the earlier run failed, timed out or was terminated: then the year or the meeting
 * is started again under its id, the repair after whatever stopped it. A stopped (cancelled) year stays stopped. A start has no Update handler to audit it, so the caller names who started it and the
 * register gets the entry here.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import type { Register } from '../db/register';
import type { Startval } from '../domain/arshjulStart';
import type { IsoDate } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import { motesfaktaFor, sammantradeId } from '../domain/sammantrade';
import { arshjul, arshjulWorkflowId } from '../workflows/arshjul';
import { sammantrade } from '../workflows/sammantrade';
import { KOMMUN, ORGAN } from '../workflows/searchAttributes';

export type Startat =
  { startat: true; workflowId: string; runId: string } | { startat: false; workflowId: string };

/** Who starts it, for the audit log. */
export interface Startare {
  register: Pick<Register, 'audit'>;
  aktor: string;
}

/**
 * Starts the year with the kanslichef's choices for reports whose dates have passed (src/domain/arshjulStart.ts;
 * `{}` takes the proposals: run what is ahead, mark what is past as done outside Årshjul).
 */
export async function startaArshjul(
  client: Client,
  config: KommunConfig,
  ar: number,
  taskQueue: string,
  startval: Startval,
  startare?: Startare,
): Promise<Startat> {
  const workflowId = arshjulWorkflowId(config.kommun.id, ar);
  const reuse = await aterstartbar(client, workflowId);
  return starta(workflowId, 'ARSHJUL_STARTAT', startare, () =>
    client.workflow.start(arshjul, {
      args: [{ kommun: config.kommun.id, ar, startval }],
      taskQueue,
      workflowId,
      // A year runs once. Started again after a stop, its reports and tasks would come back under the ids of
      // the cancelled ones: the register keeps those ended, and their mail counts as sent. A year that failed
      // is the exception (aterstartbar): mail already sent under its keys is not sent again.
      workflowIdReusePolicy: reuse,
      typedSearchAttributes: [{ key: KOMMUN, value: config.kommun.id }],
    }),
  );
}

/**
 * Stops a running year: the årshjul is cancelled and cancels its running reports, whose open tasks record that
 * they were cancelled (src/workflows/arshjul.ts). 'INTE_STARTAT' when it never ran, 'AVSLUTAT' when it has ended.
 */
export async function stoppaArshjul(
  client: Client,
  config: KommunConfig,
  ar: number,
  startare?: Startare,
): Promise<{ workflowId: string; utfall: 'STOPPAT' | 'INTE_STARTAT' | 'AVSLUTAT' }> {
  const workflowId = arshjulWorkflowId(config.kommun.id, ar);
  const handle = client.workflow.getHandle(workflowId);
  let beskrivning;
  try {
    beskrivning = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { workflowId, utfall: 'INTE_STARTAT' };
    throw error;
  }
  if (beskrivning.status.name !== 'RUNNING') return { workflowId, utfall: 'AVSLUTAT' };
  try {
    await handle.cancel();
  } catch (error) {
    // It ended between the two calls.
    if (error instanceof WorkflowNotFoundError) return { workflowId, utfall: 'AVSLUTAT' };
    throw error;
  }
  if (startare) {
    await startare.register.audit({
      nyckel: `stopp:${workflowId}:${beskrivning.runId}`,
      tid: new Date(),
      aktor: startare.aktor,
      handling: 'ARSHJUL_STOPPAT',
      objekt: workflowId,
    });
  }
  return { workflowId, utfall: 'STOPPAT' };
}

export async function startaSammantrade(
  client: Client,
  config: KommunConfig,
  motet: { organ: string; datum: IsoDate },
  taskQueue: string,
  startare?: Startare,
): Promise<Startat> {
  const workflowId = sammantradeId({ kommun: config.kommun.id, ...motet });
  const reuse = await aterstartbar(client, workflowId);
  return starta(workflowId, 'SAMMANTRADE_STARTAT', startare, () =>
    client.workflow.start(sammantrade, {
      args: [motesfaktaFor(config, motet.organ, motet.datum)],
      taskQueue,
      workflowId,
      workflowIdReusePolicy: reuse,
      typedSearchAttributes: [
        { key: KOMMUN, value: config.kommun.id },
        { key: ORGAN, value: motet.organ },
      ],
    }),
  );
}

/** Runs that ended by a fault, not by a person's decision or by finishing: started again on request. */
const ATERSTARTBARA: readonly string[] = ['FAILED', 'TIMED_OUT', 'TERMINATED'];

/**
 * The id's reuse policy for a start: a duplicate is refused, unless the last run ended by a fault. Temporal's
 * ALLOW_DUPLICATE_FAILED_ONLY also allows a cancelled run, so the last run's status is read first.
 */
async function aterstartbar(client: Client, workflowId: string): Promise<WorkflowIdReusePolicy> {
  try {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    if (ATERSTARTBARA.includes(status.name)) return WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  return WorkflowIdReusePolicy.REJECT_DUPLICATE;
}

async function starta(
  workflowId: string,
  handling: string,
  startare: Startare | undefined,
  start: () => Promise<{ firstExecutionRunId: string }>,
): Promise<Startat> {
  let runId: string;
  try {
    ({ firstExecutionRunId: runId } = await start());
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { startat: false, workflowId };
    throw error;
  }
  if (startare) {
    await startare.register.audit({
      nyckel: `start:${workflowId}:${runId}`,
      tid: new Date(),
      aktor: startare.aktor,
      handling,
      objekt: workflowId,
    });
  }
  return { startat: true, workflowId, runId };
}
