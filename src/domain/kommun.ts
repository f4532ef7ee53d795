/**
 * A kommun's configuration: its organs and their reglementen, its people and their roles, how it numbers
 * ärenden and cites beslut, where the protocol is kept, its anslagstavla and its sammanträdesplan.
 * One file per kommun in `config/`; parsed once, here, at start-up.
 */
import { isoDateSchema, yearOf, type IsoDate } from './datum';
import { BESLUTSREFERENS_FALT, DIARIENUMMER_FALT, placeholders } from './numrering';
import { EVP_BESLUTSMANADER, RAPPORT_TYPER, UNDERLAG_STEG } from './rapport';
import { kontrolleraRapportslag } from './rapportkonfig';
import { UPPGIFT_TYPER } from './uppgift';
import { uppfoljningConfigSchema } from './uppfoljning/skalor';
import { z } from './validering';
import { AVSNITT } from './dokument/stil';

export const ORGAN_TYPER = ['fullmaktige', 'styrelse', 'utskott', 'namnd'] as const;
export type OrganTyp = (typeof ORGAN_TYPER)[number];

export const ROLLER = [
  'kanslichef',
  'sekreterare',
  'registrator',
  'handlaggare',
  'chef',
  'ordforande',
  'vice_ordforande',
  'justerare',
  'ledamot',
  'ersattare',
  'admin',
  'mottagare', // a recipient of protokollsutdrag who is not one person: a förvaltning, an organ's registry
  'revisor', // the revisorer's contact (sakkunnigt biträde): their bedömning and revisionsberättelse (KL 12 kap.)
] as const;
export type Roll = (typeof ROLLER)[number];

/** Roles that belong to the whole kommun rather than to one organ. */
const KOMMUNROLLER: readonly Roll[] = ['kanslichef', 'registrator', 'admin', 'mottagare', 'revisor'];

/** KL 5 kap. 13 §: the kallelse to fullmäktige is posted on the anslagstavla at least a week before. */
export const KF_KALLELSE_MINST_DAGAR = 7;

const kortnamnSchema = z
  .string()
  .regex(/^[A-ZÅÄÖ][A-ZÅÄÖ0-9-]*$/, 'skrivs med versaler, t.ex. KS eller KSAU');

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'skrivs med gemener, siffror och bindestreck');

const reglementeSchema = z
  .object({
    /** Days before the meeting the kallelse goes out (set by the reglemente; for KF at least 7). */
    kallelseDagar: z.int().min(0).max(60),
    /**
     * Days before the meeting the föredragningslista closes for new ärenden: the inlämningsdag of a report it
     * prepares. Default a week, calibrated on real plans (README, "Planning as the kommun plans").
     */
    foredragningslistaStangerDagar: z.int().min(0).max(90).default(7),
    /** Days after the meeting the justering is normally planned (the law allows at most 14). */
    justeringDagar: z.int().min(0).max(14).default(7),
  })
  .strict();

