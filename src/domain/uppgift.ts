/**
 * The human task ("uppgift"): one mechanism for every task in Årshjul — a draft to write, a report to approve,
 * an ärende to register, a protocol to justera, an utdrag to acknowledge. A task is assigned to one person, has
 * a due date with reminders and escalation, can be delegated or reassigned, and ends when its assignee (or a
 * delegate, or the kanslichef) completes, approves or returns it. Every transition is an event in its history.
 *
 * This file is the pure state machine: who may do what, and what each command does. The workflow that runs it
 * is src/workflows/uppgift.ts.
 */
import { isoDateSchema, type IsoDate } from './datum';
import type { Sparfel } from './sparfel';
import { sparbarText, z, type Fel } from './validering';

/** What kind of task: decides which commands end it and which reminder rules apply (config `regler.uppgifter`). */
export const UPPGIFT_TYPER = [
  'budgetunderlag', // a nämnd's handläggare hands in its budgetunderlag to the EVP
  'utkast', // the handläggare writes the report / tjänsteskrivelse
  'godkannande', // the chef approves or returns it
  'registrering', // the registrator registers the ärende (diarienummer)
  'beredning', // the sekreterare puts it on the arbetsutskott's föredragningslista
  'beslut', // the sekreterare records the beslut of the deciding organ
  'overlamning', // the sekreterare sends it on to KF and the revisorer
  'revisorer', // the revisorer's contact hands in their bedömning or revisionsberättelse (KL 12 kap.)
  'fullmaktige', // the KF sekreterare records fullmäktige's beslut
  'protokoll', // the sekreterare records the protocol of a sammanträde and sends it for justering
  'justering', // the ordförande or a justerare approves the protocol, or objects per § with a comment
  'kvittens', // a recipient of a protokollsutdrag acknowledges it (expediering)
] as const;
export type UppgiftTyp = (typeof UPPGIFT_TYPER)[number];

/** Approval tasks end by godkann or returnera; every other kind ends by slutfor. */
export const GODKANNANDE_TYPER: readonly UppgiftTyp[] = ['godkannande', 'justering'];

export type UppgiftStatus = 'OPPEN' | 'KLAR' | 'GODKAND' | 'RETURNERAD' | 'AVBRUTEN';

const personIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ett person-id ur konfigurationen, t.ex. kanslichef');
const kommentarSchema = sparbarText().trim().min(1).max(4000);

