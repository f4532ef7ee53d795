/**
 * The årshjul planned as the kommun plans it. For each report an organ owes in a year:
 *
 * 1. **Pins win.** A meeting of the sammanträdesplan that names the report (`rapporter: [delarsrapport-augusti]`)
 *    is its beredning, beslut or fullmäktige meeting, as the kansli wrote it.
 * 2. **The rest is derived** (./motesval.ts): the earliest deciding meeting that leaves the handläggare the
 *    kommun's minimum of working days after the period end before the preparing meeting's föredragningslista
 *    closes; the inlämning is due the day that list closes; the chef's approval and the draft count back from it;
 *    fullmäktige is the first KF meeting at least `kfMinstDagarEfterBeslut` days after the beslut.
 * 3. **The EVP** (KF's budget) is planned backwards from the KF meeting that sets it — the last before the end of
 *    November, or in June where the kommun decides then, and in an election year one of the newly elected KF's —
 *    and the nämnder's verksamhetsplaner start once it is decided: they are written on its ramar.
 * 4. **The nämnder's reports feed the styrelse's**: the kommunövergripande delårsrapport and årsredovisning wait
 *    for each nämnd's report of the same kind (its beslut, or its inlämning where the kommun collects them so).
 * 5. **The revisorer** judge the reports that go to fullmäktige (KL 12 kap. 2 §) before the KF meeting.
 * 6. **Warnings only where a rule is broken** (./lagkrav.ts), each citing it and saying what to do. A report for
 *    which nothing fits gets a blocking warning naming the meeting that is missing; a plan never reaches into the
 *    next year's meetings for this year's report.
 *
 * Every planned day is an open day (./arbetsdagar.ts); every date comes from the config's sammanträdesplan and
 * rules, never from a constant here.
 */
import { addDays, isoDate, maxDate, type IsoDate } from './datum';
import { openDayOnOrAfter, openDayOnOrBefore, arbetsdagarEfter } from './arbetsdagar';
import { kallelseDagar } from './kallelse';
import { type KommunConfig, type Organ } from './kommun';
import { ansvarsfrihetSenast, budgetfonster, overlamningSenast } from './lagkrav';
import { beredandeOrgan, lastMote, moten, personMedRoll, valjBeslutsmote, type Kedja } from './motesval';
import {
  EVP_BESLUTSMANADER,
  kommunensRapportslag,
  pinCykelAr,
  rapportId,
  type Lagkrav,
  type RapportSlag,
  type RapportSlagInfo,
  type RapportTyp,
  type UnderlagSteg,
} from './rapport';

export { openDayOnOrBefore } from './arbetsdagar';

/** The steps of a report's process, in their order. */
export const STEG_NAMN = [
  'budgetunderlag', // the EVP: each nämnd's budgetunderlag
  'utkast',
  'godkannande',
  'registrering',
  'beredning',
  'beslut',
  'overlamning', // the styrelse hands the report to fullmäktige and the revisorer
  'revisorer', // their bedömning or revisionsberättelse (KL 12 kap. 2 §)
  'fullmaktige', // KF's beslut
] as const;
export type StegNamn = (typeof STEG_NAMN)[number];

/** One step of a report's process, its dates and the person it is assigned to. */
export interface PlaneratSteg {
  steg: StegNamn;
  /** The task is created on this day (at the start of the process for the first step). */
  start: IsoDate;
  forfaller: IsoDate;
  /** A person id from the config. */
  ansvarig: string;
  /** The meeting the step belongs to, for beredning, beslut and KF. */
  sammantrade?: { organ: string; datum: IsoDate };
  /** A budgetunderlag: the nämnd it comes from (the EVP has one such step per nämnd). */
  organ?: string;
}

/** A step's key in the year's view: its name, and the nämnd for a budgetunderlag (`budgetunderlag:VON`). */
export type StegNyckel = string;

export function stegNyckel(steg: Pick<PlaneratSteg, 'steg' | 'organ'>): StegNyckel {
  return steg.organ ? `${steg.steg}:${steg.organ}` : steg.steg;
}

