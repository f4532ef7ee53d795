/**
 * The protocol of a sammanträde as the secretary records it, § by §, and the rules that hold it together: § numbers
 * unique and in order, the justering within 14 days (KL 5 kap. 69 §), omedelbar justering of single §§
 * (KL 5 kap. 70 §), and which §§ may be extracted (a protokollsutdrag of a § not yet justerad is refused).
 *
 * The structure follows Lund KS 2023-10-11 (document 000, domain-brief.md §3). This record is what the register
 * keeps and what every document (protokoll, protokollsutdrag, anslagsbevis) is built from; a JSON file in this
 * format is what `arshjul protokollsutdrag --protokoll FILE.json` reads.
 */
import { addDays, compareDates, isoDateSchema, type IsoDate } from './datum';
import { JUSTERING_DAGAR, beraknaFrister, type Frister } from './frister';
import { paragrafSpann } from './numrering';
import { applySondagsregeln } from './sondagsregeln';
import { felFromZod, z, type Fel } from './validering';

const klockslag = z.string().regex(/^([01]\d|2[0-3])\.[0-5]\d$/, 'skrivs tt.mm, t.ex. 14.00');

/** A span of time on the meeting day, "14.00–18.00". */
export const tidsspannSchema = z
  .object({ fran: klockslag, till: klockslag })
  .strict()
  .refine((t) => t.fran < t.till, { message: 'slutar före den börjar', params: { rule: 'tid_ordning' } });
export type Tidsspann = z.output<typeof tidsspannSchema>;

/** The §§ a person was present for, "§ 327–354". */
const paragrafintervallSchema = z
  .object({ fran: z.int().min(1), till: z.int().min(1) })
  .strict()
  .refine((p) => p.fran <= p.till, {
    message: 'fran är större än till',
    params: { rule: 'paragraf_ordning' },
  });

/** Someone named in the protocol: "Anders Almgren (S), ordförande". */
export const deltagareSchema = z
  .object({
    namn: z.string().min(2),
    parti: z.string().min(1).optional(),
    /** Ordförande, 1:e vice ordförande, … (ledamöter) or a title (övriga: "kommundirektör"). */
    roll: z.string().min(1).optional(),
    /** Present only for these §§ (otherwise for all). */
    paragrafer: paragrafintervallSchema.optional(),
    /** Present only during this time (otherwise the whole meeting). */
    tid: tidsspannSchema.optional(),
    /** A config person id, when the person is one (for tasks and mail). */
    personId: z.string().min(1).optional(),
  })
  .strict();
export type Deltagare = z.output<typeof deltagareSchema>;

export const narvaroSchema = z
  .object({
    ledamoter: z.array(deltagareSchema).min(1),
    /** "Helena Falk (V), tjänstgör för Björn Abelson (V)". */
    tjanstgorandeErsattare: z
      .array(deltagareSchema.extend({ tjanstgorFor: z.string().min(2) }).strict())
      .default([]),
    ersattare: z.array(deltagareSchema).default([]),
    ovriga: z.array(deltagareSchema).default([]),
  })
  .strict();
export type Narvaro = z.output<typeof narvaroSchema>;

/** "Axel Hallberg (MP) yrkar att …; X och Y instämmer i Axel Hallbergs (MP) yrkande." */
export const yrkandeSchema = z
  .object({
    av: z.string().min(2),
    /** The yrkande as said: "att kommunstyrelsen beslutar" or "bifall till arbetsutskottets förslag". */
    text: z.string().min(1),
    attSatser: z.array(z.string().min(1)).default([]),
    instammer: z.array(z.string().min(2)).default([]),
  })
  .strict();
export type Yrkande = z.output<typeof yrkandeSchema>;

