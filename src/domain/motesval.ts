/**
 * Choosing the meetings of a report's chain from the sammanträdesplan: the deciding meeting, the meeting that
 * prepares it and the inlämning that must reach that meeting's föredragningslista before it closes. The default
 * is calibrated on real sammanträdesplaner (README, "Planning as the kommun plans"); pins in the config win.
 */
import { addDays, type IsoDate } from './datum';
import { arbetsdagarEfter, openDayOnOrAfter, openDayOnOrBefore } from './arbetsdagar';
import { kallelseDagar } from './kallelse';
import type { KommunConfig, Organ, Roll } from './kommun';

/** The organ's meetings in the sammanträdesplan, every year, after `efter` and up to `till` (both optional). */
export function moten(config: KommunConfig, organ: string, efter?: IsoDate, till?: IsoDate): IsoDate[] {
  return Object.values(config.sammantradesplan)
    .flatMap((perOrgan) => perOrgan[organ] ?? [])
    .map((m) => m.datum)
    .filter((d) => (efter === undefined || d > efter) && (till === undefined || d <= till))
    .sort();
}

/** The organ's last meeting after `efter` and up to `till`. */
export function lastMote(config: KommunConfig, organ: string, efter: IsoDate, till: IsoDate) {
  return moten(config, organ, efter, till).at(-1);
}

/** The utskott that prepares the organ's ärenden, if it has one. */
export function beredandeOrgan(config: KommunConfig, organ: string): Organ | undefined {
  return config.organ.find((o) => o.typ === 'utskott' && o.bereder === organ);
}

export function personMedRoll(config: KommunConfig, roll: Roll, organ?: string): string | undefined {
  return config.personer.find((p) =>
    p.roller.some((r) => r.roll === roll && (organ === undefined || r.organ === organ)),
  )?.id;
}

/** The days of a report's chain up to its preparing meeting, counted back from that meeting's list. */
export interface Kedja {
  /** The utskott's meeting that prepares the ärende (none when the deciding organ has no utskott). */
  beredning?: IsoDate;
  /** The inlämning: the day the preparing meeting's föredragningslista closes (an open day). */
  inlamning: IsoDate;
  godkannandeSenast: IsoDate;
  utkastSenast: IsoDate;
  /** The draft's first day. */
  start: IsoDate;
  /** Working days the handläggare has between the period end and the inlämning. */
  arbetsdagar: number;
}

export interface Motesval {
  organ: Organ;
  utskott: Organ | undefined;
  /** The period end (or the EVP's KF beslut): the work starts the day after. */
  tidigast: IsoDate;
  /** The draft cannot start before this day: the day after the period end (or the EVP's beslut). */
  utkastTidigast: IsoDate;
  /** The styrelse's draft is due no earlier than this: the nämnder's reports it is written on are in. */
  underlagKlart?: IsoDate;
  /** The last day a deciding meeting may be on (this year's report stays in this year). */
  fonsterSlut: IsoDate;
  minstArbetsdagar: number;
  last: { beredning?: IsoDate; beslut?: IsoDate; fullmaktige?: IsoDate };
  /** Days at least between the deciding meeting and KF (for a pinned KF meeting). */
  kfMinstDagar: number;
}

export type MotesvalUtfall = { ok: true; beslut: IsoDate; kedja: Kedja } | { ok: false; saknas: string };

/** The chain that a deciding meeting on `beslut` asks for. */
export function kedjaFor(
  config: KommunConfig,
  val: Motesval,
  beslut: IsoDate,
): { kedja: Kedja } | { utanBeredning: true } {
  const regler = config.regler.rapporter;
  // The utskott's last meeting early enough that its förslag goes out with the deciding organ's kallelse.
  const beredning = val.utskott
    ? (val.last.beredning ??
      moten(
        config,
        val.utskott.kortnamn,
        val.tidigast,
        addDays(beslut, -regler.beredningMinstDagarForeBeslut),
      ).at(-1))
    : undefined;
  if (val.utskott && !beredning) return { utanBeredning: true };
  // The inlämning is due the day the preparing meeting's föredragningslista closes (the organ's reglemente).
  const inlamning = openDayOnOrBefore(
    kallelseDagar(val.utskott ?? val.organ, beredning ?? beslut).foredragningslistaStanger,
  );
  let godkannandeSenast = openDayOnOrBefore(addDays(inlamning, -regler.godkannandeDagarForeInlamning));
  let utkastSenast = openDayOnOrBefore(addDays(godkannandeSenast, -regler.godkannandeTidDagar));
  if (utkastSenast < val.utkastTidigast) {
    // A short period (a tertial report two weeks after its end, as Vännäs takes it): the chef approves on the
    // inlämningsdag itself, with one day for it, rather than the draft getting no days at all.
    godkannandeSenast = inlamning;
    utkastSenast = openDayOnOrBefore(addDays(inlamning, -1));
  }
  const onskad = openDayOnOrAfter(addDays(utkastSenast, -regler.utkastTidDagar));
  return {
    kedja: {
      ...(beredning ? { beredning } : {}),
      inlamning,
      godkannandeSenast,
      utkastSenast,
      start: onskad > val.utkastTidigast ? onskad : val.utkastTidigast,
      arbetsdagar: arbetsdagarEfter(val.tidigast, inlamning),
    },
  };
}

