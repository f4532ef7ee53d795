/**
 * The årshjul planned backwards: for each report an organ owes in a year, pick the meeting that decides it and
 * the meeting that prepares it, then count back to the inlämningsdag, the chef's approval and the handläggare's
 * start; forward to KF where the report goes on. Every date comes from the config's sammanträdesplan and rules;
 * a deadline that falls on a closed day moves to the open day before (it is a plan, not a statutory period).
 */
import { addDays, daysBetween, type IsoDate } from './datum';
import { datumOf, type KommunConfig, type Organ } from './kommun';
import { RAPPORTER, rapportId, type RapportSlag } from './rapport';
import { isClosedDay } from './sondagsregeln';

export type StegNamn = 'utkast' | 'godkannande' | 'registrering' | 'beredning' | 'beslut' | 'overlamning';

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
}

export type PlanVarningKod = 'LAGKRAV_MISSAS' | 'INGET_SAMMANTRADE' | 'KORT_UTKASTTID';

export interface PlanVarning {
  kod: PlanVarningKod;
  meddelande: string;
}

export interface RapportPlan {
  id: string;
  kommun: string;
  ar: number;
  organ: string;
  slag: RapportSlag;
  titel: string;
  periodslut: IsoDate;
  /** The day the process starts: the first task goes out. */
  start: IsoDate;
  inlamning: IsoDate;
  beredning?: { organ: string; datum: IsoDate };
  beslut: { organ: string; datum: IsoDate };
  fullmaktige?: { datum: IsoDate };
  lagkrav?: { senast: IsoDate; regel: string };
  steg: PlaneratSteg[];
  varningar: PlanVarning[];
}

/** The open day on or before `date` (a planned deadline moves earlier, never later). */
export function openDayOnOrBefore(date: IsoDate): IsoDate {
  let day = date;
  while (isClosedDay(day)) day = addDays(day, -1);
  return day;
}

function meetings(config: KommunConfig, organ: string): IsoDate[] {
  return Object.values(config.sammantradesplan)
    .flatMap((perOrgan) => perOrgan[organ] ?? [])
    .map(datumOf)
    .sort();
}

function personWithRole(config: KommunConfig, roll: string, organ?: string): string | undefined {
  return config.personer.find((p) =>
    p.roller.some((r) => r.roll === roll && (organ === undefined || r.organ === organ)),
  )?.id;
}

/** The utskott that prepares the organ's ärenden, if it has one. */
function beredandeOrgan(config: KommunConfig, organ: string): Organ | undefined {
  return config.organ.find((o) => o.typ === 'utskott' && o.bereder === organ);
}

/** The year's reports of the kommun, each planned; sorted by start. */
export function planeraAr(config: KommunConfig, ar: number): RapportPlan[] {
  return config.rapporter
    .flatMap((plikt) => plikt.slag.map((slag) => planeraRapport(config, plikt.organ, slag, ar)))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
}

