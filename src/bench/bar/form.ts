/**
 * The floor of a year: a workflow that does, workflow task by workflow task, what one of the product's year's
 * workflows did — the same local activities, timers, children, signals, activities and Updates, in the same order
 * and on the same triggers — and nothing else: its local activities and activities do nothing, and it keeps no
 * state but counters. Its form is read from the product's own histories (src/bench/arsform.ts), so the floor of
 * Lund's year is that year's shape with the product's work taken out: the cost of the workflow tasks themselves,
 * on this server and SDK.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  condition,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';

/** What had reached a workflow task before it started, counted from the run's start. */
export const UTLOSARE = [
  'fired',
  'childStarted',
  'childDone',
  'signaled',
  'signalSent',
  'activityDone',
  'updates',
] as const;
export type Raknare = Record<(typeof UTLOSARE)[number], number>;

export type Kommando =
  | { k: 'lokal' }
  | { k: 'patch' }
  | { k: 'sokattribut' }
  | { k: 'timer'; ms: number }
  | { k: 'barn'; form: Form }
  | { k: 'signal'; till: string }
  | { k: 'aktivitet' }
  | { k: 'klar' };

/** One workflow task: started once `nar` had reached the run; then its commands, in order. */
export interface Block {
  nar: Raknare;
  kommandon: Kommando[];
}

export interface Form {
  workflowId: string;
  block: Block[];
}

/** The product's status attribute, by its name (the floor imports nothing of the product's). */
const STATUS = defineSearchAttributeKey('ArshjulStatus', SearchAttributeType.KEYWORD);

export const stegSignal = defineSignal('steg');
export const klarUpdate = defineUpdate<{ klar: true }>('klar');

const lokal = proxyLocalActivities<{ ingenting(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });
const aktivitet = proxyActivities<{ ingenting(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export async function barForm(form: Form): Promise<void> {
  const n: Raknare = {
    fired: 0,
    childStarted: 0,
    childDone: 0,
    signaled: 0,
    signalSent: 0,
    activityDone: 0,
    updates: 0,
  };
  const rakna = (k: keyof Raknare) => () => void n[k]++;
  setHandler(stegSignal, rakna('signaled'));
  setHandler(klarUpdate, () => {
    n.updates++;
    return { klar: true as const };
  });
  let patchar = 0;
  for (const block of form.block) {
    await condition(() => UTLOSARE.every((k) => n[k] >= block.nar[k]));
    for (const c of block.kommandon) {
      switch (c.k) {
        case 'lokal':
          await lokal.ingenting();
          break;
        case 'patch':
          patched(`bar-${(patchar += 1)}`);
          break;
        case 'sokattribut':
          upsertSearchAttributes([{ key: STATUS, value: `bar-${n.updates}` }]);
          break;
        case 'timer':
          void sleep(c.ms).then(rakna('fired'));
          break;
        case 'barn':
          void startChild(barForm, { workflowId: c.form.workflowId, args: [c.form] }).then((h) => {
            n.childStarted++;
            return h.result().then(rakna('childDone'));
          });
          break;
        case 'signal':
          void getExternalWorkflowHandle(c.till).signal(stegSignal).then(rakna('signalSent'));
          break;
        case 'aktivitet':
          void aktivitet.ingenting().then(rakna('activityDone'));
          break;
        case 'klar':
          return;
      }
    }
  }
}