export type PlanVarningKod =
  | 'INGET_SAMMANTRADE'
  | 'LAGKRAV_MISSAS'
  | 'ANSVARSFRIHET_SEN'
  | 'BUDGET_SEN'
  | 'BUDGET_FORE_VALET'
  | 'KORT_ARBETSTID'
  | 'UNDERLAG_SENT'
  /** Plans made before the default planned as real kommuner do (kept for years already running). */
  | 'KORT_UTKASTTID';

export interface PlanVarning {
  kod: PlanVarningKod;
  meddelande: string;
  /** The rule broken: a paragraph of the law, or the kommun's own rule in its config. */
  regel?: string;
  /** Nothing fits: the report cannot run until the sammanträdesplan has the meeting named. */
  blockerande?: boolean;
}

/** A date of the chain that the config pinned to a meeting (`rapporter:` on the meeting), not derived. */
export type LastDatum = 'beredning' | 'beslut' | 'fullmaktige';

/** A nämnd's report the styrelse's report waits for, and the day it is planned to be in. */
export interface UnderlagRapport {
  id: string;
  organ: string;
  titel: string;
  klart: IsoDate;
}

export interface RapportPlan {
  id: string;
  kommun: string;
  /** The year the report is about (the årsredovisning: the year before; the EVP: the year after). */
  ar: number;
  organ: string;
  slag: RapportSlag;
  /** Absent in plans made before the kinds came from the config. */
  typ?: RapportTyp;
  titel: string;
  periodslut: IsoDate;
  /** The day the process starts: the first task goes out. */
  start: IsoDate;
  inlamning: IsoDate;
  beredning?: { organ: string; datum: IsoDate };
  beslut: { organ: string; datum: IsoDate };
  fullmaktige?: { datum: IsoDate };
  lagkrav?: { senast: IsoDate; regel: string; vad?: string };
  /** Which meetings the config pinned; the others were derived. */
  lasta?: LastDatum[];
  /** The styrelse's report: the nämnder's reports it waits for, and for which of their steps. */
  underlag?: { steg: UnderlagSteg; rapporter: UnderlagRapport[] };
  /** A verksamhetsplan starts when this EVP's fullmäktige beslut is taken, not on a fixed day. */
  startarEfter?: { rapportId: string; steg: 'fullmaktige' };
  /**
   * What the kanslichef chose when the year started after some of its dates had passed (./arshjulStart.ts):
   * run it, with the steps done outside Årshjul marked, or leave it out; and the tasks told in the digest.
   */
  startval?: {
    val: 'kor' | 'redan-gjort' | 'utelamna';
    /** `redan-gjort`: every step up to and including this one was done outside Årshjul. */
    till?: StegNamn;
    klara?: StegNyckel[];
    samlade?: string[];
  };
  steg: PlaneratSteg[];
  varningar: PlanVarning[];
}

/** The year's reports of the kommun, each planned; sorted by start. */
export function planeraAr(config: KommunConfig, cykelAr: number): RapportPlan[] {
  const slagen = kommunensRapportslag(config.rapportslag);
  const organTyp = (kortnamn: string) => config.organ.find((o) => o.kortnamn === kortnamn)?.typ;
  // The EVP before the verksamhetsplaner written on it; the nämnder before the styrelse that waits for them.
  const ordning = ({ organ, slag }: { organ: string; slag: string }) => {
    const typ = slagen.get(slag)?.typ;
    if (typ === 'evp') return 0;
    return typ === 'verksamhetsplan' || organTyp(organ) === 'namnd' ? 1 : 2;
  };
  const plikter = config.rapporter
    .flatMap((p) => p.slag.map((slag) => ({ organ: p.organ, slag })))
    .sort((a, b) => ordning(a) - ordning(b));
  const planer: RapportPlan[] = [];
  for (const { organ, slag } of plikter) planer.push(planera(config, organ, slag, cykelAr, planer));
  return planer.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
}