export const beslutsgangSchema = z.discriminatedUnion('typ', [
  z.object({ typ: z.literal('ACKLAMATION'), text: z.string().min(1) }).strict(),
  z
    .object({
      typ: z.literal('OMROSTNING'),
      /** The propositionsordning and the votering proposition, as the chair put them. */
      text: z.string().min(1),
      ja: z.array(z.string().min(2)),
      nej: z.array(z.string().min(2)),
      avstar: z.array(z.string().min(2)).default([]),
      /** "Kommunstyrelsen har alltså beslutat enligt …" */
      utfall: z.string().min(1),
    })
    .strict(),
]);
export type Beslutsgang = z.output<typeof beslutsgangSchema>;

const mottagareSchema = z.string().min(2);

/** One § recorded in full. */
export const paragrafSchema = z
  .object({
    nummer: z.int().min(1),
    /** The ärendemening. */
    rubrik: z.string().min(3),
    diarienummer: z.string().min(1).optional(),
    beslut: z
      .object({
        /** "Kommunstyrelsen beslutar" */
        inledning: z.string().min(3),
        /** Each "att …" clause, without the joining ", samt" / "." (added when rendered). */
        attSatser: z.array(z.string().regex(/^att /, 'en att-sats börjar med "att "')).min(1),
      })
      .strict(),
    sammanfattning: z.array(z.string().min(1)).default([]),
    yrkanden: z.array(yrkandeSchema).default([]),
    beslutsgang: beslutsgangSchema.optional(),
    reservationer: z
      .array(z.object({ av: z.array(z.string().min(2)).min(1), text: z.string().optional() }).strict())
      .default([]),
    jav: z.array(z.object({ namn: z.string().min(2), text: z.string().optional() }).strict()).default([]),
    underlag: z.array(z.string().min(3)).default([]),
    skickasTill: z
      .object({
        /** "För verkställighet eller motsvarande åtgärd:" */
        verkstallighet: z.array(mottagareSchema).default([]),
        /** "För kännedom:" */
        kannedom: z.array(mottagareSchema).default([]),
      })
      .strict()
      .prefault({}),
    /** Justerad at the meeting (KL 5 kap. 70 §): may be extracted, posted and expedited at once. */
    omedelbartJusterad: z.boolean().default(false),
  })
  .strict();
export type Paragraf = z.output<typeof paragrafSchema>;

/** A § of the meeting listed by number only (the rest of the record is elsewhere). */
const paragrafNummerSchema = z
  .object({ nummer: z.int().min(1), rubrik: z.string().min(3).optional() })
  .strict();
export type ParagrafNummer = z.output<typeof paragrafNummerSchema>;

/** A § with a `beslut` is recorded in full and checked as such; one without is listed by number only. */
const paragrafPostSchema = z.unknown().transform((value, ctx): Paragraf | ParagrafNummer => {
  const full = typeof value === 'object' && value !== null && 'beslut' in value;
  const result = (full ? paragrafSchema : paragrafNummerSchema).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({
      code: 'custom',
      path: issue.path,
      message: issue.message,
      params: { rule: ruleOfIssue(issue) },
    });
  }
  return z.NEVER;
});

export const protokollSchema = z
  .object({
    kommun: z.string().min(1),
    /** The organ's kortnamn (KS) and its name as the heading shows it (Kommunstyrelsen). */
    organ: z.string().min(1),
    organNamn: z.string().min(2),
    datum: isoDateSchema,
    tid: tidsspannSchema,
    ajourneringar: z.array(tidsspannSchema).default([]),
    plats: z.string().min(2),
    narvaro: narvaroSchema,
    ordforande: z.string().min(2),
    sekreterare: z.string().min(2),
    justerare: z.array(z.string().min(2)).min(1),
    justering: z
      .object({
        /** The announced day and hour of justering, and how: "Digital justering". */
        datum: isoDateSchema,
        klockan: klockslag.optional(),
        plats: z.string().min(2),
        /** The day it was justerad (all signatures in), once it is. */
        justerad: isoDateSchema.optional(),
      })
      .strict(),
    /** The day the anslag was posted on the anslagstavla, once it is. */
    anslagUppsatt: isoDateSchema.optional(),
    forvaringsplats: z.string().min(2),
    /** Every § of the meeting in order: recorded in full, or by number only. */
    paragrafer: z.array(paragrafPostSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const fel of protokollFel(p as Protokoll)) {
      ctx.addIssue({
        code: 'custom',
        path: fel.field.split('.'),
        message: fel.message,
        params: { rule: fel.rule },
      });
    }
  });
