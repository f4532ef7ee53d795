/**
 * The kommun's own words for following up a report (config `uppfoljning:`): the steps of its bedömning of a mål,
 * the statuses of an uppdrag, its trend arrows, what each kind of report must have filled in before the chef
 * approves it, and how its economy counts the avvikelse. Kommuner differ in all of these (domain-brief.md §4,
 * "Status vocabularies"): Lund writes "Bedömer att målet kommer klaras" and Pågående / Avslutad / Försenad / Ej
 * påbörjad (000:389, 595–695), Linköping "bedöms uppnås / delvis uppnått" and Genomförd / Pågår / Kvarstår
 * (003:242–460), Eskilstuna ● / ◐ and ✓ Klart / Försenat (004:103–174); Vårgårda's middle step means "delvis
 * *or* cannot be assessed". So the model keeps the source's wording and counts by the kommun's own steps.
 */
import { RAPPORT_TYPER } from '../rapport';
import { z } from '../validering';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'skrivs med gemener, siffror och bindestreck');

/** One step of a scale as the kommun writes it. */
const stegSchema = z
  .object({
    id: idSchema,
    /** The kommun's words for it, as its reports write them ("Bedömer att målet kommer klaras"). */
    text: z.string().min(1),
    /** A short name for counts and tables ("klaras", "Pågår"); default: the text. */
    kort: z.string().min(1).optional(),
    /** The symbol the kommun's reports show for it (●, ◐, ✓, 😊, →). */
    symbol: z.string().min(1).optional(),
    /**
     * Other wordings that mean this step, matched at the start of what a row says: "bedöms uppnås vid helår 2024"
     * is Linköping's "bedöms uppnås"; "Genomförd. Hanteras och följs upp inom VÄNs internbudget" is Genomförd.
     */
    alias: z.array(z.string().min(1)).default([]),
    /**
     * An uppdrag's status that closes it: it is not followed up in later periods (Genomförd, Avslutad by KF's
     * beslut, Utgår). An uppdrag with any other status carries over to the next period and year.
     */
    avslutar: z.boolean().default(false),
  })
  .strict();
export type Steg = z.output<typeof stegSchema>;

/** What the chef's approval requires of a report of one kind (issue 17, "the gate"). */
const kravSchema = z
  .object({
    /** Every mål has a bedömning. */
    malBedomning: z.boolean().default(true),
    /** Every indikator has a prognos (a delårsrapport's helårsprognos; not an årsredovisning's). */
    indikatorPrognos: z.boolean().default(true),
    /** Every open uppdrag has this period's status … */
    uppdragStatus: z.boolean().default(true),
    /** … and a kommentar. */
    uppdragKommentar: z.boolean().default(true),
    /** Every line of the economy has its helårsprognos. */
    ekonomiPrognos: z.boolean().default(true),
  })
  .strict();
export type UppfoljningsKrav = z.output<typeof kravSchema>;

export const AVVIKELSE_REGLER = ['prognos-minus-budget', 'budget-minus-prognos'] as const;

const stegLista = (min: number) =>
  z
    .array(stegSchema)
    .min(min)
    .superRefine((steg, ctx) => {
      const ids = steg.map((s) => s.id);
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            message: `${id} finns redan`,
            params: { rule: 'unikt_id' },
          });
      });
      // The same wording for two steps would make a row's meaning depend on the order of the list.
      const sett = new Map<string, string>();
      steg.forEach((s, i) => {
        for (const ord of ordFor(s)) {
          const forra = sett.get(ord);
          if (forra !== undefined && forra !== s.id) {
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `"${ord}" betyder redan ${forra}`,
              params: { rule: 'entydig_skala' },
            });
          }
          sett.set(ord, s.id);
        }
      });
    });

/** The defaults, in the words most kommuner use (a kommun writes its own in its config). */
const STANDARD_BEDOMNING = [
  {
    id: 'uppnas',
    text: 'Målet bedöms uppnås',
    kort: 'uppnås',
    alias: ['bedöms uppnås', 'uppnås', 'uppnått'],
  },
  {
    id: 'delvis',
    text: 'Målet bedöms delvis uppnås',
    kort: 'delvis',
    alias: ['bedöms delvis', 'delvis'],
  },
  {
    id: 'ej',
    text: 'Målet bedöms inte uppnås',
    kort: 'inte',
    alias: ['bedöms inte', 'bedöms ej', 'ej', 'inte'],
  },
];
const STANDARD_STATUS = [
  { id: 'genomford', text: 'Genomförd', alias: ['genomfört', 'klar'], avslutar: true },
  { id: 'pagar', text: 'Pågår', alias: ['pågående'] },
  { id: 'ej-paborjad', text: 'Ej påbörjad', alias: ['inte påbörjad'] },
  { id: 'forsenad', text: 'Försenad', alias: ['försenat'] },
  { id: 'avslutad', text: 'Avslutad', alias: ['avslutat'], avslutar: true },
];