/** One report of the year, planned with the rest of the year (the EVP and the nämnder it depends on). */
export function planeraRapport(
  config: KommunConfig,
  organ: string,
  slag: RapportSlag,
  cykelAr: number,
): RapportPlan {
  const id = rapportId(config.kommun.id, cykelAr, organ, slag);
  return planeraAr(config, cykelAr).find((p) => p.id === id) ?? planera(config, organ, slag, cykelAr, []);
}

/** What every part of one report's plan needs to know. */
interface Underlag {
  config: KommunConfig;
  organ: Organ;
  info: RapportSlagInfo;
  cykelAr: number;
  ar: number;
  id: string;
  titel: string;
  minstArbetsdagar: number;
  /** Meetings pinned to this report by the config. */
  last: Partial<Record<LastDatum, IsoDate>>;
}

function planera(
  config: KommunConfig,
  organKortnamn: string,
  slag: RapportSlag,
  cykelAr: number,
  tidigare: readonly RapportPlan[],
): RapportPlan {
  const organ = config.organ.find((o) => o.kortnamn === organKortnamn);
  if (!organ) throw new Error(`unknown organ ${organKortnamn}`);
  const info = kommunensRapportslag(config.rapportslag).get(slag);
  if (!info) throw new Error(`unknown report kind ${slag}`);
  const ar = info.avserAr(cykelAr);
  const regel = config.regler.rapporter.minstArbetsdagarEfterPeriodslut;
  const u: Underlag = {
    config,
    organ,
    info,
    cykelAr,
    ar,
    id: rapportId(config.kommun.id, cykelAr, organ.kortnamn, slag),
    titel: info.titel(organ.namn, ar),
    minstArbetsdagar: info.minstArbetsdagar ?? (info.typ === 'evp' ? 0 : regel[info.typ]),
    last: lastaMoten(config, organ, info, cykelAr),
  };
  return info.typ === 'evp' ? planeraEvp(u) : planeraPeriodrapport(u, tidigare);
}

/**
 * The meetings the config pins to this report: on its own organ the beslut, on the organ that prepares it the
 * beredning, on KF the fullmäktige meeting. A pin belongs to the cycle year whose report it can be (see
 * `pinCykelAr`).
 */
function lastaMoten(
  config: KommunConfig,
  organ: Organ,
  info: RapportSlagInfo,
  cykelAr: number,
): Partial<Record<LastDatum, IsoDate>> {
  const pin = (kortnamn: string | undefined) =>
    kortnamn === undefined
      ? undefined
      : Object.values(config.sammantradesplan)
          .flatMap((perOrgan) => perOrgan[kortnamn] ?? [])
          .find((m) => m.rapporter?.includes(info.id) && pinCykelAr(info.typ, m.datum) === cykelAr)?.datum;
  const forbereder = info.evp?.beredning ?? beredandeOrgan(config, organ.kortnamn)?.kortnamn;
  const kf = config.organ.find((o) => o.typ === 'fullmaktige')?.kortnamn;
  const last: Partial<Record<LastDatum, IsoDate>> = {};
  const beslut = pin(organ.kortnamn);
  const beredning = pin(forbereder);
  const fullmaktige = organ.typ === 'styrelse' && info.tillFullmaktige ? pin(kf) : undefined;
  if (beredning) last.beredning = beredning;
  if (beslut) last.beslut = beslut;
  if (fullmaktige) last.fullmaktige = fullmaktige;
  return last;
}

/** The people of the chain, from the config's roles. */
function ansvariga(config: KommunConfig, organ: string) {
  const handlaggare = personMedRoll(config, 'handlaggare', organ)!;
  // The handläggare's own chef approves, when the config names one with a chef role; else a chef of the organ.
  const ownChef = config.personer.find(
    (p) => p.id === config.personer.find((h) => h.id === handlaggare)?.chef,
  );
  const chef = ownChef?.roller.some((r) => r.roll === 'chef')
    ? ownChef.id
    : personMedRoll(config, 'chef', organ)!;
  const sekreterare = personMedRoll(config, 'sekreterare', organ)!;
  const registrator = personMedRoll(config, 'registrator') ?? sekreterare;
  return { handlaggare, chef, sekreterare, registrator };
}

