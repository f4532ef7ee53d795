/**
 * What a report process needs besides its plan, and how it words and builds each step's task. Pure: the
 * workflow (src/workflows/rapportprocess.ts) gets all of it as input, resolved from the config by an activity.
 */
import { type IsoDate } from './datum';
import { kanslichefer, uppgiftspersoner, type KommunConfig } from './kommun';
import { type PlaneratSteg, type RapportPlan, type StegNamn } from './planering';
import { type UppgiftSpec, type UppgiftTyp } from './uppgift';

/** The config facts every task of a kommun needs (resolved once per årshjul). */
export interface Kontext {
  kommun: string;
  kommunNamn: string;
  kanslichefer: string[];
  personer: string[];
  chefer: Record<string, string>;
  organNamn: Record<string, string>;
  regler: KommunConfig['regler']['uppgifter'];
  diarium: Record<string, string>;
  diarienummerFormat: string;
  /**
   * The kinds and types of report the kommun requires a follow-up of (`uppfoljning.krav`): their approval waits
   * for it. Absent in plans made before: every approval is then checked.
   */
  uppfoljning?: string[];
}

export function kontextFor(config: KommunConfig): Kontext {
  return {
    kommun: config.kommun.id,
    kommunNamn: config.kommun.namn,
    kanslichefer: kanslichefer(config).map((p) => p.id),
    // Who may be given a task (src/domain/uppgift.ts checks `till` against these): not the mottagare.
    personer: uppgiftspersoner(config.personer).map((p) => p.id),
    chefer: Object.fromEntries(config.personer.flatMap((p) => (p.chef ? [[p.id, p.chef]] : []))),
    organNamn: Object.fromEntries(config.organ.map((o) => [o.kortnamn, o.namn])),
    regler: config.regler.uppgifter,
    diarium: Object.fromEntries(config.organ.map((o) => [o.kortnamn, o.diarium ?? o.kortnamn])),
    diarienummerFormat: config.diarienummer.format,
    uppfoljning: Object.keys(config.uppfoljning.krav),
  };
}

const STEG_TYP: Record<Exclude<StegNamn, 'registrering'>, UppgiftTyp> = {
  budgetunderlag: 'budgetunderlag',
  utkast: 'utkast',
  godkannande: 'godkannande',
  beredning: 'beredning',
  beslut: 'beslut',
  overlamning: 'overlamning',
  revisorer: 'revisorer',
  fullmaktige: 'fullmaktige',
};

function stegTitel(kontext: Kontext, plan: RapportPlan, steg: PlaneratSteg, varv: number): string {
  const meeting = steg.sammantrade
    ? `${kontext.organNamn[steg.sammantrade.organ] ?? steg.sammantrade.organ} ${steg.sammantrade.datum}`
    : '';
  const vad = plan.typ === 'evp' ? 'förslaget' : 'rapporten';
  switch (steg.steg) {
    case 'budgetunderlag':
      return `Lämna budgetunderlag från ${kontext.organNamn[steg.organ ?? ''] ?? steg.organ}: ${plan.titel}`;
    case 'utkast':
      return varv === 1 ? `Skriv ${vad}: ${plan.titel}` : `Revidera ${vad} (omgång ${varv}): ${plan.titel}`;
    case 'godkannande':
      return `Godkänn ${vad}: ${plan.titel}`;
    case 'beredning':
      return `Bered ärendet på ${meeting}: ${plan.titel}`;
    case 'beslut':
      return `Anmäl beslutet från ${meeting}: ${plan.titel}`;
    case 'overlamning':
      return `Lämna till fullmäktige och revisorerna: ${plan.titel}`;
    case 'revisorer':
      return plan.typ === 'arsredovisning'
        ? `Lämna revisionsberättelsen till ${meeting}: ${plan.titel}`
        : `Lämna revisorernas bedömning till ${meeting}: ${plan.titel}`;
    case 'fullmaktige':
      return plan.typ === 'arsredovisning'
        ? `Anmäl fullmäktiges beslut om årsredovisning och ansvarsfrihet från ${meeting}: ${plan.titel}`
        : `Anmäl fullmäktiges beslut från ${meeting}: ${plan.titel}`;
    case 'registrering':
      return `Registrera ärendet: ${plan.titel}`;
  }
}

