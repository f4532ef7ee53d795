/**
 * The form of a product year, read from its histories, and the floor's year that follows it (./bar/form.ts).
 *
 * Each history is cut at its workflow tasks: a task's trigger is what had reached the run before it started
 * (timers fired, children started and done, signals in, signals sent, activities done — counted from the start —
 * and the Updates it accepted); its commands are what it recorded (local activities, patch markers, search
 * attributes, timers, children, signals, activities, the end). Children's forms are read from their own
 * histories. The Updates are the driver's: each task's, at the virtual instant the product accepted it.
 */
import { setTimeout } from 'node:timers/promises';
import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { Klocka } from './arsdrivare';
import { klarUpdate, UTLOSARE, type Block, type Form, type Kommando, type Raknare } from './bar/form';

type Event = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** An Update the floor's driver sends: to the floor's copy of a task, at the product's virtual instant. */
export interface FormUpdate {
  workflowId: string;
  tid: number;
}

export interface Arsform {
  form: Form;
  updates: FormUpdate[];
  /** Workflow tasks and workflows in the product's year, to set beside the floor's. */
  arbetsuppgifter: number;
  workflows: number;
}

const barId = (id: string) => `bar:${id}`;

const ms = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);

/** The event's type by name, without its EVENT_TYPE_ prefix. */
function namn(e: Event): string {
  const typ = e.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED;
  return (EventType[typ] ?? String(typ)).replace(/^EVENT_TYPE_/, '');
}

/** The events that trigger a workflow task, and what each counts as; the commands are read in `formAv`. */
const UTLOSANDE: Record<string, keyof Raknare | undefined> = {
  TIMER_FIRED: 'fired',
  CHILD_WORKFLOW_EXECUTION_STARTED: 'childStarted',
  CHILD_WORKFLOW_EXECUTION_COMPLETED: 'childDone',
  WORKFLOW_EXECUTION_SIGNALED: 'signaled',
  EXTERNAL_WORKFLOW_EXECUTION_SIGNALED: 'signalSent',
  ACTIVITY_TASK_COMPLETED: 'activityDone',
};
/** Events that neither trigger a workflow task nor stand for a command of the floor's. */
const UTAN_BETYDELSE = new Set([
  'WORKFLOW_EXECUTION_STARTED',
  'WORKFLOW_TASK_SCHEDULED',
  'ACTIVITY_TASK_STARTED',
  'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
]);

const arPatchens = (e: Event) =>
  Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).every(
    (k) => k === 'TemporalChangeVersion',
  );

export async function lasArsform(client: Client, arshjulId: string): Promise<Arsform> {
  const updates: FormUpdate[] = [];
  let arbetsuppgifter = 0;
  let workflows = 0;

  async function formAv(workflowId: string): Promise<Form> {
    workflows++;
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    const n: Raknare = Object.fromEntries(UTLOSARE.map((k) => [k, 0])) as Raknare;
    const block: Block[] = [];
    let startad: Raknare | undefined;
    let aktuellt: Block | undefined;
    for (const e of events ?? []) {
      const typ = namn(e);
      const raknas = UTLOSANDE[typ];
      if (raknas) {
        n[raknas]++;
        continue;
      }
      if (UTAN_BETYDELSE.has(typ)) continue;
      const kommando = (k: Kommando) => {
        if (!aktuellt) throw new Error(`${workflowId}: ${typ} outside a workflow task`);
        aktuellt.kommandon.push(k);
      };
      switch (typ) {
        case 'WORKFLOW_TASK_STARTED':
          startad = { ...n };
          break;
        case 'WORKFLOW_TASK_COMPLETED':
          arbetsuppgifter++;
          aktuellt = { nar: startad!, kommandon: [] };
          block.push(aktuellt);
          break;
        case 'WORKFLOW_TASK_FAILED':
        case 'WORKFLOW_TASK_TIMED_OUT':
          // Tried again: the next start is the one that counts.
          arbetsuppgifter++;
          break;
        case 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED':
          n.updates++;
          aktuellt!.nar = { ...aktuellt!.nar, updates: n.updates };
          updates.push({ workflowId: barId(workflowId), tid: ms(e.eventTime) });
          break;
        case 'MARKER_RECORDED':
          kommando({ k: e.markerRecordedEventAttributes?.markerName === 'core_patch' ? 'patch' : 'lokal' });
          break;
        case 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES':
          // A patch's own (TemporalChangeVersion) comes with the floor's patch; the workflow's own are copied.
          if (!arPatchens(e)) kommando({ k: 'sokattribut' });
          break;
        case 'TIMER_STARTED':
          kommando({ k: 'timer', ms: ms(e.timerStartedEventAttributes?.startToFireTimeout) });
          break;
        case 'START_CHILD_WORKFLOW_EXECUTION_INITIATED':
          kommando({
            k: 'barn',
            form: await formAv(e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId!),
          });
          break;
        case 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED':
          kommando({
            k: 'signal',
            till: barId(
              e.signalExternalWorkflowExecutionInitiatedEventAttributes!.workflowExecution!.workflowId!,
            ),
          });
          break;
        case 'ACTIVITY_TASK_SCHEDULED':
          kommando({ k: 'aktivitet' });
          break;
        case 'WORKFLOW_EXECUTION_COMPLETED':
          kommando({ k: 'klar' });
          break;
        default:
          throw new Error(`${workflowId}: the floor's form has no ${typ}`);
      }
    }
    return { workflowId: barId(workflowId), block };
  }

  const form = await formAv(arshjulId);
  updates.sort((a, b) => a.tid - b.tid);
  return { form, updates, arbetsuppgifter, workflows };
}

/**
 * Drives the floor's year: at each of the product's Update instants the clock is moved there, and each task's
 * Update sent once the floor's copy of it runs (polled, as the product's driver polls its view). Returns the
 * number of Updates sent.
 */
export async function korForm(
  client: Client,
  klocka: Klocka,
  updates: readonly FormUpdate[],
): Promise<number> {
  let nu = await klocka.now();
  let skickade = 0;
  for (const u of updates) {
    if (u.tid > nu) {
      await klocka.advance(u.tid - nu);
      nu = u.tid;
    }
    const handle = client.workflow.getHandle(u.workflowId);
    for (let i = 0; ; i++) {
      const igang = await handle.describe().then(
        (d) => d.status.name === 'RUNNING',
        () => false,
      );
      if (igang) break;
      if (i > 5000) throw new Error(`the floor's ${u.workflowId} never started`);
      await setTimeout(4);
    }
    await handle.executeUpdate(klarUpdate);
    skickade++;
  }
  return skickade;
}
