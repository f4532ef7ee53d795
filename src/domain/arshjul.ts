/**
 * The whole year at a glance, for the kanslichef: every report, every step with its dates, owner and status,
 * late steps marked. Built from the plan and the step events the report processes send (pure).
 */
import { type IsoDate } from './datum';
import type { KommunConfig } from './kommun';
import type { Fel } from './validering';
import {
  planeraAr,
  stegNyckel,
  type PlaneratSteg,
  type PlanVarning,
  type RapportPlan,
  type StegNamn,
  type StegNyckel,
} from './planering';

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
  /** Done outside Årshjul before the year was started in it (the kanslichef's choice at the start). */
  utanforArshjulet?: true;
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
  /** UTELAMNAD: the kanslichef left it out when the year started mid-year. */
  status: 'PLANERAD' | 'PAGAR' | 'KLAR' | 'UTELAMNAD';
  diarienummer?: string;
  start: IsoDate;
  inlamning: IsoDate;
  beredning?: RapportPlan['beredning'];
  beslut: RapportPlan['beslut'];
  fullmaktige?: RapportPlan['fullmaktige'];
  lagkrav?: RapportPlan['lagkrav'];
  /** The meetings the config pinned; the others the planner derived. */
  lasta: NonNullable<RapportPlan['lasta']>;
  underlag?: RapportPlan['underlag'];
  startarEfter?: RapportPlan['startarEfter'];
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
  /** By step key (src/domain/planering.ts `stegNyckel`): `utkast`, `budgetunderlag:VON`. */
  steg: Partial<Record<StegNyckel, StegHandelse>>;
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
  const klaraUtanfor = new Set(plan.startval?.klara ?? []);
  const steg = plan.steg.map((planerat): StegOversikt => {
    if (klaraUtanfor.has(stegNyckel(planerat))) {
      return { ...planerat, status: 'KLAR', utanforArshjulet: true };
    }
    const h = handelser?.steg[stegNyckel(planerat)];
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
  const status =
    plan.startval?.val === 'utelamna' && plan.steg.length > 0
      ? 'UTELAMNAD'
      : last && last.status === 'KLAR'
        ? 'KLAR'
        : handelser === undefined
          ? 'PLANERAD'
          : 'PAGAR';
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
    lasta: plan.lasta ?? [],
    ...(plan.underlag ? { underlag: plan.underlag } : {}),
    ...(plan.startarEfter ? { startarEfter: plan.startarEfter } : {}),
    varningar: plan.varningar,
    steg,
  };
}

/** A task as the register has it (src/db `UppgiftRad`), the part the årshjul needs. */
export interface RegistreradUppgift {
  id: string;
  processId: string;
  typ: string;
  /** The task's organ: for a budgetunderlag, the nämnd it comes from. */
  organ?: string;
  tilldelad: string;
  forfaller: IsoDate;
  status: 'OPPEN' | 'KLAR' | 'GODKAND' | 'RETURNERAD' | 'AVBRUTEN';
  skapad: number;
  avslutad?: number;
  utfordAv?: string;
}

/**
 * The step events as the register records them: for each report, each step's latest task (a returned report
 * has several rounds of draft and approval), and the diarienummer. `diarienummer` has a key for each report
 * with a row: such a report has started, with or without a task yet. The year's page builds its steps from this;
 * the årshjul reconciles with it after it continues as new.
 */