/** The draft, the approval and the registration, counted back from the inlämning. */
function forstaSteg(u: Underlag, kedja: Kedja): PlaneratSteg[] {
  const { handlaggare, chef, registrator } = ansvariga(u.config, u.organ.kortnamn);
  return [
    { steg: 'utkast', start: kedja.start, forfaller: kedja.utkastSenast, ansvarig: handlaggare },
    { steg: 'godkannande', start: kedja.utkastSenast, forfaller: kedja.godkannandeSenast, ansvarig: chef },
    {
      steg: 'registrering',
      start: kedja.godkannandeSenast,
      forfaller: kedja.inlamning,
      ansvarig: registrator,
    },
  ];
}

/** The beredning (when an utskott prepares) and the beslut. */
function motesSteg(u: Underlag, kedja: Kedja, beslut: IsoDate, forbereder?: Organ): PlaneratSteg[] {
  const { sekreterare } = ansvariga(u.config, u.organ.kortnamn);
  const steg: PlaneratSteg[] = [];
  if (kedja.beredning && forbereder) {
    steg.push({
      steg: 'beredning',
      start: kedja.inlamning,
      forfaller: kedja.beredning,
      ansvarig: personMedRoll(u.config, 'sekreterare', forbereder.kortnamn) ?? sekreterare,
      sammantrade: { organ: forbereder.kortnamn, datum: kedja.beredning },
    });
  }
  steg.push({
    steg: 'beslut',
    start: kedja.beredning ?? kedja.inlamning,
    forfaller: beslut,
    ansvarig: sekreterare,
    sammantrade: { organ: u.organ.kortnamn, datum: beslut },
  });
  return steg;
}

function blockerad(
  u: Underlag,
  periodslut: IsoDate,
  varning: PlanVarning,
  extra: Partial<RapportPlan> = {},
): RapportPlan {
  return {
    id: u.id,
    kommun: u.config.kommun.id,
    ar: u.ar,
    organ: u.organ.kortnamn,
    slag: u.info.id,
    typ: u.info.typ,
    titel: u.titel,
    periodslut,
    start: periodslut,
    inlamning: periodslut,
    beslut: { organ: u.organ.kortnamn, datum: periodslut },
    lasta: [],
    ...extra,
    steg: [],
    varningar: [{ ...varning, blockerande: true }],
  };
}

const lastaAv = (last: Underlag['last']): LastDatum[] =>
  (['beredning', 'beslut', 'fullmaktige'] as const).filter((k) => last[k] !== undefined);

