/** How a report process tells its årshjul that a step has started or ended (status only: the register is the record). */
import { defineSignal } from '@temporalio/workflow';
import type { StegHandelse } from '../domain/arshjul';
import type { StegNyckel } from '../domain/planering';

export type StegStatus = StegHandelse;

export interface RapportStegHandelse extends StegHandelse {
  rapportId: string;
  /** The step's key: its name, or `budgetunderlag:<nämnd>`. */
  steg: StegNyckel;
  diarienummer?: string;
}

export const rapportStegSignal = defineSignal<[RapportStegHandelse]>('rapportSteg');