/** Everything a task workflow needs, fixed when it starts (resolved from the config by its process). */
export const uppgiftSpecSchema = z
  .object({
    id: z.string().min(1),
    kommun: z.string().min(1),
    organ: z.string().min(1).optional(),
    typ: z.enum(UPPGIFT_TYPER),
    titel: z.string().min(1),
    beskrivning: z.string().optional(),
    /** The process tells the assignee itself (e.g. the protokollsutdrag mail is the news of a kvittens task). */
    utanNyMail: z.boolean().optional(),
    /** The process this task is a step of (for the register, the mail and the link). */
    process: z.object({ id: z.string().min(1), titel: z.string().min(1) }).strict(),
    tilldelad: personIdSchema,
    forfaller: isoDateSchema,
    /** Days before the due date on which to remind; 0 is the morning of the due date. */
    paminnelseDagar: z.array(z.int().min(0).max(60)),
    /** Days between escalations once the task is overdue. */
    eskaleringIntervallDagar: z.int().min(1).max(60),
    /**
     * Days after the due date after which escalation stops, with one last notice to the kanslichef (config
     * `regler.uppgifter.eskaleringHorisontDagar`). Absent on tasks started before it was set: eight weeks.
     */
    eskaleringHorisontDagar: z.int().min(1).max(366).optional(),
    /** Local time of day (Europe/Stockholm) at which reminders and escalations go out, "08.00". */
    utskickKlockan: z.string().regex(/^\d{2}\.\d{2}$/),
    /** The kanslichefer: they may act on any task, reassign it and move its due date; told when it is overdue. */
    kanslichefer: z.array(personIdSchema).min(1),
    /** Every person of the kommun, for checking whom a task is delegated or reassigned to. */
    personer: z.array(personIdSchema).min(1),
    /** Each person's chef (from the config), also told when the person's task is overdue. */
    chefer: z.record(z.string(), personIdSchema).default({}),
    /** A revision after the chef returned the report: the comment and who returned it. */
    retur: z.object({ kommentar: kommentarSchema, av: personIdSchema }).strict().optional(),
    /** The styrelse's draft: the nämnder's reports it is built on (src/domain/planering.ts `underlag`). */
    underlag: z
      .array(
        z
          .object({
            rapportId: z.string().min(1),
            titel: z.string().min(1),
            organ: z.string().min(1),
            diarienummer: z.string().min(1).optional(),
            /** Where the nämnd's report was decided: `VON 2026-09-17`. */
            beslut: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    /**
     * Already late when a year was started mid-year: the assignee and the kanslichef hear of it in one digest
     * from the årshjul, not by a mail of its own and a catch-up escalation.
     */
    samladAvisering: z.boolean().optional(),
    /** A justering: the §§ of the protocol, the only ones a justerare can object to. */
    paragrafer: z.array(z.int().min(1)).optional(),
    /**
     * A report's approval: whether the kommun requires a follow-up of the report's kind, which the chef's Godkänn
     * then waits for (issue 17). Absent on tasks started before it was set: they are checked too.
     */
    uppfoljning: z.boolean().optional(),
  })
  .strict();
export type UppgiftSpec = z.output<typeof uppgiftSpecSchema>;

export const slutforSchema = z
  .object({ aktor: personIdSchema, kommentar: kommentarSchema.optional() })
  .strict();
/** The versions of the ärende's documents the approver saw when they approved (src/domain/arendedokument.ts). */
export const godkandaDokumentSchema = z
  .array(
    z
      .object({
        id: z.string().min(1).max(100),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'en SHA-256 i hex (64 tecken)'),
      })
      .strict(),
  )
  .max(200);
export const godkannSchema = z
  .object({
    aktor: personIdSchema,
    kommentar: kommentarSchema.optional(),
    dokument: godkandaDokumentSchema.optional(),
  })
  .strict();
export const returneraSchema = z
  .object({
    aktor: personIdSchema,
    kommentar: kommentarSchema,
    /** The §§ objected to, when a justerare returns a protocol (all of it when left out). */
    paragrafer: z.array(z.int().min(1)).min(1).optional(),
  })
  .strict();
export const delegeraSchema = z
  .object({ aktor: personIdSchema, till: personIdSchema, kommentar: kommentarSchema.optional() })
  .strict();
export const tilldelaOmSchema = delegeraSchema;
export const andraForfallodagSchema = z
  .object({ aktor: personIdSchema, forfaller: isoDateSchema, kommentar: kommentarSchema.optional() })
  .strict();
/** The kanslichef reminds the assignee now, outside the planned reminders. */
export const paminnSchema = z
  .object({ aktor: personIdSchema, kommentar: kommentarSchema.optional() })
  .strict();

export type Kommando =
  | ({ typ: 'slutfor' } & z.output<typeof slutforSchema>)
  | ({ typ: 'godkann' } & z.output<typeof godkannSchema>)
  | ({ typ: 'returnera' } & z.output<typeof returneraSchema>)
  | ({ typ: 'delegera' } & z.output<typeof delegeraSchema>)
  | ({ typ: 'tilldelaOm' } & z.output<typeof tilldelaOmSchema>)
  | ({ typ: 'andraForfallodag' } & z.output<typeof andraForfallodagSchema>)
  | ({ typ: 'paminn' } & z.output<typeof paminnSchema>);

export type HandelseTyp =
  | 'SKAPAD'
  | 'SLUTFORD'
  | 'GODKAND'
  | 'RETURNERAD'
  | 'DELEGERAD'
  | 'OMTILLDELAD'
  | 'FORFALLODAG_ANDRAD'
  | 'PAMINNELSE'
  | 'ESKALERING'
  | 'AVBRUTEN';

/** One entry in a task's history (and in the register's task events and audit log). */
export interface Handelse {
  /** 1, 2, 3 … within the task: with the task id, the idempotency key of the register write. */
  seq: number;
  typ: HandelseTyp;
  /** Epoch ms (workflow time). */
  tid: number;
  /** Who acted (a person id); absent for what the system did (reminders, escalations). */
  aktor?: string;
  /** When the actor acted for someone else: the assignee. */
  paUppdragAv?: string;
  kommentar?: string;
  /** The new assignee, delegate or due date, or who was told. */
  till?: string;
  forfaller?: IsoDate;
  mottagare?: string[];
  /** A justerare's objection: the §§ it concerns. */
  paragrafer?: number[];
  /** An approval: the versions of the ärende's documents the approver saw. */
  dokument?: { id: string; sha256: string }[];
}

export interface UppgiftState {
  spec: UppgiftSpec;
  status: UppgiftStatus;
  tilldelad: string;
  delegater: string[];
  forfaller: IsoDate;
  historik: Handelse[];
  /** Keys of the reminders and escalations already sent (src/domain/paminnelser.ts). */
  skickat: string[];
  /** The register refused the last write, which is undone (src/domain/sparfel.ts); cleared by the next command. */
  sparfel?: Sparfel;
}

/** What the task ends with, for the process that waits on it. */
export interface UppgiftUtfall {
  status: Exclude<UppgiftStatus, 'OPPEN'>;
  aktor?: string;
  paUppdragAv?: string;
  kommentar?: string;
  /** The §§ a justerare objected to. */
  paragrafer?: number[];
  /** The document versions an approval bound. */
  dokument?: { id: string; sha256: string }[];
  tid: number;
}

export function nyUppgift(spec: UppgiftSpec, now: number): UppgiftState {
  return {
    spec,
    status: 'OPPEN',
    tilldelad: spec.tilldelad,
    delegater: [],
    forfaller: spec.forfaller,
    historik: [{ seq: 1, typ: 'SKAPAD', tid: now, till: spec.tilldelad, forfaller: spec.forfaller }],
    skickat: [],
  };
}

const KOMMANDO_NAMN: Record<Kommando['typ'], string> = {
  slutfor: 'slutföra',
  godkann: 'godkänna',
  returnera: 'returnera',
  delegera: 'delegera',
  tilldelaOm: 'tilldela om',
  andraForfallodag: 'ändra förfallodagen för',
  paminn: 'påminna om',
};

/** The same, as "den kan inte …": the passive of each command. */
const KOMMANDO_PASSIV: Record<Kommando['typ'], string> = {
  slutfor: 'slutföras',
  godkann: 'godkännas',
  returnera: 'returneras',
  delegera: 'delegeras',
  tilldelaOm: 'tilldelas om',
  andraForfallodag: 'få en ny förfallodag',
  paminn: 'få en påminnelse',
};

/** A task's status as a refusal says it: "uppgiften är redan slutförd". */
export const STATUS_TEXT: Record<UppgiftStatus, string> = {
  OPPEN: 'öppen',
  KLAR: 'redan slutförd',
  GODKAND: 'redan godkänd',
  RETURNERAD: 'redan returnerad',
  AVBRUTEN: 'avbruten',
};

/**
 * Why `kommando` cannot be applied to a task whose workflow has closed, from its last state: the rule it breaks,
 * or that the task is no longer active (`hur`: how its workflow ended, when known).
 */
export function kommandoFelEfterSlut(state: UppgiftState, kommando: Kommando, hur?: string): Fel[] {
  const fel = kommandoFel(state, kommando);
  return fel.length > 0
    ? fel
    : [
        {
          field: 'id',
          rule: 'uppgiften_avslutad',
          message: `uppgiften är inte längre aktiv${hur ? ` (${hur})` : ''}`,
        },
      ];
}

/** Why `kommando` cannot be applied to the task now (empty when it can). */
export function kommandoFel(state: UppgiftState, kommando: Kommando): Fel[] {
  const fel: Fel[] = [];
  const { spec } = state;
  const isKanslichef = spec.kanslichefer.includes(kommando.aktor);
  const mayAct =
    kommando.aktor === state.tilldelad || state.delegater.includes(kommando.aktor) || isKanslichef;

  if (state.status !== 'OPPEN') {
    return [
      {
        field: '',
        rule: 'uppgiften_avslutad',
        message: `uppgiften "${spec.titel}" är ${STATUS_TEXT[state.status]}; den kan inte ${KOMMANDO_PASSIV[kommando.typ]}`,
      },
    ];
  }
  if (kommando.typ === 'tilldelaOm' || kommando.typ === 'andraForfallodag' || kommando.typ === 'paminn') {
    if (!isKanslichef) {
      fel.push({
        field: 'aktor',
        rule: 'endast_kanslichef',
        message: `bara kanslichefen får ${KOMMANDO_NAMN[kommando.typ]} en uppgift (${kommando.aktor} är inte kanslichef)`,
      });
    }
  } else if (!mayAct) {
    fel.push({
      field: 'aktor',
      rule: 'behorig_aktor',
      message: `${kommando.aktor} får inte ${KOMMANDO_NAMN[kommando.typ]} uppgiften: den är tilldelad ${state.tilldelad}${
        state.delegater.length > 0 ? ` (delegerad till ${state.delegater.join(', ')})` : ''
      }; bara den tilldelade, en delegat eller kanslichefen får handla`,
    });
  }

  const approval = GODKANNANDE_TYPER.includes(spec.typ);
  if (kommando.typ === 'returnera' && kommando.paragrafer && spec.paragrafer) {
    const okanda = kommando.paragrafer.filter((n) => !spec.paragrafer!.includes(n));
    if (okanda.length > 0) {
      fel.push({
        field: 'paragrafer',
        rule: 'paragraf_finns',
        message: `${okanda.map((n) => `§ ${n}`).join(', ')} finns inte i protokollet; invändningen kan bara gälla dess paragrafer (${spec.paragrafer.map((n) => `§ ${n}`).join(', ')})`,
      });
    }
  }
  if ((kommando.typ === 'godkann' || kommando.typ === 'returnera') && !approval) {
    fel.push({
      field: '',
      rule: 'fel_kommando_for_uppgiften',
      message: `en uppgift av typen ${spec.typ} godkänns eller returneras inte; den slutförs`,
    });
  }
  if (kommando.typ === 'slutfor' && approval) {
    fel.push({
      field: '',
      rule: 'fel_kommando_for_uppgiften',
      message: 'en godkännandeuppgift slutförs genom att godkännas eller returneras',
    });
  }
  if (kommando.typ === 'delegera' || kommando.typ === 'tilldelaOm') {
    if (!spec.personer.includes(kommando.till)) {
      fel.push({
        field: 'till',
        rule: 'person_finns',
        message: `okänd person "${kommando.till}" (en mottagare av protokollsutdrag kan inte få uppgifter)`,
      });
    } else if (kommando.till === state.tilldelad || state.delegater.includes(kommando.till)) {
      fel.push({
        field: 'till',
        rule: 'redan_behorig',
        message: `${kommando.till} har redan uppgiften${kommando.till === state.tilldelad ? '' : ' som delegat'}`,
      });
    }
  }
  if (kommando.typ === 'andraForfallodag' && kommando.forfaller === state.forfaller) {
    fel.push({
      field: 'forfaller',
      rule: 'ny_forfallodag',
      message: `förfallodagen är redan ${state.forfaller}`,
    });
  }
  return fel;
}

/** Applies a valid command (check `kommandoFel` first): the new state and the event it adds. */
export function tillampa(state: UppgiftState, kommando: Kommando, now: number): UppgiftState {
  const acting = kommando.aktor !== state.tilldelad ? { paUppdragAv: state.tilldelad } : {};
  const base = {
    seq: state.historik.length + 1,
    tid: now,
    aktor: kommando.aktor,
    kommentar: kommando.kommentar,
  };
  switch (kommando.typ) {
    case 'slutfor':
      return done(state, 'KLAR', { ...base, ...acting, typ: 'SLUTFORD' });
    case 'godkann':
      return done(state, 'GODKAND', {
        ...base,
        ...acting,
        typ: 'GODKAND',
        ...(kommando.dokument ? { dokument: kommando.dokument } : {}),
      });
    case 'returnera':
      return done(state, 'RETURNERAD', {
        ...base,
        ...acting,
        typ: 'RETURNERAD',
        ...(kommando.paragrafer ? { paragrafer: kommando.paragrafer } : {}),
      });
    case 'delegera':
      return {
        ...state,
        delegater: [...state.delegater, kommando.till],
        historik: [...state.historik, { ...base, ...acting, typ: 'DELEGERAD', till: kommando.till }],
      };
    case 'tilldelaOm':
      // A reassignment replaces the assignee; earlier delegations lapse with the old assignment.
      return {
        ...state,
        tilldelad: kommando.till,
        delegater: [],
        historik: [...state.historik, { ...base, typ: 'OMTILLDELAD', till: kommando.till }],
      };
    case 'andraForfallodag':
      return {
        ...state,
        forfaller: kommando.forfaller,
        historik: [...state.historik, { ...base, typ: 'FORFALLODAG_ANDRAD', forfaller: kommando.forfaller }],
      };
    case 'paminn':
      // Sent by the kanslichef, not planned: it changes no plan, so the planned reminders still go out.
      return {
        ...state,
        historik: [
          ...state.historik,
          { ...base, typ: 'PAMINNELSE', mottagare: ansvariga(state), forfaller: state.forfaller },
        ],
      };
  }
}

/**
 * The task stopped with its process (the kanslichef stopped the year, or its report was cancelled): an open task
 * records that it was cancelled and ends; a task already ended stays as it was.
 */
export function avbryt(state: UppgiftState, now: number): UppgiftState {
  if (state.status !== 'OPPEN') return state;
  return done(state, 'AVBRUTEN', { seq: state.historik.length + 1, typ: 'AVBRUTEN', tid: now });
}

function done(state: UppgiftState, status: UppgiftStatus, handelse: Handelse): UppgiftState {
  return { ...state, status, historik: [...state.historik, handelse] };
}

/** Records a reminder or escalation that went out, under its key. */
export function medUtskick(
  state: UppgiftState,
  utskick: { typ: 'PAMINNELSE' | 'ESKALERING'; nyckel: string; mottagare: string[] },
  now: number,
): UppgiftState {
  const handelse: Handelse = {
    seq: state.historik.length + 1,
    typ: utskick.typ,
    tid: now,
    mottagare: utskick.mottagare,
    forfaller: state.forfaller,
  };
  return { ...state, historik: [...state.historik, handelse], skickat: [...state.skickat, utskick.nyckel] };
}

/**
 * Whether all that `nu` adds to `lagrat` is the task's own planned messages (reminders and escalations recorded by
 * `medUtskick`), with nothing a command did: every command adds an event of its own, and the kanslichef's reminder
 * on demand names its sender. Such a state is nobody's answer to wait for.
 */
export function baraPlaneradeUtskick(lagrat: UppgiftState, nu: UppgiftState): boolean {
  const nya = nu.historik.slice(lagrat.historik.length);
  return (
    nya.length > 0 &&
    nya.every((h) => (h.typ === 'PAMINNELSE' || h.typ === 'ESKALERING') && h.aktor === undefined)
  );
}

/** Who hears about an open task: the assignee and any delegates. */
export function ansvariga(state: UppgiftState): string[] {
  return [state.tilldelad, ...state.delegater];
}

/** Who is told when the task is overdue: the kanslichefer and the assignee's chef. */
export function eskaleringsmottagare(state: UppgiftState): string[] {
  const chef = state.spec.chefer[state.tilldelad];
  return [...new Set([...state.spec.kanslichefer, ...(chef !== undefined ? [chef] : [])])];
}

export function utfallAv(state: UppgiftState): UppgiftUtfall | undefined {
  if (state.status === 'OPPEN') return undefined;
  // The event that ended it: a reminder that was on its way when the command came is recorded after it.
  const last = [...state.historik].reverse().find((h) => AVSLUTANDE.includes(h.typ))!;
  return {
    status: state.status,
    aktor: last.aktor,
    paUppdragAv: last.paUppdragAv,
    kommentar: last.kommentar,
    ...(last.paragrafer ? { paragrafer: last.paragrafer } : {}),
    ...(last.dokument ? { dokument: last.dokument } : {}),
    tid: last.tid,
  };
}

const AVSLUTANDE: readonly HandelseTyp[] = ['SLUTFORD', 'GODKAND', 'RETURNERAD', 'AVBRUTEN'];