/** A delårsrapport, an årsredovisning or a verksamhetsplan: forward from the period end, or from the EVP. */
function planeraPeriodrapport(u: Underlag, tidigare: readonly RapportPlan[]): RapportPlan {
  const { config, organ, info, cykelAr, ar } = u;
  const regler = config.regler.rapporter;
  const periodslut = info.periodslut(ar);
  // A verksamhetsplan is written on the ramar of this year's EVP: it starts when KF has decided it.
  const evp =
    info.typ === 'verksamhetsplan'
      ? tidigare.find((p) => p.typ === 'evp' && p.ar === ar && p.fullmaktige && p.steg.length > 0)
      : undefined;
  const tidigast = evp?.fullmaktige?.datum ?? periodslut;
  // The styrelse's kommunövergripande report waits for the nämnder's reports of the same kind.
  const underlag =
    organ.typ === 'styrelse' && info.namndernasUnderlag
      ? {
          steg: info.namndernasUnderlag,
          rapporter: tidigare
            .filter((p) => p.slag === info.id && p.steg.length > 0 && p.organ !== organ.kortnamn)
            .map((p) => ({
              id: p.id,
              organ: p.organ,
              titel: p.titel,
              klart: info.namndernasUnderlag === 'inlamning' ? p.inlamning : p.beslut.datum,
            })),
        }
      : undefined;
  const underlagKlart = underlag?.rapporter.reduce<IsoDate | undefined>(
    (senast, r) => (senast === undefined ? r.klart : maxDate(senast, r.klart)),
    undefined,
  );
  const utskott = beredandeOrgan(config, organ.kortnamn);
  // This year's report is decided among this year's meetings (a verksamhetsplan: by the end of March of its own
  // year): a plan never moves it into the next year.
  const fonsterSlut = info.typ === 'verksamhetsplan' ? isoDate(ar, 3, 31) : isoDate(cykelAr, 12, 31);
  const valj = (underlagKlart: IsoDate | undefined) =>
    valjBeslutsmote(config, {
      organ,
      utskott,
      tidigast,
      utkastTidigast: openDayOnOrAfter(addDays(tidigast, 1)),
      ...(underlagKlart ? { underlagKlart } : {}),
      fonsterSlut,
      minstArbetsdagar: u.minstArbetsdagar,
      last: u.last,
      kfMinstDagar: regler.kfMinstDagarEfterBeslut,
    });
  const lagkrav = organ.typ === 'styrelse' ? overlamningSenast(info, ar) : undefined;
  // The styrelse decides after the nämnder's reports are in — unless waiting for them would break the law; then
  // the styrelse keeps its lawful meeting and the plan warns that a nämnd is planned too late for it.
  const medUnderlag = underlagKlart ? valj(underlagKlart) : undefined;
  const val =
    medUnderlag?.ok && (!lagkrav || medUnderlag.beslut <= lagkrav.senast) ? medUnderlag : valj(undefined);
  if (!val.ok) {
    return blockerad(u, periodslut, {
      kod: 'INGET_SAMMANTRADE',
      meddelande: `${u.titel}: ${val.saknas}`,
      regel: 'sammanträdesplanen',
    });
  }
  const { beslut, kedja } = val;
  const varningar: PlanVarning[] = [];
  if (kedja.start > kedja.utkastSenast) {
    // Only a pinned meeting can come to this (a derived one is chosen so that it does not), and a pin is the
    // kommun's own choice: only a chain with no time at all for the draft is worth a word.
    varningar.push({
      kod: 'KORT_ARBETSTID',
      meddelande: `${u.titel}: det låsta sammanträdet ${beslut} kräver inlämning ${kedja.inlamning}, innan handläggaren kan ha skrivit rapporten (tidigast från ${kedja.start}); lås ett senare sammanträde`,
      regel: 'sammanträdesplanen (låst sammanträde)',
    });
  }
  if (underlag && underlagKlart && underlagKlart > kedja.utkastSenast) {
    const sena = underlag.rapporter.filter((r) => r.klart > kedja.utkastSenast).map((r) => r.organ);
    varningar.push({
      kod: 'UNDERLAG_SENT',
      meddelande: `${u.titel}: ${sena.join(' och ')} blir klar med sin rapport först ${underlagKlart}, men styrelsens utkast ska vara klart ${kedja.utkastSenast}; lägg nämndens sammanträde tidigare eller lås ett senare sammanträde för ${organ.kortnamn}`,
      regel: `kommunens regel (rapportslag ${info.id}: namndernasUnderlag ${underlag.steg})`,
    });
  }

  const steg: PlaneratSteg[] = [...forstaSteg(u, kedja), ...motesSteg(u, kedja, beslut, utskott)];
  let fullmaktige: { datum: IsoDate } | undefined;
  if (organ.typ === 'styrelse' && info.tillFullmaktige) {
    const kf = config.organ.find((o) => o.typ === 'fullmaktige');
    const kfDatum =
      u.last.fullmaktige ??
      (kf
        ? moten(config, kf.kortnamn, addDays(beslut, regler.kfMinstDagarEfterBeslut - 1), fonsterSlut)[0]
        : undefined);
    if (kf && kfDatum) fullmaktige = { datum: kfDatum };
    else if (kf) {
      varningar.push({
        kod: 'INGET_SAMMANTRADE',
        meddelande: `${u.titel}: sammanträdesplanen har inget sammanträde för ${kf.kortnamn} från ${addDays(beslut, regler.kfMinstDagarEfterBeslut)} till ${fonsterSlut} som kan ta upp rapporten; lägg till ett`,
        regel: 'sammanträdesplanen',
      });
    }
    steg.push(...fullmaktigeSteg(u, beslut, lagkrav, kf, kfDatum));
    if (lagkrav && beslut > lagkrav.senast) {
      varningar.push({
        kod: 'LAGKRAV_MISSAS',
        meddelande: `${u.titel}: ${organ.kortnamn} beslutar ${beslut}, men rapporten ska ${lagkrav.vad}, senast ${lagkrav.senast} (${lagkrav.regel}); lägg ett sammanträde för ${organ.kortnamn} senast ${lagkrav.senast} eller flytta ärendet dit`,
        regel: lagkrav.regel,
      });
    }
    if (info.typ === 'arsredovisning' && kfDatum) {
      const ansvarsfrihet = ansvarsfrihetSenast(ar);
      if (kfDatum > ansvarsfrihet.senast) {
        varningar.push({
          kod: 'ANSVARSFRIHET_SEN',
          meddelande: `${u.titel}: fullmäktige tar upp årsredovisningen ${kfDatum}, men ${ansvarsfrihet.vad} (${ansvarsfrihet.regel}); lägg ärendet på ett fullmäktigesammanträde senast ${ansvarsfrihet.senast}`,
          regel: ansvarsfrihet.regel,
        });
      }
    }
  }

  return {
    id: u.id,
    kommun: config.kommun.id,
    ar,
    organ: organ.kortnamn,
    slag: info.id,
    typ: info.typ,
    titel: u.titel,
    periodslut,
    start: kedja.start,
    inlamning: kedja.inlamning,
    ...(kedja.beredning && utskott ? { beredning: { organ: utskott.kortnamn, datum: kedja.beredning } } : {}),
    beslut: { organ: organ.kortnamn, datum: beslut },
    ...(fullmaktige ? { fullmaktige } : {}),
    ...(lagkrav ? { lagkrav } : {}),
    lasta: lastaAv(u.last),
    ...(underlag && underlag.rapporter.length > 0 ? { underlag } : {}),
    ...(evp ? { startarEfter: { rapportId: evp.id, steg: 'fullmaktige' as const } } : {}),
    steg,
    varningar,
  };
}

