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
