/**
 * The mail activity: tells people about a task — a new task, a reminder, an escalation, a return, a delegation,
 * a reassignment, a moved due date — with a link to the task and its due date as an `.ics` file.
 *
 * Idempotent: the workflow gives each message a key (`nyckel`: task, kind and occurrence), and the register's
 * mail log records it. One message goes to each recipient — with a personal greeting, and so that a failure
 * for one recipient never sends again to those already served — under the key `<nyckel>#<person id>`:
 *
 *   1. reserve the key in the mail log ('SKICKAD': sent before, 'AVVISAD': refused before; skip it);
 *   2. send, with a Message-ID derived from the key;
 *   3. mark the key sent — or, when the server refused the recipient for good (a 5xx to RCPT TO: the address
 *      is wrong), tell the kommun's kanslichefer (each once, under `<key>#avvisat#<kanslichef id>`) and mark
 *      the key refused, with the server's answer. The message is not tried again, and the caller goes on:
 *      a wrong address in the config must not hold a task's loop in a retry that can never succeed.
 *
 * A recipient who is not in the kommun's configuration (any more: staff turnover, an election) is handled the
 * same way: the key is recorded refused, the kanslichefer are told, and the caller goes on. Recipients named by
 * role (the kanslichefer, a person's chef) are resolved here, when the message goes out, from the current config.
 *
 * Any other SMTP failure throws before step 3, so Temporal retries the attempt with backoff and nothing is
 * recorded as sent. A crash between 2 and 3 leaves the key 'RESERVERAD': the retry sends again, with the same
 * Message-ID, so the duplicate is recognisable (and is dropped by clients and archives that dedupe on it).
 * That is the best SMTP allows: no server confirms a message's delivery and its record in one step.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type { Brev } from '../domain/brev';
import { isoDateSchema, type IsoDate } from '../domain/datum';
import { kanslichefer, type KommunConfig, type Person } from '../domain/kommun';
import {
  MEDDELANDE_SLAG,
  uppgiftsbrev,
  type MeddelandeHandelse,
  type MeddelandeSlag,
} from '../domain/meddelanden';
import { sparfelmeddelande } from '../domain/sparfel';
import { studsmeddelande } from '../domain/studsmeddelande';
import { UPPGIFT_TYPER } from '../domain/uppgift';
import { felFromZod, formatFel, z } from '../domain/validering';
import { renderaBrev } from '../mail/brev';
import { uppgiftIcs } from '../mail/ics';
import { kommunOf } from './kommun';

/** The register's mail log (src/db). */
export interface MailLogg {
  /**
   * Records the intent to send under `nyckel`, unless it is there: 'NY' when it was not, 'RESERVERAD' when an
   * earlier attempt reserved it but did not finish, 'SKICKAD' when it was sent, 'AVVISAD' when the server
   * refused it for good.
   */
  reserveraMail(entry: {
    nyckel: string;
    kommun: string;
    uppgiftId?: string;
    slag: string;
    mottagare: string[];
    amne: string;
    tid: Date;
  }): Promise<'NY' | 'RESERVERAD' | 'SKICKAD' | 'AVVISAD'>;
  markeraMailSkickat(nyckel: string, messageId: string, tid: Date): Promise<void>;
  /** `svar` is the server's answer to the refused recipient. */
  markeraMailAvvisat(nyckel: string, svar: string, tid: Date): Promise<void>;
}

export interface MailDeps {
  mailLogg: MailLogg;
  transport: Transporter;
  /** The From header, e.g. `Årshjul <arshjul@lund.example.org>`; its domain is the Message-ID's. */
  fran: string;
  /** The web app's address: links are `${baseUrl}/uppgifter/<encodeURIComponent(id)>`. */
  baseUrl: string;
  kommuner: Map<string, KommunConfig>;
  /** The clock (tests set it). */
  nu?: () => Date;
  /** The register's task row, for a message sent only while its task is open (`medanOppen`). */
  uppgift?: (id: string) => Promise<{ status: string; forfaller: IsoDate; tilldelad: string } | undefined>;
}

const personId = z.string().min(1);