const organSchema = z
  .object({
    kortnamn: kortnamnSchema,
    namn: z.string().min(2),
    typ: z.enum(ORGAN_TYPER),
    /** For an utskott: the organ whose ärenden it prepares (bereder). */
    bereder: kortnamnSchema.optional(),
    /** The diarium its ärenden are registered in (default: its kortnamn). */
    diarium: z.string().min(1).optional(),
    /** The förvaltning that prepares its ärenden, as a tjänsteskrivelse names it ("Kommunkontoret"). */
    forvaltning: z.string().min(2).optional(),
    reglemente: reglementeSchema,
    /**
     * The organ's § series: numbered per year (the default) or per mandate period, and where it starts in a year
     * (or period) whose earlier §§ were kept outside Årshjul: `start: { '2023': 327 }`.
     */
    paragrafer: z
      .object({
        numrering: z.enum(['ar', 'mandatperiod']).default('ar'),
        start: z
          .record(z.string().regex(/^\d{4}$/, 'året skrivs med fyra siffror'), z.int().min(1))
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const rollSchema = z
  .object({
    roll: z.enum(ROLLER),
    organ: kortnamnSchema.optional(),
  })
  .strict();

const personSchema = z
  .object({
    id: slugSchema,
    namn: z.string().min(2),
    epost: z.email('måste vara en e-postadress'),
    titel: z.string().optional(),
    parti: z.string().optional(),
    roller: z.array(rollSchema).min(1),
    /** The person's own chef, told when the person's tasks are overdue. */
    chef: slugSchema.optional(),
    /** Who stands in when the person is away, in order. */
    ersattare: z.array(slugSchema).default([]),
  })
  .strict();

/** Reminder and escalation rules for human tasks (design.md §1; defaults: 7 and 1 days before, and the morning of the due date). */
const uppgiftsreglerSchema = z
  .object({
    paminnelseDagar: z.array(z.int().min(0).max(60)).default([7, 1, 0]),
    eskaleringIntervallDagar: z.int().min(1).max(60).default(7),
    /**
     * Days after the due date after which an overdue task is no longer escalated: the kanslichef gets one last
     * notice that escalation has stopped and the task is still open. Eight weeks unless the kommun says.
     */
    eskaleringHorisontDagar: z.int().min(1).max(366).default(56),
    utskickKlockan: z
      .string()
      .regex(/^\d{2}\.\d{2}$/, 'skrivs tt.mm, t.ex. 08.00')
      .default('08.00'),
    /** Other reminder days for one kind of task, e.g. `godkannande: [2, 0]`. */
    paminnelseDagarPerTyp: z
      .partialRecord(z.enum(UPPGIFT_TYPER), z.array(z.int().min(0).max(60)))
      .default({}),
  })
  .strict();

/**
 * How the årshjul plans a report (src/domain/planering.ts, src/domain/motesval.ts). The defaults are calibrated
 * on real sammanträdesplaner (config/examples/planer/, README "Planning as the kommun plans").
 */
const rapportreglerSchema = z
  .object({
    /**
     * Working days the handläggare has at least between the period end (or the EVP's KF beslut) and the
     * inlämning, which is due the day the preparing meeting's föredragningslista closes.
     */
    minstArbetsdagarEfterPeriodslut: z
      .object({
        delarsrapport: z.int().min(0).max(90).default(3),
        arsredovisning: z.int().min(0).max(120).default(36),
        verksamhetsplan: z.int().min(0).max(90).default(10),
      })
      .strict()
      .prefault({}),
    /**
     * The utskott that prepares meets at least this many days before the deciding meeting, so its förslag goes
     * out with the deciding organ's kallelse.
     */
    beredningMinstDagarForeBeslut: z.int().min(0).max(60).default(8),
    /** The chef's approval is due this many days before the inlämningsdag. */
    godkannandeDagarForeInlamning: z.int().min(0).max(30).default(2),
    /** Days the chef has to approve: the draft is due this long before the approval. */
    godkannandeTidDagar: z.int().min(1).max(30).default(3),
    /** Days the handläggare has for the draft, when the period end leaves that many. */
    utkastTidDagar: z.int().min(1).max(90).default(14),
    /** Days between the deciding meeting and the KF meeting the report goes on to, at least. */
    kfMinstDagarEfterBeslut: z.int().min(0).max(90).default(8),
    /** Days the nämnder have for their budgetunderlag to the EVP. */
    budgetunderlagTidDagar: z.int().min(1).max(120).default(30),
  })
  .strict();

/** A kind of report as the kommun names and times it (src/domain/rapport.ts). */
const rapportslagSchema = z
  .object({
    id: slugSchema,
    typ: z.enum(RAPPORT_TYPER),
    /** A delårsrapport's period end, `MM-DD`: the last day of a month (03-31, 04-30, 06-30, 08-31). */
    periodslut: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(28|29|30|31)$/, 'skrivs MM-DD, en månads sista dag, t.ex. 08-31')
      .optional(),
    titel: z.string().min(3).optional(),
    tillFullmaktige: z.boolean().optional(),
    /**
     * A follow-up that is not the kommun's statutory delårsrapport (e.g. Ekerö's "verksamhetsredovisning per
     * mars"): KL 11 kap. 16 § does not bind its handover.
     */
    lagstadgad: z.boolean().optional(),
    namndernasUnderlag: z.enum(UNDERLAG_STEG).optional(),
    /** Overrides `regler.rapporter.minstArbetsdagarEfterPeriodslut` for this kind. */
    minstArbetsdagar: z.int().min(0).max(90).optional(),
    beslutsmanad: z.enum(EVP_BESLUTSMANADER).optional(),
    beredning: kortnamnSchema.optional(),
    underlagFran: z.array(kortnamnSchema).optional(),
  })
  .strict();

/** How the årshjul runs a kommun's meetings (src/domain/sammantrade.ts). */
const sammantradesreglerSchema = z
  .object({
    /** A meeting's workflow starts this many days before its föredragningslista closes. */
    startDagarForeForedragningslistan: z.int().min(0).max(90).default(14),
    /** Days a recipient of a protokollsutdrag has to acknowledge it. */
    kvittensDagar: z.int().min(1).max(60).default(7),
  })
  .strict();

/** Which reports an organ produces each year (src/domain/rapport.ts). */
const rapportplikterSchema = z
  .object({
    organ: kortnamnSchema,
    slag: z.array(slugSchema).min(1),
  })
  .strict();

/** A planned meeting: a date, or a date with time and place. Always parsed to the long form. */
const sammantradeSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { datum: value } : value),
  z
    .object({
      datum: isoDateSchema,
      tid: z
        .string()
        .regex(/^\d{2}\.\d{2}$/, 'skrivs tt.mm, t.ex. 14.00')
        .optional(),
      plats: z.string().optional(),
      /** The reports this meeting takes, as the sammanträdesplan says ("Delårsrapport: KSAU 30/9, KS 14/10"). */
      rapporter: z.array(slugSchema).min(1).optional(),
    })
    .strict(),
);

export const kommunConfigSchema = z
  .object({
    kommun: z
      .object({
        id: slugSchema,
        namn: z.string().min(2),
      })
      .strict(),
    diarienummer: z.object({ format: z.string() }).strict(),
    beslutsreferens: z.object({ format: z.string() }).strict(),
    protokoll: z
      .object({
        forvaringsplats: z.string().min(2),
        /**
         * The anslag goes up this many days after the justering (KL 8 kap. 12 §: no later than the 2nd day; the
         * last day moved by söndagsregeln). Lund posts the next day (document 000: justerat 2023-10-18, 19th).
         */
        anslagDagarEfterJustering: z.int().min(0).max(2).default(0),
        /**
         * The kommun's seal for justerade protocols and their utdrag (PAdES): a PKCS#12 file (beside the config,
         * or an absolute path; never committed) and the environment variable that holds its password.
         */
        sigill: z
          .object({
            p12: z.string().min(1),
            losenordMiljovariabel: z
              .string()
              .regex(/^[A-Z][A-Z0-9_]*$/, 'en miljövariabel, t.ex. LUND_SIGILL_LOSENORD'),
          })
          .strict()
          .optional(),
        /** The kommun's logo on every page of its protocols: a PNG file beside the config file. */
        logotyp: z
          .string()
          .regex(/^[^/\\]+\.png$/, 'en PNG-fil bredvid konfigurationsfilen, t.ex. lund-logotyp.png')
          .optional(),
        /** The kommun's words and order where they differ from Lund's (src/domain/dokument/stil.ts). */
        stil: z
          .object({
            sidfot: z.array(z.string().min(1)).max(3).optional(),
            tjanstgorFor: z.string().min(2).optional(),
            diarienummer: z.string().min(2).optional(),
            rubriker: z.partialRecord(z.enum(AVSNITT), z.string().min(2)).optional(),
            ordning: z.array(z.enum(AVSNITT)).optional(),
            jav: z
              .object({
                LEDAMOTEN: z.string().includes('{namn}').optional(),
                ORDFORANDEN: z.string().includes('{namn}').optional(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    anslagstavla: z
      .object({
        url: z.url('måste vara en webbadress (https://…)'),
        /** A board of paper: the sekreterare records the day the anslag came down (Årshjul cannot see it). */
        papper: z.boolean().optional(),
      })
      .strict(),
    organ: z.array(organSchema).min(1),
    personer: z.array(personSchema).min(1),
    regler: z
      .object({
        uppgifter: uppgiftsreglerSchema.prefault({}),
        rapporter: rapportreglerSchema.prefault({}),
        sammantraden: sammantradesreglerSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    /** The kommun's document templates, paths relative to config/ (default: config/mallar/…). */
    mallar: z
      .object({
        tjansteskrivelse: z
          .string()
          .regex(/\.docx$/, 'en .docx-fil')
          .optional(),
      })
      .strict()
      .optional(),
    /** Limits for the ärenden's documents. */
    dokument: z
      .object({
        /** The largest upload, in MB (issue: default 25). */
        maxStorlekMb: z.number().positive().max(500).default(25),
        /** The kallelse mail attaches the ärenden's approved documents while they weigh at most this. */
        kallelseBilagorMaxMb: z.number().min(0).max(100).default(10),
      })
      .strict()
      .prefault({}),
    /** The kommun's own kinds of report (besides, or instead of, the defaults of src/domain/rapport.ts). */
    rapportslag: z.array(rapportslagSchema).optional(),
    /** The kommun's words for following a report up: its scales, statuses and what the chef's approval requires. */
    uppfoljning: uppfoljningConfigSchema.prefault({}),
    /** The reports each organ produces in its year. */
    rapporter: z.array(rapportplikterSchema).default([]),
    /** Meetings per year and organ: `2023: { KS: [2023-10-11, …] }`. */
    sammantradesplan: z.record(
      z.string().regex(/^\d{4}$/, 'året skrivs med fyra siffror'),
      z.record(kortnamnSchema, z.array(sammantradeSchema)),
    ),
  })
  .strict()
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], rule: string, message: string) =>
      ctx.addIssue({ code: 'custom', path, message, params: { rule } });

    checkFormat(config.diarienummer.format, DIARIENUMMER_FALT, ['diarienummer', 'format'], issue);
    checkFormat(config.beslutsreferens.format, BESLUTSREFERENS_FALT, ['beslutsreferens', 'format'], issue);

    const organNames = config.organ.map((o) => o.kortnamn);
    const known = new Set(organNames);
    const list = organNames.join(', ');
    duplicates(organNames).forEach((i) =>
      issue(['organ', i, 'kortnamn'], 'unikt_kortnamn', `${organNames[i]} finns redan`),
    );
    config.organ.forEach((organ, i) => {
      if (organ.typ === 'utskott' && organ.bereder === undefined) {
        issue(
          ['organ', i, 'bereder'],
          'utskott_bereder',
          'ett utskott måste ange vilket organ det bereder åt',
        );
      }
      if (organ.bereder !== undefined && (!known.has(organ.bereder) || organ.bereder === organ.kortnamn)) {
        issue(['organ', i, 'bereder'], 'organ_finns', `okänt organ "${organ.bereder}" (finns: ${list})`);
      }
      if (organ.typ === 'fullmaktige' && organ.reglemente.kallelseDagar < KF_KALLELSE_MINST_DAGAR) {
        issue(
          ['organ', i, 'reglemente', 'kallelseDagar'],
          'kf_kallelse_en_vecka',
          `kallelsen till fullmäktige ska anslås minst en vecka före sammanträdet (KL 5 kap. 13 §): minst ${KF_KALLELSE_MINST_DAGAR} dagar`,
        );
      }
    });
    if (config.organ.filter((o) => o.typ === 'fullmaktige').length > 1) {
      issue(['organ'], 'ett_fullmaktige', 'en kommun har ett fullmäktige');
    }

    const ids = config.personer.map((p) => p.id);
    const people = new Set(ids);
    duplicates(ids).forEach((i) => issue(['personer', i, 'id'], 'unikt_id', `${ids[i]} finns redan`));
    const mails = config.personer.map((p) => p.epost.toLowerCase());
    duplicates(mails).forEach((i) =>
      issue(['personer', i, 'epost'], 'unik_epost', `${mails[i]} används redan av en annan person`),
    );
    config.personer.forEach((person, i) => {
      person.roller.forEach((r, j) => {
        if (r.organ !== undefined && !known.has(r.organ)) {
          issue(
            ['personer', i, 'roller', j, 'organ'],
            'organ_finns',
            `okänt organ "${r.organ}" (finns: ${list})`,
          );
        }
        if (r.organ === undefined && !KOMMUNROLLER.includes(r.roll)) {
          issue(
            ['personer', i, 'roller', j, 'organ'],
            'roll_kraver_organ',
            `rollen ${r.roll} gäller ett organ: ange organ`,
          );
        }
      });
      if (person.chef !== undefined && (!people.has(person.chef) || person.chef === person.id)) {
        issue(['personer', i, 'chef'], 'person_finns', `okänd person "${person.chef}"`);
      }
      person.ersattare.forEach((e, j) => {
        if (!people.has(e) || e === person.id)
          issue(['personer', i, 'ersattare', j], 'person_finns', `okänd person "${e}"`);
      });
    });
    config.rapporter.forEach((plikt, i) => {
      const organ = config.organ.find((o) => o.kortnamn === plikt.organ);
      if (!organ) {
        issue(['rapporter', i, 'organ'], 'organ_finns', `okänt organ "${plikt.organ}" (finns: ${list})`);
      } else if (organ.typ === 'utskott' || organ.typ === 'fullmaktige') {
        issue(
          ['rapporter', i, 'organ'],
          'rapporterande_organ',
          `${plikt.organ} är ${organ.typ}; rapporter tas fram av styrelsen och nämnderna`,
        );
      } else {
        for (const roll of ['handlaggare', 'chef', 'sekreterare'] as const) {
          if (
            !config.personer.some((p) => p.roller.some((r) => r.roll === roll && r.organ === plikt.organ))
          ) {
            issue(
              ['rapporter', i, 'organ'],
              'roll_finns',
              `ingen person har rollen ${roll} för ${plikt.organ}, som rapporterna behöver`,
            );
          }
        }
      }
    });
    kontrolleraRapportslag(config, issue);
    if (!config.personer.some((p) => p.roller.some((r) => r.roll === 'kanslichef'))) {
      issue(
        ['personer'],
        'kanslichef_finns',
        'minst en person måste ha rollen kanslichef (eskaleringar går dit)',
      );
    }

    for (const [year, perOrgan] of Object.entries(config.sammantradesplan)) {
      for (const [organ, meetings] of Object.entries(perOrgan)) {
        if (!known.has(organ)) {
          issue(['sammantradesplan', year, organ], 'organ_finns', `okänt organ "${organ}" (finns: ${list})`);
        }
        const dates = meetings.map(datumOf);
        dates.forEach((date, k) => {
          if (String(yearOf(date)) !== year) {
            issue(
              ['sammantradesplan', year, organ, k, 'datum'],
              'datum_inom_aret',
              `${date} ligger inte under år ${year}`,
            );
          } else if (k > 0 && date <= (dates[k - 1] as IsoDate)) {
            issue(
              ['sammantradesplan', year, organ, k, 'datum'],
              'stigande_datum',
              `${date} måste komma efter ${dates[k - 1]}`,
            );
          }
        });
      }
    }
  });

export type KommunConfig = z.output<typeof kommunConfigSchema>;
export type Organ = KommunConfig['organ'][number];
export type Person = KommunConfig['personer'][number];
export type SammantradePlan = z.output<typeof sammantradeSchema>;

export function datumOf(meeting: SammantradePlan): IsoDate {
  return meeting.datum;
}

function duplicates(values: string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) !== i ? [i] : []));
}

function checkFormat(
  format: string,
  allowed: readonly string[],
  path: string[],
  issue: (path: string[], rule: string, message: string) => void,
) {
  const used = placeholders(format);
  const unknown = used.filter((p) => !allowed.includes(p));
  const missing = allowed.filter((p) => !used.includes(p));
  if (unknown.length > 0 || missing.length > 0) {
    issue(
      path,
      'format_falt',
      `formatet "${format}" ska använda {${allowed.join('}, {')}}` +
        (unknown.length > 0 ? `; okänt: {${unknown.join('}, {')}}` : '') +
        (missing.length > 0 ? `; saknas: {${missing.join('}, {')}}` : ''),
    );
  }
}

/** A person's name from the config; an id no longer there stays an id. */
export function personNamn(config: Pick<KommunConfig, 'personer'>, id: string): string {
  return config.personer.find((p) => p.id === id)?.namn ?? id;
}

/** The kommun's kanslichefer: escalations, plan warnings and undeliverable mail go to them. */
export function kanslichefer(config: Pick<KommunConfig, 'personer'>): Person[] {
  return config.personer.filter((p) => p.roller.some((r) => r.roll === 'kanslichef'));
}

/**
 * The people who can hold a task (be assigned, delegated to, or justera): everyone in the config but the
 * mottagare, which are recipients of protokollsutdrag (a förvaltning, an organ's registry), not persons.
 */
export function uppgiftspersoner<P extends KommunConfig['personer'][number]>(personer: readonly P[]): P[] {
  return personer.filter((p) => p.roller.some((r) => r.roll !== 'mottagare'));
}