/**
 * Whether a chain gives the handläggare the kommun's minimum, the draft a window that is not negative, and the
 * nämnder's reports time to come in before the styrelse's draft is due.
 */
export function kedjanRacker(kedja: Kedja, minstArbetsdagar: number, underlagKlart?: IsoDate): boolean {
  return (
    kedja.arbetsdagar >= minstArbetsdagar &&
    kedja.start <= kedja.utkastSenast &&
    (underlagKlart === undefined || underlagKlart <= kedja.utkastSenast)
  );
}

/**
 * The deciding meeting: the pinned one, else the earliest of the organ's meetings after the period end (and up
 * to `fonsterSlut`) whose chain suffices. When none does, what is missing, in the kansli's words.
 */
export function valjBeslutsmote(config: KommunConfig, val: Motesval): MotesvalUtfall {
  const { organ, utskott } = val;
  if (val.last.beslut) {
    const c = kedjaFor(config, val, val.last.beslut);
    if ('kedja' in c) return { ok: true, beslut: val.last.beslut, kedja: c.kedja };
    return {
      ok: false,
      saknas: `${utskott!.kortnamn} har inget sammanträde efter ${val.tidigast} och före ${organ.kortnamn}s sammanträde ${val.last.beslut} där ärendet kan beredas; lägg till ett sammanträde för ${utskott!.kortnamn}`,
    };
  }
  // Before a pinned KF meeting, by the days KF needs after the beslut.
  const senast = val.last.fullmaktige ? addDays(val.last.fullmaktige, -val.kfMinstDagar) : val.fonsterSlut;
  const kandidater = moten(config, organ.kortnamn, val.tidigast, senast).filter(
    (d) => val.last.beredning === undefined || d > val.last.beredning,
  );
  let utanBeredning = 0;
  for (const beslut of kandidater) {
    const c = kedjaFor(config, val, beslut);
    if (!('kedja' in c)) {
      utanBeredning++;
      continue;
    }
    if (kedjanRacker(c.kedja, val.minstArbetsdagar, val.underlagKlart))
      return { ok: true, beslut, kedja: c.kedja };
  }
  if (kandidater.length === 0) {
    return {
      ok: false,
      saknas: `sammanträdesplanen har inget sammanträde för ${organ.kortnamn} från ${addDays(val.tidigast, 1)} till ${val.fonsterSlut}; lägg till ett`,
    };
  }
  if (utskott && utanBeredning === kandidater.length) {
    return {
      ok: false,
      saknas: `${utskott.kortnamn} har inget sammanträde efter ${val.tidigast} före ${organ.kortnamn}s sammanträden (${kandidater.join(', ')}) där ärendet kan beredas; lägg till ett sammanträde för ${utskott.kortnamn}`,
    };
  }
  // Every meeting comes too soon: name the first day the preparing organ could take the ärende.
  const forbereder = utskott ?? organ;
  const listDagar = forbereder.reglemente.foredragningslistaStangerDagar;
  let inlamningTidigast = val.tidigast;
  for (let n = 0; n < val.minstArbetsdagar; n = arbetsdagarEfter(val.tidigast, inlamningTidigast)) {
    inlamningTidigast = addDays(inlamningTidigast, 1);
  }
  return {
    ok: false,
    saknas: `inget sammanträde för ${organ.kortnamn} till ${val.fonsterSlut} ger handläggaren ${val.minstArbetsdagar} arbetsdagar efter ${val.tidigast} innan föredragningslistan stänger; lägg till ett sammanträde för ${forbereder.kortnamn} tidigast ${addDays(inlamningTidigast, listDagar)}${utskott ? ` och ett för ${organ.kortnamn} efter det` : ''}, senast ${val.fonsterSlut}`,
  };
}
