/**
 * The appeal period of a justerat protokoll (laglighetsprövning, KL 13 kap.): which beslut have been
 * appealed, whether an appeal can still be recorded, and when the rest vinner laga kraft.
 */
import { dateInStockholm, isoDateSchema, type IsoDate } from './datum';
import { beraknaFrister, fristerInputSchema, type Frister } from './frister';
import { paragrafSpann } from './numrering';
import { z, type Fel } from './validering';

const paragrafSchema = z.int().min(1).max(9999);

/** The facts of a justerat protokoll that the appeal period needs. */
export const justeratProtokollSchema = z
  .object({
    kommun: z.string().min(1),
    organ: z.string().min(1),
    sammantrade: isoDateSchema,
    justering: isoDateSchema,
    anslag: isoDateSchema,
    paragrafer: z
      .array(paragrafSchema)
      .min(1)
      .refine((p) => new Set(p).size === p.length, {
        message: 'en paragraf förekommer två gånger',
        params: { rule: 'unika_paragrafer' },
      }),
  })
  .strict()
  .superRefine((input, ctx) => {
    // The same date rules as the statutory chain (justering not before the meeting, anslag not before justering).
    const dates = fristerInputSchema.safeParse(input);
    if (!dates.success) dates.error.issues.forEach((issue) => ctx.addIssue({ ...issue, code: 'custom' }));
  });

export type JusteratProtokoll = z.output<typeof justeratProtokollSchema>;

export const overklagandeInputSchema = z
  .object({
    /** The day the appeal reached the förvaltningsrätt or the kommun (KL 13 kap. 5 §: the day that counts). */
    inkom: isoDateSchema,
    /** The paragrafer appealed; all of the protocol's when left out. */
    paragrafer: z.array(paragrafSchema).min(1).optional(),
    klagande: z.string().min(1).optional(),
    malnummer: z.string().min(1).optional(),
    /** Who records it in Årshjul. */
    registreradAv: z.string().min(1),
  })
  .strict();

export type OverklagandeInput = z.output<typeof overklagandeInputSchema>;

export interface Overklagande extends OverklagandeInput {
  paragrafer: number[];
  registrerad: IsoDate;
}

export type OverklagandeStatus = 'ANSLAGEN' | 'OVERKLAGAD' | 'DELVIS_OVERKLAGAD' | 'LAGA_KRAFT';

export interface ParagrafStatus {
  paragraf: number;
  status: 'ANSLAGEN' | 'OVERKLAGAD' | 'LAGA_KRAFT';
}

export interface OverklagandetidStatus {
  kommun: string;
  organ: string;
  status: OverklagandeStatus;
  frister: Frister;
  paragrafer: ParagrafStatus[];
  overklaganden: Overklagande[];
}

export function fristerFor(protokoll: JusteratProtokoll): Frister {
  return beraknaFrister(protokoll);
}

export function overklagadeParagrafer(overklaganden: readonly Overklagande[]): Set<number> {
  return new Set(overklaganden.flatMap((o) => o.paragrafer));
}

/** True when every paragraf is appealed: nothing is left to vinna laga kraft. */
export function allaOverklagade(
  protokoll: JusteratProtokoll,
  overklaganden: readonly Overklagande[],
): boolean {
  const appealed = overklagadeParagrafer(overklaganden);
  return protokoll.paragrafer.every((p) => appealed.has(p));
}

/**
 * Why an appeal cannot be recorded now (empty when it can). `now` is the current instant; the period is over
 * from the start of the lagaKraft day in Europe/Stockholm.
 */
export function overklagandeFel(protokoll: JusteratProtokoll, input: OverklagandeInput, now: number): Fel[] {
  const frister = fristerFor(protokoll);
  const today = dateInStockholm(now);
  const fel: Fel[] = [];
  if (today >= frister.lagaKraft) {
    fel.push({
      field: '',
      rule: 'overklagandetiden_slut',
      message: `överklagandetiden löpte ut ${frister.overklagandeSenast}; beslutet vann laga kraft ${frister.lagaKraft}`,
    });
  }
  if (input.inkom > frister.overklagandeSenast) {
    fel.push({
      field: 'inkom',
      rule: 'inom_overklagandetiden',
      message: `${input.inkom} är efter sista dagen för överklagande ${frister.overklagandeSenast} (KL 13 kap. 5 §); ett för sent överklagande hindrar inte laga kraft`,
    });
  } else if (input.inkom > today) {
    fel.push({
      field: 'inkom',
      rule: 'inte_i_framtiden',
      message: `${input.inkom} har inte inträffat än (i dag är ${today})`,
    });
  }
  const unknown = (input.paragrafer ?? []).filter((p) => !protokoll.paragrafer.includes(p));
  if (unknown.length > 0) {
    fel.push({
      field: 'paragrafer',
      rule: 'paragraf_i_protokollet',
      message: `§ ${unknown.join(', ')} finns inte i protokollet (${paragrafSpann(protokoll.paragrafer)})`,
    });
  }
  return fel;
}

export function registreraOverklagande(
  protokoll: JusteratProtokoll,
  input: OverklagandeInput,
  now: number,
): Overklagande {
  return {
    ...input,
    paragrafer: input.paragrafer ?? [...protokoll.paragrafer],
    registrerad: dateInStockholm(now),
  };
}