/**
 * After the styrelse's beslut: the handover to fullmäktige and the revisorer (by the statutory day, and in time
 * for KF's kallelse), the revisorer's bedömning before the KF meeting (KL 12 kap. 2 §), and KF's own beslut.
 */
function fullmaktigeSteg(
  u: Underlag,
  beslut: IsoDate,
  lagkrav: Lagkrav | undefined,
  kf: Organ | undefined,
  kfDatum: IsoDate | undefined,
): PlaneratSteg[] {
  const { sekreterare } = ansvariga(u.config, u.organ.kortnamn);
  const kfMote = kf && kfDatum ? { organ: kf.kortnamn, datum: kfDatum } : undefined;
  const senast = [lagkrav?.senast, kf && kfDatum ? kallelseDagar(kf, kfDatum).kallelseSenast : undefined]
    .filter((d): d is IsoDate => d !== undefined)
    .sort()[0];
  const steg: PlaneratSteg[] = [
    {
      steg: 'overlamning',
      start: beslut,
      forfaller: senast && senast > beslut ? openDayOnOrBefore(senast) : beslut,
      ansvarig: sekreterare,
      ...(kfMote ? { sammantrade: kfMote } : {}),
    },
  ];
  if (!kfMote) return steg;
  const revisor = personMedRoll(u.config, 'revisor');
  const fore = openDayOnOrBefore(addDays(kfMote.datum, -1));
  if (revisor && u.info.typ !== 'evp') {
    steg.push({
      steg: 'revisorer',
      start: steg[0]!.forfaller,
      forfaller: fore > steg[0]!.forfaller ? fore : steg[0]!.forfaller,
      ansvarig: revisor,
      sammantrade: kfMote,
    });
  }
  steg.push({
    steg: 'fullmaktige',
    start: steg.at(-1)!.forfaller,
    forfaller: kfMote.datum,
    ansvarig: personMedRoll(u.config, 'sekreterare', kfMote.organ) ?? sekreterare,
    sammantrade: kfMote,
  });
  return steg;
}

