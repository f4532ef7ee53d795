/**
 * Every workflow the worker runs (the bundle's entry point), each loaded when a run of its type starts.
 *
 * The SDK gives every workflow run a module cache of its own (its reusable V8 context keeps runs apart that way),
 * so each run evaluates the modules the entry point imports: importing them all here made every task run build the
 * årshjul's planning, the kallelse and the whole kommun config schema (zod) it never uses — some 27 ms of the
 * worker's CPU per run on 2 cores, a third of its workflow thread's work (`npm run bench -- --only throughput`
 * profiled). A `require` inside the function is resolved by webpack into the same bundle and evaluated on first
 * call, synchronously: the run's commands and their order, and so its history, are the same as before.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose, see above */
// First: zod's setting for the sandbox, before any schema is built (./zodUtanJit.ts).
import './zodUtanJit';
import type * as Arshjul from './arshjul';
import type * as Overklagandetid from './overklagandetid';
import type * as Rapportprocess from './rapportprocess';
import type * as Sammantrade from './sammantrade';
import type * as Uppgift from './uppgift';

export function arshjul(...args: Parameters<typeof Arshjul.arshjul>): ReturnType<typeof Arshjul.arshjul> {
  return (require('./arshjul') as typeof Arshjul).arshjul(...args);
}

export function overklagandetid(
  ...args: Parameters<typeof Overklagandetid.overklagandetid>
): ReturnType<typeof Overklagandetid.overklagandetid> {
  return (require('./overklagandetid') as typeof Overklagandetid).overklagandetid(...args);
}

export function rapportprocess(
  ...args: Parameters<typeof Rapportprocess.rapportprocess>
): ReturnType<typeof Rapportprocess.rapportprocess> {
  return (require('./rapportprocess') as typeof Rapportprocess).rapportprocess(...args);
}

export function uppgift(...args: Parameters<typeof Uppgift.uppgift>): ReturnType<typeof Uppgift.uppgift> {
  return (require('./uppgift') as typeof Uppgift).uppgift(...args);
}

export function sammantrade(
  ...args: Parameters<typeof Sammantrade.sammantrade>
): ReturnType<typeof Sammantrade.sammantrade> {
  return (require('./sammantrade') as typeof Sammantrade).sammantrade(...args);
}