export type Protokoll = Omit<z.output<typeof protokollSchema>, 'paragrafer'> & {
  paragrafer: (Paragraf | ParagrafNummer)[];
};

export const isFullParagraf = (p: Paragraf | ParagrafNummer): p is Paragraf => 'beslut' in p;

/**
 * The rules across fields of a protocol: §§ unique and consecutive, the justering not before the meeting and
 * within 14 days of it (KL 5 kap. 69 §, moved by söndagsregeln), the anslag not before the justering.
 */
export function protokollFel(p: Protokoll): Fel[] {
  const fel: Fel[] = [];
  const nummer = p.paragrafer.map((x) => x.nummer);
  nummer.forEach((n, i) => {
    if (nummer.indexOf(n) !== i) {
      fel.push({
        field: `paragrafer.${i}.nummer`,
        rule: 'paragraf_unik',
        message: `§ ${n} finns redan i protokollet`,
      });
    } else if (i > 0 && n <= nummer[i - 1]!) {
      // Stigande, not necessarily consecutive: the series runs per organ and year across meetings, and two
      // meetings recorded at once take turns.
      fel.push({
        field: `paragrafer.${i}.nummer`,
        rule: 'paragraf_ordning',
        message: `§ ${n} kommer efter § ${nummer[i - 1]}: paragraferna står i nummerordning`,
      });
    }
  });
  fel.push(...justeringsdagFel(p.datum, p.justering.datum, 'justering.datum'));
  if (p.justering.justerad)
    fel.push(...justeringsdagFel(p.datum, p.justering.justerad, 'justering.justerad', true));
  if (p.anslagUppsatt) {
    const justerad = p.justering.justerad;
    const omedelbart = p.paragrafer.some((x) => isFullParagraf(x) && x.omedelbartJusterad);
    if (!justerad && !omedelbart) {
      fel.push({
        field: 'anslagUppsatt',
        rule: 'anslag_efter_justering',
        message: 'anslaget kan sättas upp först när protokollet är justerat',
      });
    } else if (justerad && compareDates(p.anslagUppsatt, justerad) < 0) {
      fel.push({
        field: 'anslagUppsatt',
        rule: 'anslag_efter_justering',
        message: `anslaget ${p.anslagUppsatt} är före justeringen ${justerad}`,
      });
    }
  }
  return fel;
}

/** The last lawful day of justering: meeting + 14 days, moved by söndagsregeln (KL 5 kap. 69 §, lag 1930:173). */
export function justeringSenast(sammantrade: IsoDate): IsoDate {
  return applySondagsregeln(addDays(sammantrade, JUSTERING_DAGAR));
}

/**
 * Why `justering` is not a lawful justering day for a meeting on `sammantrade`. A planned (announced) day after
 * the last lawful day is refused; a justering that did happen late (`utford`) is recorded — the law was broken,
 * and the deadline core reports it as JUSTERING_FORSENAD — but not refused.
 */
export function justeringsdagFel(
  sammantrade: IsoDate,
  justering: IsoDate,
  field: string,
  utford = false,
): Fel[] {
  if (compareDates(justering, sammantrade) < 0) {
    return [
      {
        field,
        rule: 'justering_efter_sammantrade',
        message: `${justering} är före sammanträdet ${sammantrade}`,
      },
    ];
  }
  const senast = justeringSenast(sammantrade);
  if (!utford && compareDates(justering, senast) > 0) {
    return [
      {
        field,
        rule: 'justering_inom_14_dagar',
        message: `${justering} är efter ${senast}: protokollet ska justeras senast 14 dagar efter sammanträdet (KL 5 kap. 69 §)`,
      },
    ];
  }
  return [];
}

