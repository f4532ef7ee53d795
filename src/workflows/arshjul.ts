/**
 * A kommun's year (annualCycle): plan every report backwards from the sammanträdesplan, start each report
 * process on its start date, and answer for the whole year — every stage, its dates, owner and status. It runs
 * for a year, so it continues as new whenever its history grows, carrying its state along.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { arshjulOversikt, type ArshjulOversikt, type RapportHandelser } from '../domain/arshjul';
import { dateInStockholm, instantInStockholm } from '../domain/datum';
import type { ArshjulActivities, ArshjulPlan } from './activities';
import { rapportStegSignal } from './arshjulSignaler';
import { rapportprocess } from './rapportprocess';
import { KOMMUN, STATUS } from './searchAttributes';

export interface ArshjulInput {
  kommun: string;
  ar: number;
  /** Continue-as-new beyond this many history events (Temporal's own suggestion also counts). */
  maxHistorik?: number;
  /** Carried over by continue-as-new; absent on the first run. */
  tillstand?: ArshjulTillstand;
}

export interface ArshjulTillstand {
  plan: ArshjulPlan;
  startade: string[];
  handelser: Record<string, RapportHandelser>;
  /** How many runs came before this one (for the record of how the history was kept small). */
  korningar: number;
}

export const arshjulQuery = defineQuery<ArshjulOversikt & { korning: number }>('arshjul');

const config = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const DEFAULT_MAX_HISTORIK = 2000;

export function arshjulWorkflowId(kommun: string, ar: number): string {
  return `arshjul/${kommun}/${ar}`;
}

export async function arshjul(input: ArshjulInput): Promise<ArshjulOversikt> {
  const state: ArshjulTillstand = input.tillstand ?? {
    plan: await config.planeraArshjul({ kommun: input.kommun, ar: input.ar }),
    startade: [],
    handelser: {},
    korningar: 0,
  };
  const { planer, kontext } = state.plan;
  const oversikt = () =>
    arshjulOversikt(input.kommun, input.ar, planer, state.handelser, dateInStockholm(Date.now()));

  setHandler(arshjulQuery, () => ({ ...oversikt(), korning: state.korningar + 1 }));
  setHandler(rapportStegSignal, ({ rapportId, steg, diarienummer, ...handelse }) => {
    const rapport = (state.handelser[rapportId] ??= { steg: {} });
    rapport.steg[steg] = handelse;
    if (diarienummer) rapport.diarienummer = diarienummer;
  });
  upsertSearchAttributes([
    { key: KOMMUN, value: input.kommun },
    { key: STATUS, value: 'PAGAR' },
  ]);

  const historyFull = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > (input.maxHistorik ?? DEFAULT_MAX_HISTORIK);
  const keepHistorySmall = async () => {
    if (!historyFull()) return;
    await condition(allHandlersFinished);
    await continueAsNew<typeof arshjul>({
      ...input,
      tillstand: { ...state, korningar: state.korningar + 1 },
    });
  };

  // Start each report process on its start date, in the morning.
  for (const plan of planer) {
    if (state.startade.includes(plan.id) || plan.steg.length === 0) continue;
    const at = instantInStockholm(plan.start, kontext.regler.utskickKlockan);
    while (Date.now() < at) {
      await condition(historyFull, at - Date.now());
      await keepHistorySmall();
    }
    try {
      await startChild(rapportprocess, {
        args: [{ plan, kontext }],
        workflowId: `rapport/${plan.id}`,
        // A report outlives the run that started it: continue-as-new must not end it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    state.startade.push(plan.id);
    await keepHistorySmall();
  }

  // Every process started: the year is done when each has finished its last step.
  const allDone = () => oversikt().rapporter.every((r) => r.status === 'KLAR' || r.steg.length === 0);
  while (!allDone()) {
    await condition(() => allDone() || historyFull());
    await keepHistorySmall();
  }
  upsertSearchAttributes([{ key: STATUS, value: 'KLAR' }]);
  await condition(allHandlersFinished);
  return oversikt();
}