/** Recipients named by their role, resolved from the config when the message goes out. */
export const mottagarrollSchema = z.discriminatedUnion('roll', [
  /** Every kanslichef of the kommun. */
  z.object({ roll: z.literal('kanslichef') }),
  /** The chef of this person, if the config names one. */
  z.object({ roll: z.literal('chef'), for: personId }),
]);
export type Mottagarroll = z.output<typeof mottagarrollSchema>;

/** Which kind-specific facts each kind of message needs. */
const KRAVER: Record<MeddelandeSlag, readonly string[]> = {
  NY: [],
  PAMINNELSE: ['dagarKvar'],
  ESKALERING: ['dagarForsenad', 'eskaleringNummer'],
  ESKALERING_UPPHOR: ['dagarForsenad', 'eskaleringNummer'],
  RETUR: ['aktor', 'kommentar'],
  DELEGERAD: ['aktor'],
  OMTILLDELAD: ['aktor'],
  NY_FORFALLODAG: ['aktor', 'tidigareForfallodag'],
};

/** The activity's input, a Temporal payload: parsed here, once. */
export const uppgiftsmeddelandeSchema = z
  .object({
    /** One message per key: the task, the kind and the occurrence, e.g. `<id>:paminnelse:2023-09-14:1`. */
    nyckel: z.string().min(1),
    kommun: z.string().min(1),
    slag: z.enum(MEDDELANDE_SLAG),
    /** Person ids from the kommun's config. */
    mottagare: z.array(personId),
    /** Recipients by role, resolved when the message goes out (an escalation's kanslichefer and chef). */
    roller: z.array(mottagarrollSchema).optional(),
    uppgift: z.object({
      id: z.string().min(1),
      titel: z.string().min(1),
      typ: z.enum(UPPGIFT_TYPER),
      processTitel: z.string().min(1),
      /** The organ's kortnamn (KS). */
      organ: z.string().min(1).optional(),
      forfaller: isoDateSchema,
      /** The assignee (a person id). */
      tilldelad: personId,
      beskrivning: z.string().optional(),
    }),
    /** PAMINNELSE: days left (0 = the due date). */
    dagarKvar: z.int().min(0).optional(),
    /** ESKALERING (and a kanslichef's PAMINNELSE after the due date): days late; which escalation this is (1, 2, …). */
    dagarForsenad: z.int().min(0).optional(),
    eskaleringNummer: z.int().min(1).optional(),
    /** RETUR, DELEGERAD, OMTILLDELAD, NY_FORFALLODAG: the comment and who acted (person ids). */
    kommentar: z.string().optional(),
    aktor: personId.optional(),
    paUppdragAv: personId.optional(),
    /** NY_FORFALLODAG: the due date before the change. */
    tidigareForfallodag: isoDateSchema.optional(),
    /** The .ics SEQUENCE: the number of times the due date has moved. */
    icsSekvens: z.int().min(0).default(0),
    /** Only while the register has the task open (with this due date and assignee, when given). */
    medanOppen: z.object({ forfaller: isoDateSchema.optional(), tilldelad: personId.optional() }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.mottagare.length === 0 && (input.roller ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['mottagare'],
        message: 'minst en mottagare, som person eller roll',
        params: { rule: 'mottagare_finns' },
      });
    }
    for (const field of KRAVER[input.slag]) {
      if (input[field as keyof typeof input] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `krävs för ett meddelande av slaget ${input.slag}`,
          params: { rule: 'kravs_for_slaget' },
        });
      }
    }
  });
export type UppgiftsmeddelandeInput = z.input<typeof uppgiftsmeddelandeSchema>;
type Uppgiftsmeddelande = z.output<typeof uppgiftsmeddelandeSchema>;

export interface Utskick {
  person: string;
  epost: string;
  /** The mail log's key: `<nyckel>#<person id>`. */
  nyckel: string;
  messageId: string;
  /**
   * 'SKICKAT' now, or 'REDAN_SKICKAT' by an earlier attempt (nothing was sent this time); 'AVVISAT' when the
   * server refused the address now (`svar` is its answer), 'REDAN_AVVISAT' when it did on an earlier attempt.
   */
  status: 'SKICKAT' | 'REDAN_SKICKAT' | 'AVVISAT' | 'REDAN_AVVISAT';
  svar?: string;
}

export interface Utskicksresultat {
  nyckel: string;
  slag: MeddelandeSlag | 'SPARFEL';
  utskick: Utskick[];
}