export function handelserFranRegistret(
  uppgifter: RegistreradUppgift[],
  diarienummer: Record<string, string | undefined>,
): Record<string, RapportHandelser> {
  const result: Record<string, RapportHandelser> = {};
  const latest = [...uppgifter].sort((a, b) => a.skapad - b.skapad);
  for (const u of latest) {
    const rapport = (result[u.processId] ??= { steg: {} });
    const status = u.status === 'OPPEN' ? 'PAGAR' : u.status === 'RETURNERAD' ? 'RETURNERAD' : 'KLAR';
    rapport.steg[
      stegNyckel({ steg: u.typ as StegNamn, ...(u.typ === 'budgetunderlag' ? { organ: u.organ } : {}) })
    ] = {
      status,
      ansvarig: u.tilldelad,
      uppgiftId: u.id,
      forfaller: u.forfaller,
      tid: u.avslutad ?? u.skapad,
      ...(u.utfordAv ? { utfordAv: u.utfordAv } : {}),
    };
  }
  for (const [id, nummer] of Object.entries(diarienummer)) {
    const rapport = (result[id] ??= { steg: {} });
    if (!nummer) continue;
    rapport.diarienummer = nummer;
    // Registration is not a task: the diarienummer is its record.
    rapport.steg.registrering ??= { status: 'KLAR', tid: 0 };
  }
  return result;
}

/** Two views of a report's steps merged: per step the later event wins (a finished step over an open one on a tie). */
export function sammanfoga(a: RapportHandelser | undefined, b: RapportHandelser): RapportHandelser {
  const steg: RapportHandelser['steg'] = { ...(a?.steg ?? {}) };
  for (const [namn, handelse] of Object.entries(b.steg) as [StegNyckel, StegHandelse][]) {
    const current = steg[namn];
    const newer =
      !current ||
      handelse.tid > current.tid ||
      (handelse.tid === current.tid && current.status === 'PAGAR' && handelse.status !== 'PAGAR');
    if (newer) steg[namn] = handelse;
  }
  const diarienummer = b.diarienummer ?? a?.diarienummer;
  return { steg, ...(diarienummer ? { diarienummer } : {}) };
}

/**
 * The årshjul's step events with the register's (`handelserFranRegistret`), report by report (`sammanfoga`): what
 * the year's page shows. The årshjul hears of a step only where it acts on it (src/workflows/rapportprocess.ts
 * `ARSHJULET_HOR_DET_DET_VANTAR_PA`); the register has every step's task as its workflow wrote it.
 */
export function medRegistret(
  handelser: Record<string, RapportHandelser>,
  registret: Record<string, RapportHandelser>,
): Record<string, RapportHandelser> {
  const result = { ...handelser };
  for (const [id, h] of Object.entries(registret)) result[id] = sammanfoga(result[id], h);
  return result;
}

/** The year as it would be if started on `idag`: its plan, nothing done yet. */
export function planeradOversikt(config: KommunConfig, ar: number, idag: IsoDate): ArshjulOversikt {
  return arshjulOversikt(config.kommun.id, ar, planeraAr(config, ar), {}, idag);
}

/**
 * Why the kommun's year `ar` cannot be started, if it cannot: the config has no reports, or none of the year's
 * reports has a meeting to be decided at (the sammanträdesplan lacks the year), so every step would be guessed.
 * The CLI, the page and the REST API ask this before they start a year.
 */
export function startFel(config: KommunConfig, ar: number): Fel[] {
  const planer = planeraAr(config, ar);
  if (planer.length === 0) {
    return [
      {
        field: 'kommun',
        rule: 'rapporter_finns',
        message: `${config.kommun.namn} har inga rapporter i konfigurationen (rapporter:)`,
      },
    ];
  }
  if (planer.every((p) => p.varningar.some((v) => v.kod === 'INGET_SAMMANTRADE'))) {
    return [
      {
        field: 'ar',
        rule: 'sammantradesplan',
        message: `sammanträdesplanen för ${config.kommun.namn} har inga sammanträden där rapporterna för ${ar} kan beslutas; lägg in årets sammanträden i konfigurationen först`,
      },
    ];
  }
  return [];
}

/** Why a year could not be stopped: it never ran, or it has ended already. */
export function stoppFel(config: KommunConfig, ar: number, utfall: 'INTE_STARTAT' | 'AVSLUTAT'): Fel {
  return {
    field: 'ar',
    rule: utfall === 'INTE_STARTAT' ? 'startat' : 'pagar',
    message: `årshjulet ${ar} för ${config.kommun.namn} ${utfall === 'INTE_STARTAT' ? 'är inte startat' : 'har redan slutat'}`,
  };
}
