/**
 * The kallelse to a sammanträde and its föredragningslista: when the list closes and when the kallelse must go
 * out, per the organ's reglemente, and for fullmäktige the notice on the anslagstavla at least a week before
 * (KL 5 kap. 13–15 §§). The record here is what the kallelse document is built from.
 */
import { addDays, compareDates, isoDateSchema, type IsoDate } from './datum';
import { KF_KALLELSE_MINST_DAGAR, type Organ } from './kommun';
import { bilagaSchema } from './arendedokument';
import { z } from './validering';

export const arendepunktSchema = z
  .object({
    /** The item's number on the list (1, 2, …); the § numbers are set when the protocol is recorded. */
    punkt: z.int().min(1),
    rubrik: z.string().min(3),
    diarienummer: z.string().min(1).optional(),
    /** The proposal the organ decides on (the utskott's förslag, or the förvaltning's). */
    forslagTillBeslut: z.array(z.string().regex(/^att /, 'en att-sats börjar med "att "')).default([]),
    /** The documents the ledamöter read: "Kommunkontorets tjänsteskrivelse 2023-09-21". */
    handlingar: z.array(z.string().min(3)).default([]),
    /** Who presents it: "Henrik Weimarsson, ekonomidirektör". */
    foredragande: z.string().min(2).optional(),
    /** The ärende's approved document versions (src/domain/arendedokument.ts), from the register, never typed. */
    bilagor: z.array(bilagaSchema).max(50).default([]),
  })
  .strict();
export type Arendepunkt = z.output<typeof arendepunktSchema>;

export const kallelseSchema = z
  .object({
    kommun: z.string().min(1),
    organ: z.string().min(1),
    organNamn: z.string().min(2),
    datum: isoDateSchema,
    klockan: z.string().regex(/^([01]\d|2[0-3])\.[0-5]\d$/, 'skrivs tt.mm, t.ex. 14.00'),
    plats: z.string().min(2),
    /** The day the kallelse is sent (and, for KF, posted). */
    utfardad: isoDateSchema,
    ordforande: z.string().min(2),
    sekreterare: z.string().min(2),
    arenden: z.array(arendepunktSchema).default([]),
  })
  .strict();
export type Kallelse = z.output<typeof kallelseSchema>;

export interface KallelseDagar {
  /** New ärenden can be put on the list until this day. */
  foredragningslistaStanger: IsoDate;
  /** The kallelse goes to ledamöter and ersättare no later than this day (the reglemente). */
  kallelseSenast: IsoDate;
  /** Fullmäktige: the notice is on the anslagstavla no later than this day (KL 5 kap. 13 §). */
  anslagSenast?: IsoDate;
}

/** The days before a meeting on `datum` by which its list closes and its kallelse goes out. */
export function kallelseDagar(organ: Pick<Organ, 'typ' | 'reglemente'>, datum: IsoDate): KallelseDagar {
  const { kallelseDagar: dagar, foredragningslistaStangerDagar } = organ.reglemente;
  const kf = organ.typ === 'fullmaktige';
  const kallelseSenast = addDays(datum, -(kf ? Math.max(dagar, KF_KALLELSE_MINST_DAGAR) : dagar));
  return {
    foredragningslistaStanger: addDays(datum, -foredragningslistaStangerDagar),
    kallelseSenast,
    ...(kf ? { anslagSenast: addDays(datum, -KF_KALLELSE_MINST_DAGAR) } : {}),
  };
}

/** Whether an ärende ready on `klart` can still go on the list of a meeting on `datum`. */
export function hinnerTillForedragningslistan(
  organ: Pick<Organ, 'typ' | 'reglemente'>,
  datum: IsoDate,
  klart: IsoDate,
): boolean {
  return compareDates(klart, kallelseDagar(organ, datum).foredragningslistaStanger) <= 0;
}