export type MailActivities = ReturnType<typeof createMailActivities>;

export function createMailActivities(deps: MailDeps) {
  const nu = deps.nu ?? (() => new Date());
  const baseUrl = deps.baseUrl.replace(/\/+$/, '');

  const skicka = createSender(deps);
  const aktuellt = (input: Uppgiftsmeddelande) => aktuelltFor(deps.uppgift, input);
  return {
    /** The register refused a write: each kanslichef and admin of the kommun is told, once per key. */
    async skickaSparfel(raw: unknown): Promise<Utskicksresultat> {
      const input = parseWith(sparfelSchema, raw, 'skickaSparfel');
      const config = kommunOf(deps.kommuner, input.kommun);
      const mottagare = config.personer.filter((p) =>
        p.roller.some((r) => r.roll === 'kanslichef' || r.roll === 'admin'),
      );
      const utskick: Utskick[] = [];
      for (const person of mottagare) {
        utskick.push(
          await skicka({
            nyckel: `${input.nyckel}#${person.id}`,
            kommun: input.kommun,
            slag: 'SPARFEL',
            person,
            meddelande: sparfelmeddelande({
              kommunNamn: config.kommun.namn,
              mottagare: person.namn,
              objekt: { titel: input.objekt.titel, lank: `${baseUrl}${input.objekt.sida}` },
              vad: input.vad,
              fel: input.fel,
            }),
            attachments: () => [],
          }),
        );
      }
      return { nyckel: input.nyckel, slag: 'SPARFEL', utskick };
    },

    async skickaUppgiftsmeddelande(raw: UppgiftsmeddelandeInput): Promise<Utskicksresultat> {
      const input = parse(raw);
      const config = kommunOf(deps.kommuner, input.kommun);
      const recipients = mottagareAv(config, input.mottagare, input.roller);
      const lank = `${baseUrl}/uppgifter/${encodeURIComponent(input.uppgift.id)}`;
      const name = (id: string) => config.personer.find((p) => p.id === id)?.namn ?? id;
      const uppgift = {
        ...input.uppgift,
        organ: input.uppgift.organ
          ? (config.organ.find((o) => o.kortnamn === input.uppgift.organ)?.namn ?? input.uppgift.organ)
          : undefined,
        tilldelad: name(input.uppgift.tilldelad),
      };
      const handelse = handelseAv(input, name);

      const utskick: Utskick[] = [];
      // One at a time: each recipient's message is reserved, sent and marked before the next.
      for (const person of recipients) {
        if (!(await aktuellt(input))) break;
        if ('okand' in person) {
          utskick.push(
            await skicka({
              nyckel: `${input.nyckel}#${person.okand}`,
              kommun: input.kommun,
              uppgiftId: input.uppgift.id,
              slag: input.slag,
              okand: person.okand,
              amne: uppgiftsbrev({
                kommunNamn: config.kommun.namn,
                mottagare: person.okand,
                lank,
                uppgift,
                handelse,
              }).amne,
            }),
          );
          continue;
        }
        const meddelande = uppgiftsbrev({
          kommunNamn: config.kommun.namn,
          mottagare: person.namn,
          lank,
          uppgift,
          handelse,
        });
        utskick.push(
          await skicka({
            nyckel: `${input.nyckel}#${person.id}`,
            kommun: input.kommun,
            uppgiftId: input.uppgift.id,
            slag: input.slag,
            person,
            meddelande,
            attachments: () => [
              {
                filename: 'uppgift.ics',
                content: uppgiftIcs({
                  uppgiftId: input.uppgift.id,
                  titel: input.uppgift.titel,
                  forfaller: input.uppgift.forfaller,
                  lank,
                  kommunNamn: config.kommun.namn,
                  processTitel: input.uppgift.processTitel,
                  sekvens: input.icsSekvens,
                  tid: nu(),
                }),
                contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
              },
            ],
          }),
        );
      }
      return { nyckel: input.nyckel, slag: input.slag, utskick };
    },
  };
}

/**
 * Whether a message about a task still says something true: always, unless it is sent only while the task is
 * open (`medanOppen`) and the register has it done, or with another due date or assignee. Asked before each
 * recipient, so an attempt that starts after the task was done — a retry after an outage — sends nothing.
 */