export const uppfoljningConfigSchema = z
  .object({
    /** The steps of a mål's bedömning, best first. */
    bedomning: stegLista(2).prefault(STANDARD_BEDOMNING),
    /** An uppdrag's statuses. */
    uppdragsstatus: stegLista(2).prefault(STANDARD_STATUS),
    /** A mål's trend (Eskilstuna's ↗ → ↘); none by default. */
    trend: stegLista(0).default([]),
    ekonomi: z
      .object({
        /** The unit the economy is written in. */
        enhet: z.enum(['mnkr', 'tkr']).default('mnkr'),
        /**
         * How the kommun signs the avvikelse (positive is favourable in all three sources, computed differently,
         * domain-brief.md §4): Lund and Eskilstuna write costs negative, so prognos − budget; Linköping writes
         * nettokostnader positive, so budget − prognos (003:131–140).
         */
        avvikelse: z.enum(AVVIKELSE_REGLER).default('prognos-minus-budget'),
      })
      .strict()
      .prefault({}),
    /**
     * What the chef's approval requires, per kind of report: by the kind's id (`delarsrapport-augusti`) or its
     * type (`delarsrapport`). A kind named by neither has no follow-up.
     */
    krav: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), kravSchema)
      .prefault({ delarsrapport: {}, arsredovisning: { indikatorPrognos: false } }),
  })
  .strict();
export type UppfoljningConfig = z.output<typeof uppfoljningConfigSchema>;

/** The defaults as a config (for a kommun without `uppfoljning:`). */
export const STANDARD_UPPFOLJNING: UppfoljningConfig = uppfoljningConfigSchema.parse({});

/** What a report of kind `slag` (of type `typ`) must have filled in, or undefined when it has no follow-up. */
export function kravFor(config: UppfoljningConfig, slag: string, typ: string): UppfoljningsKrav | undefined {
  return config.krav[slag] ?? config.krav[typ];
}

/** The report types a `krav` key may name besides a kind's id. */
export const KRAV_TYPER = RAPPORT_TYPER;

/** A text compared as a reader would: case, spacing, trailing punctuation and a leading "*" do not matter. */
export function normalisera(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('sv-SE')
    .replace(/\s+/g, ' ')
    .replace(/^[\s*]+|[\s.,;:!]+$/g, '');
}

/** Every wording that means step `s`: its id, text, short name, symbol and aliases. */
function ordFor(s: Steg): string[] {
  return [s.id, s.text, s.kort, s.symbol, ...s.alias]
    .filter((t): t is string => t !== undefined)
    .map(normalisera)
    .filter((t) => t.length > 0);
}

/**
 * The step of `skala` that `text` means: the one whose wording is all of the text or begins it (followed by a
 * space or punctuation), the longest such wording winning — so a sentence status ("Genomförd. Hanteras och följs
 * upp inom VÄNs internbudget", "Uppdraget bedöms inte bli genomfört under året") keeps its words and still counts.
 */
export function klassa(text: string, skala: readonly Steg[]): Steg | undefined {
  const t = normalisera(text);
  if (!t) return undefined;
  let basta: { steg: Steg; langd: number } | undefined;
  for (const steg of skala) {
    for (const ord of ordFor(steg)) {
      const traff = t === ord || (t.startsWith(ord) && /^[\s.,;:!()–-]/.test(t.slice(ord.length)));
      if (traff && (!basta || ord.length > basta.langd)) basta = { steg, langd: ord.length };
    }
  }
  return basta?.steg;
}

/** A step's short name, for counts ("12 uppnås"). */
export const kortNamn = (s: Steg) => s.kort ?? s.text;

/** The allowed wordings of a scale, for a refusal: "Pågående, Avslutad, Försenad eller Ej påbörjad". */
export function tillatna(skala: readonly Steg[]): string {
  const namn = skala.map((s) => s.kort ?? s.text);
  return namn.length <= 1 ? (namn[0] ?? '') : `${namn.slice(0, -1).join(', ')} eller ${namn.at(-1)}`;
}
