/**
 * The floor of a task: the least a workflow that waits for one command can be — an Update whose handler sets a
 * flag, and the workflow returns. No activities, no search attributes, no validator. Bundled apart from the
 * product's workflows (src/bench/miljo.ts) and run on a task queue of its own.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const klarUpdate = defineUpdate<{ klar: true }, [{ aktor: string }]>('klar');

export async function barUppgift(): Promise<string> {
  let aktor: string | undefined;
  setHandler(klarUpdate, (input) => {
    aktor = input.aktor;
    return { klar: true };
  });
  await condition(() => aktor !== undefined);
  return aktor!;
}

export { barForm } from './form';