export function planeraRapport(
  config: KommunConfig,
  organKortnamn: string,
  slag: RapportSlag,
  cykelAr: number,
): RapportPlan {
  const organ = config.organ.find((o) => o.kortnamn === organKortnamn);
  if (!organ) throw new Error(`unknown organ ${organKortnamn}`);
  const info = RAPPORTER[slag];
  const ar = info.avserAr(cykelAr);
  const regler = config.regler.rapporter;
  const periodslut = info.periodslut(ar);
  const utskott = beredandeOrgan(config, organ.kortnamn);
  const varningar: PlanVarning[] = [];
  const kommun = config.kommun.id;

  const chain = (beslutsdatum: IsoDate) => {
    // The utskott's last meeting before the deciding one prepares the ärende; without an utskott the deciding
    // meeting itself is the one the inlämningsdag counts from.
    const beredning = utskott
      ? meetings(config, utskott.kortnamn)
          .filter((d) => d < beslutsdatum)
          .pop()
      : undefined;
    if (utskott && !beredning) return undefined;
    const inlamning = openDayOnOrBefore(
      addDays(beredning ?? beslutsdatum, -regler.inlamningDagarForeBeredning),
    );
    return { beredning, inlamning };
  };
  // The first meeting whose chain leaves the report enough time after its period ends.
  const earliestInlamning = addDays(periodslut, regler.minstDagarEfterPeriodslut);
  const candidates = meetings(config, organ.kortnamn).filter((d) => d > periodslut);
  const beslutsdatum = candidates.find((d) => {
    const c = chain(d);
    return c !== undefined && c.inlamning >= earliestInlamning;
  });

  const titel = info.titel(organ.namn, ar);
  const id = rapportId(kommun, cykelAr, organ.kortnamn, slag);
  if (beslutsdatum === undefined) {
    varningar.push({
      kod: 'INGET_SAMMANTRADE',
      meddelande: `${titel}: sammanträdesplanen har inget sammanträde för ${organ.kortnamn} efter ${periodslut} med tid för beredning; lägg till ett sammanträde`,
    });
    return {
      id,
      kommun,
      ar,
      organ: organ.kortnamn,
      slag,
      titel,
      periodslut,
      start: periodslut,
      inlamning: periodslut,
      beslut: { organ: organ.kortnamn, datum: periodslut },
      steg: [],
      varningar,
    };
  }
  const { beredning, inlamning } = chain(beslutsdatum)!;

  const godkannandeSenast = openDayOnOrBefore(addDays(inlamning, -regler.godkannandeDagarForeInlamning));
  const utkastSenast = openDayOnOrBefore(addDays(godkannandeSenast, -regler.godkannandeTidDagar));
  const dayAfterPeriod = addDays(periodslut, 1);
  const wantedStart = addDays(utkastSenast, -regler.utkastTidDagar);
  const start = wantedStart > dayAfterPeriod ? wantedStart : dayAfterPeriod;
  if (daysBetween(start, utkastSenast) < Math.ceil(regler.utkastTidDagar / 2)) {
    varningar.push({
      kod: 'KORT_UTKASTTID',
      meddelande: `${titel}: handläggaren får bara ${daysBetween(start, utkastSenast)} dagar för utkastet (${start}–${utkastSenast})`,
    });
  }

  const handlaggare = personWithRole(config, 'handlaggare', organ.kortnamn)!;
  // The handläggare's own chef approves, when the config names one with a chef role; else a chef of the organ.
  const ownChef = config.personer.find(
    (p) => p.id === config.personer.find((h) => h.id === handlaggare)?.chef,
  );
  const chef = ownChef?.roller.some((r) => r.roll === 'chef')
    ? ownChef.id
    : personWithRole(config, 'chef', organ.kortnamn)!;
  const sekreterare = personWithRole(config, 'sekreterare', organ.kortnamn)!;
  const registrator = personWithRole(config, 'registrator') ?? sekreterare;

  const steg: PlaneratSteg[] = [
    { steg: 'utkast', start, forfaller: utkastSenast, ansvarig: handlaggare },
    { steg: 'godkannande', start: utkastSenast, forfaller: godkannandeSenast, ansvarig: chef },
    { steg: 'registrering', start: godkannandeSenast, forfaller: inlamning, ansvarig: registrator },
  ];
  if (beredning && utskott) {
    steg.push({
      steg: 'beredning',
      start: inlamning,
      forfaller: beredning,
      ansvarig: personWithRole(config, 'sekreterare', utskott.kortnamn) ?? sekreterare,
      sammantrade: { organ: utskott.kortnamn, datum: beredning },
    });
  }
  steg.push({
    steg: 'beslut',
    start: beredning ?? inlamning,
    forfaller: beslutsdatum,
    ansvarig: sekreterare,
    sammantrade: { organ: organ.kortnamn, datum: beslutsdatum },
  });

  const lagkrav = info.tillFullmaktige && organ.typ === 'styrelse' ? info.lagkrav?.(ar) : undefined;
  let fullmaktige: { datum: IsoDate } | undefined;
  if (info.tillFullmaktige && organ.typ === 'styrelse') {
    const kf = config.organ.find((o) => o.typ === 'fullmaktige');
    const kfDatum = kf
      ? meetings(config, kf.kortnamn).find((d) => d >= addDays(beslutsdatum, regler.kfMinstDagarEfterBeslut))
      : undefined;
    fullmaktige = kfDatum ? { datum: kfDatum } : undefined;
    // Handed to KF and the revisorer once the beslut is taken; the statutory limit binds that day.
    const overlamning =
      lagkrav && lagkrav.senast < beslutsdatum
        ? beslutsdatum
        : (lagkrav?.senast ?? fullmaktige?.datum ?? beslutsdatum);
    steg.push({
      steg: 'overlamning',
      start: beslutsdatum,
      forfaller: openDayOnOrBefore(overlamning),
      ansvarig: sekreterare,
      ...(kf && fullmaktige ? { sammantrade: { organ: kf.kortnamn, datum: fullmaktige.datum } } : {}),
    });
    if (lagkrav && beslutsdatum > lagkrav.senast) {
      varningar.push({
        kod: 'LAGKRAV_MISSAS',
        meddelande: `${titel}: ${organ.kortnamn} beslutar ${beslutsdatum}, efter ${lagkrav.senast} då rapporten senast ska lämnas till fullmäktige och revisorerna (${lagkrav.regel}); flytta eller lägg till ett sammanträde`,
      });
    }
  }

  return {
    id,
    kommun,
    ar,
    organ: organ.kortnamn,
    slag,
    titel,
    periodslut,
    start,
    inlamning,
    ...(beredning && utskott ? { beredning: { organ: utskott.kortnamn, datum: beredning } } : {}),
    beslut: { organ: organ.kortnamn, datum: beslutsdatum },
    ...(fullmaktige ? { fullmaktige } : {}),
    ...(lagkrav ? { lagkrav } : {}),
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
  const latest = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
  const utkast = latest(planned('utkast'), nextOpenDay(addDays(idag, minstDagar)));
  const godkannande = latest(planned('godkannande'), nextOpenDay(addDays(utkast, 1)));
  return { utkast, godkannande };
}

function nextOpenDay(date: IsoDate): IsoDate {
  let day = date;
  while (isClosedDay(day)) day = addDays(day, 1);
  return day;
}