/**
 * The EVP: backwards from the KF meeting that sets the budget. The nämnder hand in their budgetunderlag, the
 * förvaltning drafts the EVP, the chef approves it, it is registered, prepared (KSAU or a budgetberedning),
 * proposed by KS and set by KF.
 */
function planeraEvp(u: Underlag): RapportPlan {
  const { config, organ, info, cykelAr } = u;
  const regler = config.regler.rapporter;
  const periodslut = info.periodslut(u.ar);
  const fonster = budgetfonster(cykelAr);
  // KF's last meeting in the kommun's month. An election year's budget is set by the newly elected KF, whatever
  // month the kommun usually decides in.
  const manad = EVP_BESLUTSMANADER.indexOf(info.evp?.beslutsmanad ?? 'november') + 1;
  const kfSenast = fonster.tidigast ? fonster.senast.senast : addDays(isoDate(cykelAr, manad + 1, 1), -1);
  const kfTidigast = fonster.tidigast?.senast ?? isoDate(cykelAr, manad, 1);
  const kf = config.organ.find((o) => o.typ === 'fullmaktige');
  const kfDatum =
    u.last.fullmaktige ?? (kf ? lastMote(config, kf.kortnamn, addDays(kfTidigast, -1), kfSenast) : undefined);
  if (!kf || !kfDatum) {
    return blockerad(u, periodslut, {
      kod: 'INGET_SAMMANTRADE',
      meddelande: `${u.titel}: sammanträdesplanen har inget sammanträde för ${kf?.kortnamn ?? 'fullmäktige'} från ${kfTidigast} till ${kfSenast} där budgeten kan fastställas; lägg till ett, eller ange kommunens månad för budgeten (rapportslag ${info.id}: beslutsmanad)`,
      regel: fonster.senast.regel,
    });
  }
  const beslut =
    u.last.beslut ??
    lastMote(
      config,
      organ.kortnamn,
      addDays(isoDate(cykelAr, 1, 1), -1),
      addDays(kfDatum, -regler.kfMinstDagarEfterBeslut),
    );
  const forbereder = info.evp?.beredning
    ? config.organ.find((o) => o.kortnamn === info.evp!.beredning)
    : beredandeOrgan(config, organ.kortnamn);
  const beredning =
    beslut &&
    (u.last.beredning ??
      (forbereder
        ? lastMote(
            config,
            forbereder.kortnamn,
            addDays(isoDate(cykelAr, 1, 1), -1),
            addDays(beslut, -regler.beredningMinstDagarForeBeslut),
          )
        : undefined));
  if (!beslut || (forbereder && !beredning)) {
    const vem = !beslut ? organ.kortnamn : forbereder!.kortnamn;
    return blockerad(u, periodslut, {
      kod: 'INGET_SAMMANTRADE',
      meddelande: `${u.titel}: sammanträdesplanen har inget sammanträde för ${vem} ${cykelAr} före ${!beslut ? `fullmäktige ${kfDatum} (minst ${regler.kfMinstDagarEfterBeslut} dagar före)` : `${organ.kortnamn} ${beslut}`} som kan bereda budgeten; lägg till ett`,
      regel: 'sammanträdesplanen',
    });
  }
  const inlamning = openDayOnOrBefore(
    kallelseDagar(forbereder ?? organ, beredning ?? beslut).foredragningslistaStanger,
  );
  const godkannandeSenast = openDayOnOrBefore(addDays(inlamning, -regler.godkannandeDagarForeInlamning));
  const utkastSenast = openDayOnOrBefore(addDays(godkannandeSenast, -regler.godkannandeTidDagar));
  const utkastStart = openDayOnOrAfter(addDays(utkastSenast, -regler.utkastTidDagar));
  const underlagSenast = openDayOnOrBefore(addDays(utkastStart, -1));
  const underlagStart = openDayOnOrAfter(addDays(underlagSenast, -regler.budgetunderlagTidDagar));
  const kedja: Kedja = {
    beredning,
    inlamning,
    godkannandeSenast,
    utkastSenast,
    start: utkastStart,
    arbetsdagar: arbetsdagarEfter(periodslut, inlamning),
  };
  const namnder =
    info.evp?.underlagFran ??
    config.organ
      .filter((o) => o.typ === 'namnd' && personMedRoll(config, 'handlaggare', o.kortnamn))
      .map((o) => o.kortnamn);
  const budgetunderlag: PlaneratSteg[] = namnder.map((namnd) => ({
    steg: 'budgetunderlag',
    organ: namnd,
    start: underlagStart,
    forfaller: underlagSenast,
    ansvarig: personMedRoll(config, 'handlaggare', namnd)!,
  }));
  const varningar: PlanVarning[] = [];
  if (kfDatum > fonster.senast.senast) {
    varningar.push({
      kod: 'BUDGET_SEN',
      meddelande: `${u.titel}: fullmäktige sammanträder ${kfDatum}, men ${fonster.senast.vad} (${fonster.senast.regel}); lägg budgetärendet på ett fullmäktigesammanträde senast ${fonster.senast.senast}`,
      regel: fonster.senast.regel,
    });
  }
  if (fonster.tidigast && kfDatum < fonster.tidigast.senast) {
    varningar.push({
      kod: 'BUDGET_FORE_VALET',
      meddelande: `${u.titel}: fullmäktige sammanträder ${kfDatum}, men ${fonster.tidigast.vad} (${fonster.tidigast.regel}); lägg budgetärendet på ett sammanträde från ${fonster.tidigast.senast} till ${fonster.senast.senast}`,
      regel: fonster.tidigast.regel,
    });
  }
  const { sekreterare } = ansvariga(config, organ.kortnamn);
  const steg: PlaneratSteg[] = [
    ...budgetunderlag,
    ...forstaSteg(u, kedja),
    ...motesSteg(u, kedja, beslut, forbereder),
    {
      steg: 'fullmaktige',
      start: beslut,
      forfaller: kfDatum,
      ansvarig: personMedRoll(config, 'sekreterare', kf.kortnamn) ?? sekreterare,
      sammantrade: { organ: kf.kortnamn, datum: kfDatum },
    },
  ];
  return {
    id: u.id,
    kommun: config.kommun.id,
    ar: u.ar,
    organ: organ.kortnamn,
    slag: info.id,
    typ: info.typ,
    titel: u.titel,
    periodslut,
    start: budgetunderlag.length > 0 ? underlagStart : utkastStart,
    inlamning,
    ...(beredning && forbereder ? { beredning: { organ: forbereder.kortnamn, datum: beredning } } : {}),
    beslut: { organ: organ.kortnamn, datum: beslut },
    fullmaktige: { datum: kfDatum },
    lagkrav: fonster.senast,
    lasta: lastaAv(u.last),
    steg,
    varningar,
  };
}

/**
 * New due dates after the chef returns a report: the revision gets at least `minstDagar` days, and the approval
 * follows it; never earlier than planned.
 */
export function revisionsfrister(
  plan: RapportPlan,
  idag: IsoDate,
  minstDagar: number,
): { utkast: IsoDate; godkannande: IsoDate } {
  const planned = (steg: StegNamn) => plan.steg.find((s) => s.steg === steg)!.forfaller;
  const utkast = maxDate(planned('utkast'), openDayOnOrAfter(addDays(idag, minstDagar)));
  const godkannande = maxDate(planned('godkannande'), openDayOnOrAfter(addDays(utkast, 1)));
  return { utkast, godkannande };
}