/** The span of §§ the protocol covers: "§ 327–365". */
export function paragraferAv(p: Protokoll): string {
  return paragrafSpann(p.paragrafer.map((x) => x.nummer));
}

/** The statutory dates of the protocol's anslag (the whole protocol's chain). */
export function fristerAv(p: Protokoll): Frister {
  return beraknaFrister({
    sammantrade: p.datum,
    ...(p.justering.justerad ? { justering: p.justering.justerad } : {}),
    ...(p.anslagUppsatt ? { anslag: p.anslagUppsatt } : {}),
  });
}

/**
 * Why a protokollsutdrag of these §§ cannot be made: a § not in the protocol, one listed by number only, or
 * one not yet justerad (an omedelbart justerad § may be extracted at once).
 */
export function utdragFel(p: Protokoll, nummer: readonly number[]): Fel[] {
  const fel: Fel[] = [];
  for (const n of nummer) {
    const paragraf = p.paragrafer.find((x) => x.nummer === n);
    if (!paragraf) {
      fel.push({
        field: 'paragraf',
        rule: 'paragraf_finns',
        message: `§ ${n} finns inte i protokollet (${paragraferAv(p)})`,
      });
    } else if (!isFullParagraf(paragraf)) {
      fel.push({
        field: 'paragraf',
        rule: 'paragraf_protokollford',
        message: `§ ${n} är bara upptagen med nummer; den är inte protokollförd i sin helhet`,
      });
    } else if (!p.justering.justerad && !paragraf.omedelbartJusterad) {
      fel.push({
        field: 'paragraf',
        rule: 'utdrag_efter_justering',
        message: `§ ${n} är inte justerad: ett protokollsutdrag kan göras först när protokollet är justerat (eller paragrafen omedelbart justerad)`,
      });
    }
  }
  return fel;
}

/** Everyone in a § 's "Beslutet skickas till", in order, each once: those who must act first. */
export function expedieringsmottagare(
  paragraf: Paragraf,
): { mottagare: string; for: 'VERKSTALLIGHET' | 'KANNEDOM' }[] {
  const seen = new Set<string>();
  const out: { mottagare: string; for: 'VERKSTALLIGHET' | 'KANNEDOM' }[] = [];
  for (const [list, why] of [
    [paragraf.skickasTill.verkstallighet, 'VERKSTALLIGHET'],
    [paragraf.skickasTill.kannedom, 'KANNEDOM'],
  ] as const) {
    for (const m of list) {
      if (seen.has(m)) continue;
      seen.add(m);
      out.push({ mottagare: m, for: why });
    }
  }
  return out;
}

/** The beslutande: ledamöter and tjänstgörande ersättare who are present at § `nummer`. */
export function beslutandeVid(narvaro: Narvaro, nummer: number): Deltagare[] {
  const present = (d: Deltagare) =>
    !d.paragrafer || (d.paragrafer.fran <= nummer && nummer <= d.paragrafer.till);
  return [...narvaro.ledamoter, ...narvaro.tjanstgorandeErsattare].filter(present);
}

/** The att-satser joined as a Swedish decision reads: "att a,", "att b, samt", "att c." */
export function attSatserMedSkiljetecken(attSatser: readonly string[]): string[] {
  return attSatser.map((sats, i) => {
    const bare = sats.replace(/[,.;]+$/, '').replace(/,? samt$/, '');
    if (i === attSatser.length - 1) return `${bare}.`;
    if (i === attSatser.length - 2) return `${bare}, samt`;
    return `${bare},`;
  });
}

function ruleOfIssue(issue: z.core.$ZodIssue): string {
  return felFromZod(new z.ZodError([issue]))[0]!.rule;
}