export function overklagandetidStatus(
  protokoll: JusteratProtokoll,
  overklaganden: readonly Overklagande[],
  now: number,
): OverklagandetidStatus {
  const frister = fristerFor(protokoll);
  const over = dateInStockholm(now) >= frister.lagaKraft;
  const appealed = overklagadeParagrafer(overklaganden);
  const paragrafer = protokoll.paragrafer.map((paragraf) => ({
    paragraf,
    status: appealed.has(paragraf)
      ? ('OVERKLAGAD' as const)
      : over
        ? ('LAGA_KRAFT' as const)
        : ('ANSLAGEN' as const),
  }));
  const status: OverklagandeStatus =
    appealed.size === 0
      ? over
        ? 'LAGA_KRAFT'
        : 'ANSLAGEN'
      : protokoll.paragrafer.every((p) => appealed.has(p))
        ? 'OVERKLAGAD'
        : 'DELVIS_OVERKLAGAD';
  return {
    kommun: protokoll.kommun,
    organ: protokoll.organ,
    status,
    frister,
    paragrafer,
    overklaganden: [...overklaganden],
  };
}

/**
 * An appeal the kommun hears of only after the appeal period's workflow has closed, or after the laga-kraft
 * day: the court tells the kommun weeks later. What counts is the day it came in (KL 13 kap. 5 §: within three
 * weeks of the anslag), not the day the kommun heard of it. `kant`: the day it became known (today when left out).
 */
export const overklagandeIEfterhandInputSchema = z
  .object({
    ...overklagandeInputSchema.shape,
    kant: isoDateSchema.optional(),
  })
  .strict();

export type OverklagandeIEfterhandInput = z.output<typeof overklagandeIEfterhandInputSchema>;

export interface OverklagandeIEfterhand extends Overklagande {
  /** The day the kommun heard of it. */
  kant: IsoDate;
  /** It came in after the last day of appeal: för sent inkommet, it does not stop laga kraft. */
  forSent: boolean;
}

/** What of the appeal period's status an appeal heard of afterwards is checked and merged against. */
export type AvslutadOverklagandetid = Pick<OverklagandetidStatus, 'frister' | 'paragrafer'>;

/** Why an appeal heard of afterwards cannot be recorded (empty when it can). `now`: the current instant. */
export function overklagandeIEfterhandFel(
  period: AvslutadOverklagandetid,
  input: OverklagandeIEfterhandInput,
  now: number,
): Fel[] {
  const today = dateInStockholm(now);
  const fel: Fel[] = [];
  if (input.inkom > today) {
    fel.push({
      field: 'inkom',
      rule: 'inte_i_framtiden',
      message: `${input.inkom} har inte inträffat än (i dag är ${today})`,
    });
  }
  if (input.kant !== undefined && input.kant > today) {
    fel.push({
      field: 'kant',
      rule: 'inte_i_framtiden',
      message: `${input.kant} har inte inträffat än (i dag är ${today})`,
    });
  } else if (input.kant !== undefined && input.kant < input.inkom) {
    fel.push({
      field: 'kant',
      rule: 'inte_fore_inkom',
      message: `överklagandet kan inte ha blivit känt ${input.kant}, före dagen det inkom ${input.inkom}`,
    });
  }
  const finns = period.paragrafer.map((p) => p.paragraf);
  const unknown = (input.paragrafer ?? []).filter((p) => !finns.includes(p));
  if (unknown.length > 0) {
    fel.push({
      field: 'paragrafer',
      rule: 'paragraf_i_protokollet',
      message: `§ ${unknown.join(', ')} finns inte i protokollet (${paragrafSpann(finns)})`,
    });
  }
  return fel;
}

export function registreraOverklagandeIEfterhand(
  period: AvslutadOverklagandetid,
  input: OverklagandeIEfterhandInput,
  now: number,
): OverklagandeIEfterhand {
  const { kant, ...rest } = input;
  const registrerad = dateInStockholm(now);
  return {
    ...rest,
    paragrafer: input.paragrafer ?? period.paragrafer.map((p) => p.paragraf),
    registrerad,
    kant: kant ?? registrerad,
    forSent: input.inkom > period.frister.overklagandeSenast,
  };
}

/**
 * The appeal period's status with the appeals heard of afterwards: one that came in within the period appeals
 * its paragrafer (their beslut have not vunnit laga kraft after all, whatever the workflow said when it closed);
 * one that came in too late is listed as such and changes nothing. `meddelanden` says it in words.
 */
export function medOverklagandenIEfterhand(
  status: OverklagandetidStatus,
  efterhand: readonly OverklagandeIEfterhand[],
): OverklagandetidStatus & { efterhand: OverklagandeIEfterhand[]; meddelanden: string[] } {
  const iTid = efterhand.filter((o) => !o.forSent);
  const appealed = new Set([
    ...status.paragrafer.filter((p) => p.status === 'OVERKLAGAD').map((p) => p.paragraf),
    ...iTid.flatMap((o) => o.paragrafer),
  ]);
  const paragrafer = status.paragrafer.map((p) =>
    appealed.has(p.paragraf) ? { ...p, status: 'OVERKLAGAD' as const } : p,
  );
  const alla = paragrafer.every((p) => appealed.has(p.paragraf));
  const samma = status.status;
  const nyStatus: OverklagandeStatus =
    appealed.size === 0 ? samma : alla ? 'OVERKLAGAD' : 'DELVIS_OVERKLAGAD';
  const spann = (o: OverklagandeIEfterhand) =>
    o.paragrafer.length === status.paragrafer.length ? '' : ` (${paragrafSpann(o.paragrafer)})`;
  const meddelanden = efterhand.map((o) =>
    o.forSent
      ? `överklagande som inkom ${o.inkom} kom in för sent (sista dagen var ${status.frister.overklagandeSenast}); det hindrar inte laga kraft`
      : `beslutet har inte vunnit laga kraft${spann(o)} — överklagande som inkom ${o.inkom} blev känt ${o.kant}`,
  );
  return { ...status, status: nyStatus, paragrafer, efterhand: [...efterhand], meddelanden };
}