/** A task's id: `<report>/<step>-<round>`; a nämnd's budgetunderlag `<report>/budgetunderlag-<organ>-1`. */
export function uppgiftId(plan: RapportPlan, steg: StegNamn, varv: number, organ?: string): string {
  return `${plan.id}/${steg}${organ ? `-${organ}` : ''}-${varv}`;
}

/** The task of one step; `forfaller` overrides the planned due date (a revision after a return). */
export function uppgiftForSteg(
  kontext: Kontext,
  plan: RapportPlan,
  stegNamn: Exclude<StegNamn, 'registrering'>,
  options: {
    varv?: number;
    forfaller?: IsoDate;
    ansvarig?: string;
    retur?: { kommentar: string; av: string };
    /** A budgetunderlag: the nämnd's step. */
    organ?: string;
    /** The nämnder's reports the styrelse's draft is built on, as they are in the register. */
    underlag?: UppgiftSpec['underlag'];
    /** KF's step: the revisorer's statement that joins the ärende. */
    revisorerna?: { titel: string; datum: IsoDate; text?: string };
    /** What the task is about, beyond its title (a new version to approve again). */
    beskrivning?: string;
  } = {},
): UppgiftSpec {
  const steg = plan.steg.find((s) => s.steg === stegNamn && s.organ === options.organ);
  if (!steg) throw new Error(`the plan of ${plan.id} has no step ${stegNamn}`);
  const varv = options.varv ?? 1;
  const typ = STEG_TYP[stegNamn];
  const id = uppgiftId(plan, stegNamn, varv, options.organ);
  return {
    id,
    kommun: kontext.kommun,
    organ: steg.sammantrade?.organ ?? steg.organ ?? plan.organ,
    typ,
    titel: stegTitel(kontext, plan, steg, varv),
    process: { id: plan.id, titel: plan.titel },
    tilldelad: options.ansvarig ?? steg.ansvarig,
    forfaller: options.forfaller ?? steg.forfaller,
    paminnelseDagar: kontext.regler.paminnelseDagarPerTyp[typ] ?? kontext.regler.paminnelseDagar,
    eskaleringIntervallDagar: kontext.regler.eskaleringIntervallDagar,
    // Absent in a context planned before the setting was (a report process already running).
    ...(kontext.regler.eskaleringHorisontDagar !== undefined
      ? { eskaleringHorisontDagar: kontext.regler.eskaleringHorisontDagar }
      : {}),
    utskickKlockan: kontext.regler.utskickKlockan,
    kanslichefer: kontext.kanslichefer,
    personer: kontext.personer,
    chefer: kontext.chefer,
    ...(options.retur ? { retur: options.retur } : {}),
    ...(options.beskrivning ? { beskrivning: options.beskrivning } : {}),
    ...(options.revisorerna
      ? {
          beskrivning: `${options.revisorerna.titel} (inkom ${options.revisorerna.datum})${options.revisorerna.text ? `: ${options.revisorerna.text}` : ''}`,
        }
      : {}),
    ...(options.underlag && options.underlag.length > 0 ? { underlag: options.underlag } : {}),
    // Late already when the year started mid-year: told in the start's digest, not one escalation each.
    ...(plan.startval?.samlade?.includes(id) ? { samladAvisering: true } : {}),
    ...(typ === 'godkannande' && kontext.uppfoljning
      ? { uppfoljning: harUppfoljning(kontext.uppfoljning, plan) }
      : {}),
  };
}

/** Whether the kommun requires a follow-up of the plan's kind of report (by its id or its type, as `kravFor`). */
export function harUppfoljning(krav: readonly string[], plan: Pick<RapportPlan, 'slag' | 'typ'>): boolean {
  return krav.includes(plan.slag) || krav.includes(plan.typ ?? plan.slag.replace(/-.*$/, ''));
}
