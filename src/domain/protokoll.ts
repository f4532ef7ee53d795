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

/** A run of §§, "§ 327–354". */
const paragrafintervallSchema = z
  .object({ fran: z.int().min(1), till: z.int().min(1) })
  .strict()
  .refine((p) => p.fran <= p.till, {
    message: 'fran är större än till',
    params: { rule: 'paragraf_ordning' },
  });
export type Paragrafintervall = z.output<typeof paragrafintervallSchema>;

/** One run ("§ 327–354", as document 000 writes it) or several ("§§ 127–141, 144–148"): always a list. */
const paragrafintervallerSchema = z
  .union([paragrafintervallSchema, z.array(paragrafintervallSchema).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const paragrafnummerLista = z.array(z.int().min(1)).min(1);

/** Someone named in the protocol: "Anders Almgren (S), ordförande". */
export const deltagareSchema = z
  .object({
    namn: z.string().min(2),
    parti: z.string().min(1).optional(),
    /** Ordförande, 1:e vice ordförande, … (ledamöter) or a title (övriga: "kommundirektör"). */
    roll: z.string().min(1).optional(),
    /** Present only for these §§ (otherwise for all): "§ 327–355", "§§ 127–141, 144–148". */
    paragrafer: paragrafintervallerSchema.optional(),
    /** Not present (or not taking part) at these §§: "ej §§ 142–143". */
    ej: paragrafnummerLista.optional(),
    /** What the protocol adds after the §§, in its words: "p.g.a. jäv". */
    anteckning: z.string().min(1).optional(),
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

/** The votes as counted, when the protocol gives counts ("med 11 ja-röster mot 4 nej-röster"). */
const rostantalSchema = z
  .object({ ja: z.int().min(0), nej: z.int().min(0), avstar: z.int().min(0).optional() })
  .strict();

export const beslutsgangSchema = z.discriminatedUnion('typ', [
  z.object({ typ: z.literal('ACKLAMATION'), text: z.string().min(1) }).strict(),
  z
    .object({
      typ: z.literal('OMROSTNING'),
      /** The propositionsordning and the votering proposition, as the chair put them (a paragraph a line). */
      text: z.string().min(1).optional(),
      /** The voteringslista by name, when the protocol has one. */
      ja: z.array(z.string().min(2)).default([]),
      nej: z.array(z.string().min(2)).default([]),
      avstar: z.array(z.string().min(2)).default([]),
      /** The counts, when the protocol gives them; they must agree with the lists given (KL 5 kap. 67 §). */
      antal: rostantalSchema.optional(),
      /** "Kommunstyrelsen har alltså beslutat enligt …" */
      utfall: z.string().min(1),
    })
    .strict(),
]);
export type Beslutsgang = z.output<typeof beslutsgangSchema>;

/** A written statement by members: a reservation's motivation, a särskilt yttrande. */
const meningsyttringSchema = z
  .object({
    /** Who: "Magdalena Sundqvist (S)", or a group ("Socialdemokraterna"). */
    av: z.array(z.string().min(2)).min(1),
    /** The sentence as the protocol says it: "X reserverar sig mot beslutet med följande motivering:". */
    lydelse: z.string().min(1).optional(),
    /** The written text itself, a paragraph an item. */
    text: z.array(z.string().min(1)).default([]),
    /** Where the text is attached instead of written out: "Bilaga 1" (one of the §'s bilagor). */
    bilaga: z.string().min(1).optional(),
  })
  .strict();
export type Meningsyttring = z.output<typeof meningsyttringSchema>;

/** A document attached to the §: a written reservation, or a § of another organ's protocol. */
const bilagaSchema = z
  .object({
    /** "Bilaga 1". */
    beteckning: z.string().min(1),
    titel: z.string().min(2),
    text: z.array(z.string().min(1)).default([]),
    /** The bilaga is this § of another organ's protocol (its protokollsutdrag). */
    utdrag: z
      .object({ organ: z.string().min(1), datum: isoDateSchema, paragraf: z.int().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type Bilaga = z.output<typeof bilagaSchema>;

/** Who noted a jäv: the ledamot who anmäler it, or the ordförande who finds it. */
export const JAV_ANMALT_AV = ['LEDAMOTEN', 'ORDFORANDEN'] as const;

const mottagareSchema = z.string().min(2);

/** One justerare's (or the ordförande's) digital approval of a version of the protocol. */
export const signaturSchema = z
  .object({
    namn: z.string().min(2),
    /** "Ordförande", "Justerare". */
    roll: z.string().min(2),
    /** The instant of the approval, ISO 8601 with its offset. */
    tid: z.iso.datetime({ offset: true }),
    /** The protocol version approved, and the SHA-256 of that version as stored (hex). */
    version: z.int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'en SHA-256 i hex (64 tecken)'),
  })
  .strict();
export type Signatur = z.output<typeof signaturSchema>;

/** One § recorded in full: its fields (the rules across them are `paragrafensFel`). */
export const paragrafFaltSchema = z
  .object({
    nummer: z.int().min(1),
    /** The ärendemening. */
    rubrik: z.string().min(3),
    diarienummer: z.string().min(1).optional(),
    beslut: z
      .object({
        /** The section's heading when it is not "Beslut": "Beslut – Förslag till kommunfullmäktige". */
        rubrik: z.string().min(3).optional(),
        /** "Kommunstyrelsen beslutar" (with att-satser). */
        inledning: z.string().min(3).optional(),
        /** Each "att …" clause, without the joining ", samt" / "." (added when rendered). */
        attSatser: z.array(z.string().regex(/^att /, 'en att-sats börjar med "att "')).default([]),
        /** A beslut written as sentences: "Delårsrapporten godkänns." (a paragraph an item). */
        text: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .refine((b) => b.attSatser.length + b.text.length > 0, {
        message: 'skriv beslutet: som att-satser eller som text',
        path: ['attSatser'],
        params: { rule: 'beslut_finns' },
      }),
    sammanfattning: z.array(z.string().min(1)).default([]),
    yrkanden: z.array(yrkandeSchema).default([]),
    beslutsgang: beslutsgangSchema.optional(),
    reservationer: z
      .array(
        meningsyttringSchema
          .omit({ text: true })
          .extend({
            /** Document 000's form: the text after "X reserverar sig mot beslutet." (till förmån för …). */
            text: z.string().optional(),
            /** The written motivation, a paragraph an item. */
            motivering: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      )
      .default([]),
    sarskildaYttranden: z.array(meningsyttringSchema).default([]),
    protokollsanteckningar: z.array(meningsyttringSchema).default([]),
    jav: z
      .array(
        z
          .object({
            namn: z.string().min(2),
            /** Anmält by the ledamot, or noted by the ordförande. */
            anmaltAv: z.enum(JAV_ANMALT_AV).optional(),
            /** The protocol's sentence, in the kommun's wording. */
            lydelse: z.string().min(1).optional(),
            /** A note after it. */
            text: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    underlag: z.array(z.string().min(3)).default([]),
    bilagor: z.array(bilagaSchema).default([]),
    skickasTill: z
      .object({
        /** "För verkställighet eller motsvarande åtgärd:" */
        verkstallighet: z.array(mottagareSchema).default([]),
        /** "För kännedom:" */
        kannedom: z.array(mottagareSchema).default([]),
        /** A list that does not say why (Kungsbacka: "Beslutet skickas till Hallandstrafiken"): sent for kännedom. */
        mottagare: z.array(mottagareSchema).default([]),
      })
      .strict()
      .prefault({}),
    /** Justerad at the meeting (KL 5 kap. 70 §): may be extracted, posted and expedited at once. */
    omedelbartJusterad: z.boolean().default(false),
  })
  .strict();

/** Adds `fel` to a zod refinement's context, each at its field. */
export function laggTillFel(ctx: z.core.$RefinementCtx, fel: readonly Fel[]): void {
  for (const f of fel) {
    ctx.addIssue({
      code: 'custom',
      path: f.field ? f.field.split('.') : [],
      message: f.message,
      params: { rule: f.rule },
    });
  }
}

/** One § recorded in full, with its rules across fields (named by its number). */
export const paragrafSchema = paragrafFaltSchema.superRefine((p, ctx) =>
  laggTillFel(ctx, paragrafensFel(p, `§ ${p.nummer}`)),
);
export type Paragraf = z.output<typeof paragrafFaltSchema>;

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
    /** The kommun's name as every page's head shows it: "Lunds kommun". */
    kommunNamn: z.string().min(2).optional(),
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
        /** The announced day and hour of justering (a source may give only how), and how: "Digital justering". */
        datum: isoDateSchema.optional(),
        klockan: klockslag.optional(),
        plats: z.string().min(2),
        /** The day it was justerad (all signatures in), once it is. */
        justerad: isoDateSchema.optional(),
        /** Justerat, on a day the source does not give (a published protocol, signed): its §§ may be extracted. */
        justerat: z.literal(true).optional(),
        /** The whole protocol justerat at the meeting (KL 5 kap. 70 §): every § is omedelbart justerad. */
        omedelbar: z.boolean().optional(),
        /** Each justerare's digital approval: who, when, and which version of the protocol (its hash). */
        signaturer: z.array(signaturSchema).default([]),
      })
      .strict(),
    /** The day the anslag was posted on the anslagstavla, once it is. */
    anslagUppsatt: isoDateSchema.optional(),
    /** The day it was really taken down (by the workflow, or a paper board's as the sekreterare recorded it). */
    anslagNedtaget: isoDateSchema.optional(),
    /** Where the protocol is kept (the ANSLAG/BEVIS says it, KL 8 kap. 12 §); a source may not give it. */
    forvaringsplats: z.string().min(2).optional(),
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
  if (p.justering.datum) fel.push(...justeringsdagFel(p.datum, p.justering.datum, 'justering.datum'));
  if (p.justering.justerad)
    fel.push(...justeringsdagFel(p.datum, p.justering.justerad, 'justering.justerad', true));
  if (p.anslagUppsatt) {
    const justerad = p.justering.justerad;
    const omedelbart = p.paragrafer.some((x) => isFullParagraf(x) && arOmedelbartJusterad(p, x));
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
  if (p.anslagNedtaget) {
    fel.push(
      ...(p.anslagUppsatt
        ? nedtagningFel(fristerAv(p), p.anslagNedtaget, 'anslagNedtaget')
        : [
            {
              field: 'anslagNedtaget',
              rule: 'anslag_uppsatt',
              message: 'anslaget kan inte ha tagits ned: det är inte uppsatt',
            },
          ]),
    );
  }
  return fel;
}

/**
 * Why the anslag cannot have come down on `nedtagen`: before it went up, or before the day after the three weeks
 * of appeal — it must stay up the whole period, or the time to appeal does not run (KL 13 kap. 5 §).
 */
export function nedtagningFel(
  frister: Pick<Frister, 'anslag' | 'anslagNedtidigast'>,
  nedtagen: IsoDate,
  field: string,
): Fel[] {
  if (frister.anslag && compareDates(nedtagen, frister.anslag) < 0) {
    return [
      {
        field,
        rule: 'anslag_nedtaget_efter_uppsatt',
        message: `${nedtagen} är före den dag anslaget sattes upp (${frister.anslag})`,
      },
    ];
  }
  if (compareDates(nedtagen, frister.anslagNedtidigast) < 0) {
    return [
      {
        field,
        rule: 'anslag_hela_overklagandetiden',
        message: `${nedtagen} är före ${frister.anslagNedtidigast}: anslaget ska sitta uppe hela tiden för överklagande, tre veckor från den dag det sattes upp, och får tas ned tidigast dagen efter (KL 13 kap. 5 §)`,
      },
    ];
  }
  return [];
}

/** Whether the protocol is justerat: on a day recorded, or (a source's record) on a day it does not give. */
export const arJusterat = (p: Pick<Protokoll, 'justering'>): boolean =>
  p.justering.justerad !== undefined || p.justering.justerat === true;

/** Whether § `x` is justerad at the meeting: by itself, or with the whole protocol (KL 5 kap. 70 §). */
export function arOmedelbartJusterad(
  p: { justering: { omedelbar?: boolean | undefined } },
  x: Pick<Paragraf, 'omedelbartJusterad'>,
): boolean {
  return x.omedelbartJusterad || p.justering.omedelbar === true;
}

const ROSTER = [
  ['ja', 'ja-röster', 'Ja'],
  ['nej', 'nej-röster', 'Nej'],
  ['avstar', 'som avstår', 'Avstår'],
] as const;

/**
 * The rules across a §'s fields, named by `namn` ("§ 179", or "Paragrafen" before it has its number): a vote's
 * counts and its voteringslista agree where both are given, and a vote has a result (KL 5 kap. 67 §: the
 * protocol says how the vote went).
 */
export function paragrafensFel(p: Pick<Paragraf, 'beslutsgang'>, namn: string): Fel[] {
  const bg = p.beslutsgang;
  if (bg?.typ !== 'OMROSTNING') return [];
  const fel: Fel[] = [];
  const listor = bg.ja.length + bg.nej.length + bg.avstar.length;
  if (!bg.antal && listor === 0) {
    fel.push({
      field: 'beslutsgang.antal',
      rule: 'omrostning_resultat',
      message: `${namn}: omröstningen saknar resultat; ange antalet röster eller hur var och en röstade`,
    });
  }
  if (bg.antal && listor > 0) {
    for (const [lista, ord, etikett] of ROSTER) {
      const antal = bg.antal[lista];
      if (antal === undefined && lista === 'avstar' && bg.avstar.length === 0) continue;
      if ((antal ?? 0) !== bg[lista].length) {
        fel.push({
          field: `beslutsgang.antal.${lista}`,
          rule: 'rostantal_stammer',
          message: `${namn}: ${antal ?? 0} ${ord} enligt antalet, men ${bg[lista].length} namn under ${etikett} i voteringslistan`,
        });
      }
    }
  }
  return fel;
}

/** The counts of a vote: as given, else as many as its voteringslista names. */
export function rostantal(bg: Extract<Beslutsgang, { typ: 'OMROSTNING' }>): {
  ja: number;
  nej: number;
  avstar?: number;
} {
  if (bg.antal) return bg.antal;
  return { ja: bg.ja.length, nej: bg.nej.length, ...(bg.avstar.length ? { avstar: bg.avstar.length } : {}) };
}

/** A justering after the last lawful day (KL 5 kap. 69 §): done late, or not yet done when that day has passed. */
export interface Justeringsavvikelse {
  kod: 'JUSTERING_FORSENAD';
  senast: IsoDate;
  justerad?: IsoDate;
  /** In plain Swedish, citing the law. */
  text: string;
}

/**
 * JUSTERING_FORSENAD for a meeting on `sammantrade`: justerad after the last lawful day, or — not justerad yet —
 * `idag` is past it. Undefined when the justering is (or can still be) in time.
 */
export function justeringsavvikelse(
  sammantrade: IsoDate,
  justerad: IsoDate | undefined,
  idag: IsoDate,
): Justeringsavvikelse | undefined {
  const senast = justeringSenast(sammantrade);
  if (justerad) {
    return compareDates(justerad, senast) > 0
      ? {
          kod: 'JUSTERING_FORSENAD',
          senast,
          justerad,
          text: `Protokollet justerades ${justerad}, efter sista dagen för justering ${senast}: protokollet ska justeras senast 14 dagar efter sammanträdet (KL 5 kap. 69 §).`,
        }
      : undefined;
  }
  return compareDates(idag, senast) > 0
    ? {
        kod: 'JUSTERING_FORSENAD',
        senast,
        text: `Protokollet är inte justerat och sista dagen för justering var ${senast}: protokollet ska justeras senast 14 dagar efter sammanträdet (KL 5 kap. 69 §).`,
      }
    : undefined;
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
    } else if (!arJusterat(p) && !arOmedelbartJusterad(p, paragraf)) {
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
    [paragraf.skickasTill.mottagare, 'KANNEDOM'],
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
  const present = (d: Deltagare) => narvarandeVid(d, nummer);
  return [...narvaro.ledamoter, ...narvaro.tjanstgorandeErsattare].filter(present);
}

/** Whether someone was present at § `nummer`: within their §§ (if given) and not among those they were not. */
export function narvarandeVid(d: Pick<Deltagare, 'paragrafer' | 'ej'>, nummer: number): boolean {
  const inom = !d.paragrafer || d.paragrafer.some((s) => s.fran <= nummer && nummer <= s.till);
  return inom && !(d.ej ?? []).includes(nummer);
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
