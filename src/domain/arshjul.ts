/**
 * The whole year at a glance, for the kanslichef: every report, every step with its dates, owner and status,
 * late steps marked. Built from the plan and the step events the report processes send (pure).
 */
import { type IsoDate } from './datum';
import { type PlaneratSteg, type PlanVarning, type RapportPlan, type StegNamn } from './planering';

export type StegTillstand = 'PLANERAD' | 'PAGAR' | 'KLAR' | 'RETURNERAD' | 'FORSENAD';

export interface StegHandelse {
  status: 'PAGAR' | 'KLAR' | 'RETURNERAD';
  ansvarig?: string;
  uppgiftId?: string;
  forfaller?: IsoDate;
  tid: number;
  utfordAv?: string;
}

export interface StegOversikt extends PlaneratSteg {
  status: StegTillstand;
  uppgiftId?: string;
  utfordAv?: string;
  /** When the step ended (epoch ms). */
  klar?: number;
}

export interface RapportOversikt {
  id: string;
  titel: string;
  organ: string;
  slag: RapportPlan['slag'];
  status: 'PLANERAD' | 'PAGAR' | 'KLAR';
  diarienummer?: string;
  start: IsoDate;
  inlamning: IsoDate;
  beredning?: RapportPlan['beredning'];
  beslut: RapportPlan['beslut'];
  fullmaktige?: RapportPlan['fullmaktige'];
  lagkrav?: RapportPlan['lagkrav'];
  varningar: PlanVarning[];
  steg: StegOversikt[];
}

export interface ArshjulOversikt {
  kommun: string;
  ar: number;
  idag: IsoDate;
  rapporter: RapportOversikt[];
  /** Steps past their due date and not done, the most overdue first. */
  forsenade: { rapportId: string; titel: string; steg: StegNamn; forfaller: IsoDate; ansvarig: string }[];
}

export interface RapportHandelser {
  steg: Partial<Record<StegNamn, StegHandelse>>;
  diarienummer?: string;
}

export function arshjulOversikt(
  kommun: string,
  ar: number,
  planer: RapportPlan[],
  handelser: Record<string, RapportHandelser>,
  idag: IsoDate,
): ArshjulOversikt {
  const rapporter = planer.map((plan) => rapportOversikt(plan, handelser[plan.id], idag));
  const forsenade = rapporter
    .flatMap((r) =>
      r.steg
        .filter((s) => s.status === 'FORSENAD')
        .map((s) => ({
          rapportId: r.id,
          titel: r.titel,
          steg: s.steg,
          forfaller: s.forfaller,
          ansvarig: s.ansvarig,
        })),
    )
    .sort((a, b) => (a.forfaller < b.forfaller ? -1 : a.forfaller > b.forfaller ? 1 : 0));
  return { kommun, ar, idag, rapporter, forsenade };
}

function rapportOversikt(
  plan: RapportPlan,
  handelser: RapportHandelser | undefined,
  idag: IsoDate,
): RapportOversikt {
  const steg = plan.steg.map((planerat): StegOversikt => {
    const h = handelser?.steg[planerat.steg];
    const forfaller = h?.forfaller ?? planerat.forfaller;
    const ansvarig = h?.ansvarig ?? planerat.ansvarig;
    const open = h === undefined || h.status === 'PAGAR';
    return {
      ...planerat,
      forfaller,
      ansvarig,
      // Late only once the report's process runs: a plan not yet started is just a plan.
      status: h && !open ? h.status : handelser && forfaller < idag ? 'FORSENAD' : h ? 'PAGAR' : 'PLANERAD',
      ...(h?.uppgiftId ? { uppgiftId: h.uppgiftId } : {}),
      ...(h?.utfordAv ? { utfordAv: h.utfordAv } : {}),
      ...(h && !open ? { klar: h.tid } : {}),
    };
  });
  const last = steg[steg.length - 1];
  const status = handelser === undefined ? 'PLANERAD' : last && last.status === 'KLAR' ? 'KLAR' : 'PAGAR';
  return {
    id: plan.id,
    titel: plan.titel,
    organ: plan.organ,
    slag: plan.slag,
    status,
    ...(handelser?.diarienummer ? { diarienummer: handelser.diarienummer } : {}),
    start: plan.start,
    inlamning: plan.inlamning,
    ...(plan.beredning ? { beredning: plan.beredning } : {}),
    beslut: plan.beslut,
    ...(plan.fullmaktige ? { fullmaktige: plan.fullmaktige } : {}),
    ...(plan.lagkrav ? { lagkrav: plan.lagkrav } : {}),
    varningar: plan.varningar,
    steg,
  };
}
