/** How a report process tells its årshjul that a step has started or ended (status only: the register is the record). */
import { defineSignal } from '@temporalio/workflow';
import type { RapportHandelser, StegHandelse } from '../domain/arshjul';
import type { StegNyckel } from '../domain/planering';

export type StegStatus = StegHandelse;

export interface RapportStegHandelse extends StegHandelse {
  rapportId: string;
  /** The step's key: its name, or `budgetunderlag:<nämnd>`. */
  steg: StegNyckel;
  diarienummer?: string;
}

export const rapportStegSignal = defineSignal<[RapportStegHandelse]>('rapportSteg');

/**
 * A report's every step event so far, at once: sent when it ends (and the årshjul's year waits for its end), since
 * the report tells the årshjul of single steps only where the årshjul acts on them (rapportprocess.ts
 * `ARSHJULET_HOR_DET_DET_VANTAR_PA`).
 */
export const rapportHandelserSignal =
  defineSignal<[{ rapportId: string; handelser: RapportHandelser }]>('rapportHandelser');