async function aktuelltFor(
  uppgift: MailDeps['uppgift'],
  input: Pick<Uppgiftsmeddelande, 'medanOppen' | 'uppgift'>,
): Promise<boolean> {
  if (!input.medanOppen || !uppgift) return true;
  const rad = await uppgift(input.uppgift.id);
  if (!rad) return true; // not stored yet: the task stores itself before it mails
  const { forfaller, tilldelad } = input.medanOppen;
  return (
    rad.status === 'OPPEN' &&
    (forfaller === undefined || rad.forfaller === forfaller) &&
    (tilldelad === undefined || rad.tilldelad === tilldelad)
  );
}

export interface Bilaga {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

/** One message to one person under one key of the mail log. */
export interface Sandning {
  nyckel: string;
  kommun: string;
  uppgiftId?: string;
  slag: string;
  person: Pick<Person, 'id' | 'namn' | 'epost'>;
  /** The mail as blocks; its text and HTML bodies are rendered when it is sent (src/mail/brev.tsx). */
  meddelande: Brev;
  attachments: () => Bilaga[] | Promise<Bilaga[]>;
}

/** A message for someone the kommun's config does not have (any more): recorded as refused, never sent. */
export interface OkandMottagare {
  nyckel: string;
  kommun: string;
  uppgiftId?: string;
  slag: string;
  /** The person id the message was for. */
  okand: string;
  /** The subject the message would have had. */
  amne: string;
}

/**
 * What the sender needs. With the kommuner and a mail log that records refusals, a recipient the server refuses
 * for good is recorded and reported to the kanslichefer; without them (the sign-in page, src/web/inloggning/)
 * the refusal throws `SmtpAvvisat`, as any other SMTP failure does.
 */
export type SenderDeps = Pick<MailDeps, 'transport' | 'fran' | 'nu'> &
  (Pick<MailDeps, 'mailLogg' | 'kommuner'> | { mailLogg: Omit<MailLogg, 'markeraMailAvvisat'> });

/**
 * Sends one message to one person exactly once per key: reserve the key in the mail log (skip it when it was
 * sent or refused), send with a Message-ID derived from the key, mark it sent — or refused, after telling the
 * kanslichefer (see the top of this file). `attachments` is only built when sending.
 */
export function createSender(deps: SenderDeps) {
  const nu = deps.nu ?? (() => new Date());
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(deps.fran)?.[1] ?? 'arshjul.invalid';

  /** Each kanslichef but the refused person, once (the notice's own key); a refused notice is only recorded. */
  const underratta = async (
    kommuner: Map<string, KommunConfig>,
    refused: Omit<Sandning, 'meddelande'> & { meddelande: Pick<Brev, 'amne'> },
    svar: string,
    orsak: 'AVVISAD' | 'OKAND' = 'AVVISAD',
  ) => {
    const config = kommunOf(kommuner, refused.kommun);
    for (const person of kanslichefer(config).filter((p) => p.id !== refused.person.id)) {
      await skicka(
        {
          nyckel: `${refused.nyckel}#avvisat#${person.id}`,
          kommun: refused.kommun,
          ...(refused.uppgiftId ? { uppgiftId: refused.uppgiftId } : {}),
          slag: 'AVVISNING',
          person,
          meddelande: studsmeddelande({
            kommunNamn: config.kommun.namn,
            mottagare: person.namn,
            avvisad: refused.person,
            amne: refused.meddelande.amne,
            svar,
            orsak,
          }),
          attachments: () => [],
        },
        false,
      );
    }
  };

  /** Someone the config does not have: refused at once, recorded, and each kanslichef told once. */
  const okand = async (input: OkandMottagare): Promise<Utskick> => {
    const svar = `${input.okand} finns inte i konfigurationen för ${input.kommun}`;
    const utskick = {
      person: input.okand,
      epost: '',
      nyckel: input.nyckel,
      messageId: messageIdFor(input.nyckel, input.slag, domain),
    };
    const status = await deps.mailLogg.reserveraMail({
      nyckel: input.nyckel,
      kommun: input.kommun,
      ...(input.uppgiftId ? { uppgiftId: input.uppgiftId } : {}),
      slag: input.slag,
      mottagare: [],
      amne: input.amne,
      tid: nu(),
    });
    if (status === 'SKICKAD') return { ...utskick, status: 'REDAN_SKICKAT' };
    if (status === 'AVVISAD') return { ...utskick, status: 'REDAN_AVVISAT' };
    if (!('kommuner' in deps)) {
      throw ApplicationFailure.nonRetryable(svar, 'OkandPerson');
    }
    const refused = {
      ...input,
      person: { id: input.okand, namn: input.okand, epost: '' },
      meddelande: { amne: input.amne },
      attachments: () => [],
    };
    await underratta(deps.kommuner, refused, svar, 'OKAND');
    await deps.mailLogg.markeraMailAvvisat(input.nyckel, svar, nu());
    return { ...utskick, status: 'AVVISAT', svar };
  };

  const skicka = async (input: Sandning, underrattaVidAvvisning: boolean): Promise<Utskick> => {
    const { nyckel, person, meddelande } = input;
    const messageId = messageIdFor(nyckel, input.slag, domain);
    const status = await deps.mailLogg.reserveraMail({
      nyckel,
      kommun: input.kommun,
      ...(input.uppgiftId ? { uppgiftId: input.uppgiftId } : {}),
      slag: input.slag,
      mottagare: [person.epost],
      amne: meddelande.amne,
      tid: nu(),
    });
    const utskick = { person: person.id, epost: person.epost, nyckel, messageId };
    if (status === 'SKICKAD') return { ...utskick, status: 'REDAN_SKICKAT' };
    if (status === 'AVVISAD') return { ...utskick, status: 'REDAN_AVVISAT' };
    const attachments = await input.attachments();
    const { text, html } = renderaBrev(meddelande);
    try {
      await deps.transport.sendMail({
        from: deps.fran,
        to: { name: person.namn, address: person.epost },
        subject: meddelande.amne,
        text,
        html,
        messageId,
        headers: {
          'Content-Language': 'sv',
          // RFC 3834: no out-of-office replies to a machine (Exchange reads the second header).
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
        attachments,
        // Everything is in the message itself: never let nodemailer read a file or fetch a URL.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      const svar = avvisning(error);
      if (svar === undefined || !('kommuner' in deps)) throw smtpFailure(error, nyckel, person.epost);
      // Tell before recording: a notice that fails for a while throws, the key stays reserved, and the retry
      // meets the same refusal and tells again — each kanslichef still once, by the notice's own key.
      if (underrattaVidAvvisning) await underratta(deps.kommuner, input, svar);
      await deps.mailLogg.markeraMailAvvisat(nyckel, svar, nu());
      return { ...utskick, status: 'AVVISAT', svar };
    }
    await deps.mailLogg.markeraMailSkickat(nyckel, messageId, nu());
    return { ...utskick, status: 'SKICKAT' };
  };
  return (input: Sandning | OkandMottagare) => ('okand' in input ? okand(input) : skicka(input, true));
}

const sparfelSchema = z.object({
  nyckel: z.string().min(1),
  kommun: z.string().min(1),
  objekt: z.object({ id: z.string().min(1), titel: z.string().min(1), sida: z.string().startsWith('/') }),
  vad: z.string().min(1),
  fel: z.string(),
});

function parse(raw: unknown): Uppgiftsmeddelande {
  return parseWith(uppgiftsmeddelandeSchema, raw, 'mail activity');
}

function parseWith<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    // The same payload fails the same way on every attempt: do not retry it.
    throw ApplicationFailure.nonRetryable(
      `invalid ${what} input: ${felFromZod(result.error).map(formatFel).join('; ')}`,
      'OgiltigtMeddelande',
    );
  }
  return result.data;
}

/**
 * The people a message goes to, from the current config: the persons named (each one the config no longer has
 * as `{ okand: id }`, refused like an address the server refuses) and those named by role, once each.
 */
export function mottagareAv(
  config: KommunConfig,
  ids: readonly string[],
  roller: readonly Mottagarroll[] = [],
): (Person | { okand: string })[] {
  const avRoll = roller.flatMap((r) => {
    if (r.roll === 'kanslichef') return kanslichefer(config).map((p) => p.id);
    const chef = config.personer.find((p) => p.id === r.for)?.chef;
    return chef !== undefined ? [chef] : [];
  });
  return [...new Set([...ids, ...avRoll])].map(
    (id) => config.personer.find((p) => p.id === id) ?? { okand: id },
  );
}

/** The kind's facts, with person ids turned into names (an id no longer in the config stays an id). */
function handelseAv(input: Uppgiftsmeddelande, name: (id: string) => string): MeddelandeHandelse {
  const av = name(input.aktor ?? '');
  const kommentar = input.kommentar?.trim() ? { kommentar: input.kommentar } : {};
  switch (input.slag) {
    case 'NY':
      return { slag: 'NY' };
    case 'PAMINNELSE':
      return {
        slag: 'PAMINNELSE',
        dagarKvar: input.dagarKvar!,
        ...(input.dagarForsenad ? { dagarForsenad: input.dagarForsenad } : {}),
        ...(input.aktor ? { av, ...kommentar } : {}),
      };
    case 'ESKALERING':
      return {
        slag: 'ESKALERING',
        dagarForsenad: input.dagarForsenad!,
        eskaleringNummer: input.eskaleringNummer!,
      };
    case 'ESKALERING_UPPHOR':
      return {
        slag: 'ESKALERING_UPPHOR',
        dagarForsenad: input.dagarForsenad!,
        eskaleringar: input.eskaleringNummer!,
      };
    case 'RETUR':
      return { slag: 'RETUR', av, kommentar: input.kommentar! };
    case 'DELEGERAD':
      return {
        slag: 'DELEGERAD',
        av,
        ...(input.paUppdragAv ? { paUppdragAv: name(input.paUppdragAv) } : {}),
        ...kommentar,
      };
    case 'OMTILLDELAD':
      return { slag: 'OMTILLDELAD', av, ...kommentar };
    case 'NY_FORFALLODAG':
      return { slag: 'NY_FORFALLODAG', av, tidigareForfallodag: input.tidigareForfallodag!, ...kommentar };
  }
}

/**
 * `<arshjul.<kind>.<hash of the key>@<the sender's domain>>`: the same on every attempt for the same key, so
 * a resend after a crash carries the Message-ID of the first (RFC 5322 §3.6.4: unique per message, and this
 * is the same message).
 */
export function messageIdFor(nyckel: string, slag: string, domain: string): string {
  const hash = createHash('sha256').update(nyckel).digest('hex').slice(0, 32);
  return `<arshjul.${slag.toLowerCase().replace(/_/g, '-')}.${hash}@${domain}>`;
}

/**
 * The server's answer when it refused the recipient for good — a permanent (5xx) answer to RCPT TO, which
 * nodemailer gives as `permanent` — else undefined. A 5xx to anything else (MAIL FROM, AUTH, DATA) is about
 * the sender or the relay's setup, not the address: that one throws, and is retried until it is fixed.
 */
function avvisning(error: unknown): string | undefined {
  const e = error as {
    message?: string;
    command?: string;
    response?: string;
    responseCode?: number;
    permanent?: boolean;
  };
  const permanent = e.permanent ?? (e.responseCode !== undefined && e.responseCode >= 500);
  if (e.command !== 'RCPT TO' || !permanent) return undefined;
  return e.response ?? e.message ?? String(error);
}

/**
 * A retryable failure naming the key, the address and the server's answer. Its type tells a transient
 * failure (server down, 4xx: `SmtpFel`) from a permanent one (5xx: `SmtpAvvisat`). A permanent refusal of the
 * recipient never gets here when the sender can record it (see `avvisning`); one that does is about the relay
 * (or the sign-in page's mail), and a retry policy may list `SmtpAvvisat` in `nonRetryableErrorTypes`.
 */
function smtpFailure(error: unknown, nyckel: string, epost: string): ApplicationFailure {
  const e = error as { message?: string; code?: string; responseCode?: number; permanent?: boolean };
  const answer = e.responseCode !== undefined ? ` (SMTP ${e.responseCode})` : e.code ? ` (${e.code})` : '';
  return ApplicationFailure.create({
    message: `sending mail ${nyckel} to ${epost} failed${answer}: ${e.message ?? String(error)}`,
    type: e.permanent === true ? 'SmtpAvvisat' : 'SmtpFel',
    nonRetryable: false,
    details: [{ nyckel, epost, code: e.code, responseCode: e.responseCode }],
    cause: error instanceof Error ? error : undefined,
  });
}
