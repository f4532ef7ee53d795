/**
 * The mail activity: tells people about a task — a new task, a reminder, an escalation, a return, a delegation,
 * a reassignment, a moved due date — with a link to the task and its due date as an `.ics` file.
 *
 * Idempotent: the workflow gives each message a key (`nyckel`: task, kind and occurrence), and the register's
 * mail log records it. News that is personal — a task to its holder ("du"), a reminder — goes to each recipient
 * as a message of their own, greeting them by name, under the key `<nyckel>#<person id>`, so that a failure for
 * one recipient never sends again to those already served. The same news to several people in the same role —
 * an escalation to the kanslichefer and the chef, a refused write to the kanslichefer and admins (SPARFEL), a
 * refused address to the kanslichefer (AVVISNING) — goes as ONE message with them all in To, greeting them
 * together, under one key (`gruppnycklar`; to one person it is still their own message under its old key):
 *
 *   1. reserve the key in the mail log ('SKICKAD': sent before, 'AVVISAD': refused before; skip it);
 *   2. send, with a Message-ID derived from the key;
 *   3. mark the key sent — or, when the server refused the recipient for good (a 5xx to RCPT TO: the address
 *      is wrong), tell the kommun's kanslichefer (in one message, under `<key>#avvisat#(grupp)`) and mark
 *      the key refused, with the server's answer. The message is not tried again, and the caller goes on:
 *      a wrong address in the config must not hold a task's loop in a retry that can never succeed. A recipient
 *      of a group message refused while others were taken gets a key of their own, recorded and told the same way.
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
import type { MailReservation, MailStatus, Reservation } from '../db/mail';
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
   * refused it for good. With `upptagen` the key is held that long for a send; UPPTAGEN while another holds it.
   */
  reserveraMail(entry: MailReservation): Promise<Reservation>;
  /** A send that failed lets go of its hold on the key. */
  slappMail(nyckel: string): Promise<void>;
  markeraMailSkickat(nyckel: string, messageId: string, tid: Date): Promise<void>;
  /** `svar` is the server's answer to the refused recipient. */
  markeraMailAvvisat(nyckel: string, svar: string, tid: Date): Promise<void>;
  /** The status of each of these keys the log has; read only (a message to several people, see gruppnycklar). */
  mailStatusar(nycklar: readonly string[]): Promise<Map<string, MailStatus>>;
}

/**
 * How long an attempt holds a message's key while it sends (seconds): past what one send can take — the
 * transport's timeouts add up to 50 s (src/mail/transport.ts) — so no other attempt, on this worker or another,
 * sends the key meanwhile. A crashed attempt's hold runs out by then; a failed one releases it at once.
 */
export const UPPTAGEN_S = 60;

/**
 * Runs an attempt's send of `nyckel`, which it holds: if it ends without a mark (a failure, the register down
 * after sending), it lets go of the key, so the retry need not wait for the hold to run out; it sends again (at
 * least once). When the register cannot even be told, the hold runs out.
 */
async function medHall<T>(
  logg: Pick<MailLogg, 'slappMail'>,
  nyckel: string,
  forsok: () => Promise<T>,
): Promise<T> {
  try {
    return await forsok();
  } catch (error) {
    await logg.slappMail(nyckel).catch(() => undefined);
    throw error;
  }
}

/** Another attempt holds the key: retried (Temporal's backoff) until it has sent it, or its hold ran out. */
function upptagen(nyckel: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `mail ${nyckel} is being sent by another attempt right now: not sent twice, tried again later`,
    type: 'MailUpptaget',
    nonRetryable: false,
    details: [{ nyckel }],
  });
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
  /**
   * The mail log's key: `<nyckel>#<person id>` for a message of their own, `<nyckel>#(grupp)` for a message to
   * several people (`<nyckel>#(grupp)#<person id>` when it did not reach this one; see `gruppnycklar`).
   */
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

  const { skicka, skickaTill } = createSenders(deps);
  const aktuellt = (input: Uppgiftsmeddelande) => aktuelltFor(deps.uppgift, input);
  return {
    /** The register refused a write: the kanslichefer and admins of the kommun are told in one message, once per key. */
    async skickaSparfel(raw: unknown): Promise<Utskicksresultat> {
      const input = parseWith(sparfelSchema, raw, 'skickaSparfel');
      const config = kommunOf(deps.kommuner, input.kommun);
      const utskick = await skickaTill({
        nyckel: input.nyckel,
        kommun: input.kommun,
        slag: 'SPARFEL',
        personer: config.personer.filter((p) =>
          p.roller.some((r) => r.roll === 'kanslichef' || r.roll === 'admin'),
        ),
        meddelande: (mottagare) =>
          sparfelmeddelande({
            kommunNamn: config.kommun.namn,
            mottagare,
            objekt: { titel: input.objekt.titel, lank: `${baseUrl}${input.objekt.sida}` },
            vad: input.vad,
            fel: input.fel,
          }),
        attachments: () => [],
      });
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
      const meddelande = (mottagare?: string) =>
        uppgiftsbrev({ kommunNamn: config.kommun.namn, mottagare, lank, uppgift, handelse });
      const sandning = {
        kommun: input.kommun,
        uppgiftId: input.uppgift.id,
        slag: input.slag,
        attachments: (): Bilaga[] => [
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
      };

      const okand = (id: string) =>
        skicka({ ...sandning, nyckel: `${input.nyckel}#${id}`, okand: id, amne: meddelande(id).amne });

      const utskick: Utskick[] = [];
      if (GRUPPMEDDELANDEN.has(input.slag)) {
        // The same news to each in the same role: one message to them all. Someone the config does not have
        // is recorded refused under their own key, as ever: nothing is sent to them.
        if (!(await aktuellt(input))) return { nyckel: input.nyckel, slag: input.slag, utskick };
        for (const person of recipients) if ('okand' in person) utskick.push(await okand(person.okand));
        const personer = recipients.filter((p): p is Person => !('okand' in p));
        if (personer.length > 0 && (await aktuellt(input))) {
          utskick.push(...(await skickaTill({ ...sandning, nyckel: input.nyckel, personer, meddelande })));
        }
        return { nyckel: input.nyckel, slag: input.slag, utskick };
      }
      // One at a time: each recipient's message is reserved, sent and marked before the next.
      for (const person of recipients) {
        if (!(await aktuellt(input))) break;
        utskick.push(
          'okand' in person
            ? await okand(person.okand)
            : await skicka({
                ...sandning,
                nyckel: `${input.nyckel}#${person.id}`,
                person,
                meddelande: meddelande(person.namn),
              }),
        );
      }
      return { nyckel: input.nyckel, slag: input.slag, utskick };
    },
  };
}

/**
 * The kinds of task message that go to everyone as one message: an escalation (and its end) tells the
 * kanslichefer and the assignee's chef the same news, nothing personal in it (the link and the calendar file
 * are the task's). The others speak to the one who holds the task ("du") and stay a message per person.
 */
const GRUPPMEDDELANDEN: ReadonlySet<MeddelandeSlag> = new Set(['ESKALERING', 'ESKALERING_UPPHOR']);

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

/**
 * One message, the same for everyone, to several people in the same role (the kanslichefer, an escalation's
 * kanslichefer and chef): one SMTP transaction with them all in To, under one key of the mail log.
 */
export interface Gruppsandning {
  /** The message's key; the log's keys are derived from it (see `gruppnycklar`). */
  nyckel: string;
  kommun: string;
  uppgiftId?: string;
  slag: string;
  personer: Pick<Person, 'id' | 'namn' | 'epost'>[];
  /** The message: greeting the one person by name when it goes to one, else all of them ("Hej!"). */
  meddelande: (mottagare?: string) => Brev;
  attachments: () => Bilaga[] | Promise<Bilaga[]>;
}

/**
 * The mail log's keys of a message to several people, from its `nyckel`:
 *
 * - `grupp`, `<nyckel>#(grupp)`: the one message to them all. A person id is a slug (`[a-z0-9-]`), so no
 *   per-person key `<nyckel>#<person id>` can be this one;
 * - `ensam(id)`, `<nyckel>#(grupp)#<person id>`: a recipient the server did not take while it took others —
 *   refused for good (recorded `AVVISAD` here, the kanslichefer told) or deferred (a 4xx: sent to them alone
 *   under this key, retried until it goes);
 * - `tidigare(id)`, `<nyckel>#<person id>`: the key each recipient's own message had before group messages, and
 *   still has when the message goes to one person only.
 *
 * Across the deploy: an activity attempt that began under the old code (a message per person) and is retried
 * under this one first reads the old keys; whoever has one sent or refused is not sent to again, and the others
 * get the group message. A recipient whose old key was left RESERVERAD (a crash between sending and marking) is
 * in the group: sent at least once, as before. The other way round — a retry on a worker still running the old
 * code after this code sent the group message — does not see the group key and sends each their own message
 * again: possible only while old and new workers run side by side during a rolling deploy, at most once per
 * person, and for a notice, not a document; accepted rather than writing every per-person key as well.
 */
export function gruppnycklar(nyckel: string) {
  const grupp = `${nyckel}#(grupp)`;
  return {
    grupp,
    ensam: (id: string) => `${grupp}#${id}`,
    tidigare: (id: string) => `${nyckel}#${id}`,
  };
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
  (
    | Pick<MailDeps, 'mailLogg' | 'kommuner'>
    | { mailLogg: Omit<MailLogg, 'markeraMailAvvisat' | 'mailStatusar'> }
  );

/**
 * Sends one message to one person exactly once per key: reserve the key in the mail log (skip it when it was
 * sent or refused), send with a Message-ID derived from the key, mark it sent — or refused, after telling the
 * kanslichefer (see the top of this file). `attachments` is only built when sending.
 */
export function createSender(deps: SenderDeps) {
  return senders(deps).skicka;
}

/** The sender of one message to one person (`skicka`) and of one message to several people (`skickaTill`). */
export function createSenders(deps: Pick<MailDeps, 'transport' | 'fran' | 'nu' | 'mailLogg' | 'kommuner'>) {
  const { skicka, skickaTill } = senders(deps);
  return { skicka, skickaTill: (input: Gruppsandning) => skickaTill(input, deps, true) };
}

function senders(deps: SenderDeps) {
  const nu = deps.nu ?? (() => new Date());
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(deps.fran)?.[1] ?? 'arshjul.invalid';

  /** The kanslichefer but the refused person, in one message (the notice's own key); a refused notice is only recorded. */
  const underratta = async (
    groupDeps: Pick<MailDeps, 'mailLogg' | 'kommuner'>,
    refused: Omit<Sandning, 'meddelande'> & { meddelande: Pick<Brev, 'amne'> },
    svar: string,
    orsak: 'AVVISAD' | 'OKAND' = 'AVVISAD',
  ) => {
    const config = kommunOf(groupDeps.kommuner, refused.kommun);
    await skickaTill(
      {
        // Before group messages: `<key>#avvisat#<kanslichef id>`, each kanslichef's own (see gruppnycklar).
        nyckel: `${refused.nyckel}#avvisat`,
        kommun: refused.kommun,
        ...(refused.uppgiftId ? { uppgiftId: refused.uppgiftId } : {}),
        slag: 'AVVISNING',
        personer: kanslichefer(config).filter((p) => p.id !== refused.person.id),
        meddelande: (mottagare) =>
          studsmeddelande({
            kommunNamn: config.kommun.namn,
            mottagare,
            avvisad: refused.person,
            amne: refused.meddelande.amne,
            svar,
            orsak,
          }),
        attachments: () => [],
      },
      groupDeps,
      false,
    );
  };

  /** Someone the config does not have: refused at once, recorded, and the kanslichefer told once. */
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
    await underratta(deps, refused, svar, 'OKAND');
    await deps.mailLogg.markeraMailAvvisat(input.nyckel, svar, nu());
    return { ...utskick, status: 'AVVISAT', svar };
  };

  /** One SMTP transaction: resolves with the recipients the server refused while it took the others. */
  const overfor = async (
    to: Pick<Person, 'namn' | 'epost'>[],
    meddelande: Brev,
    messageId: string,
    attachments: Bilaga[],
  ): Promise<AvvisadMottagare[]> => {
    const { text, html } = renderaBrev(meddelande);
    const info = (await deps.transport.sendMail({
      from: deps.fran,
      to: to.map((p) => ({ name: p.namn, address: p.epost })),
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
    })) as { rejectedErrors?: RcptFel[] };
    return avvisadeAv(info.rejectedErrors);
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
      upptagen: UPPTAGEN_S,
    });
    const utskick = { person: person.id, epost: person.epost, nyckel, messageId };
    if (status === 'SKICKAD') return { ...utskick, status: 'REDAN_SKICKAT' };
    if (status === 'AVVISAD') return { ...utskick, status: 'REDAN_AVVISAT' };
    if (status === 'UPPTAGEN') throw upptagen(nyckel);
    return medHall(deps.mailLogg, nyckel, async () => {
      try {
        await overfor([person], meddelande, messageId, await input.attachments());
      } catch (error) {
        const svar = avvisning(error);
        if (svar === undefined || !('kommuner' in deps)) throw smtpFailure(error, nyckel, person.epost);
        // Tell before recording: a notice that fails for a while throws, the key stays reserved, and the retry
        // meets the same refusal and tells again — the kanslichefer still once, by the notice's own key.
        if (underrattaVidAvvisning) await underratta(deps, input, svar);
        await deps.mailLogg.markeraMailAvvisat(nyckel, svar, nu());
        return { ...utskick, status: 'AVVISAT', svar };
      }
      await deps.mailLogg.markeraMailSkickat(nyckel, messageId, nu());
      return { ...utskick, status: 'SKICKAT' };
    });
  };

  /**
   * One message to several people, once: see `gruppnycklar` for its keys. The group is reserved, sent in one
   * transaction, and marked sent when the server took at least one recipient (refused, when it took none and
   * refused them all for good). Each recipient it did not take gets their own key, reserved before the group
   * is marked, so that a retry knows whom the message did not reach: refused for good, that key is recorded
   * refused and the kanslichefer are told, as for a message to one; deferred (4xx), the message goes to them
   * alone under that key, and throws (Temporal retries) while the server defers it. A failure of the whole
   * transaction — the server away, a 4xx to MAIL FROM, every recipient refused and some only for now — throws
   * with the group reserved, and the retry sends it again with the same Message-ID.
   */
  const skickaTill = async (
    input: Gruppsandning,
    groupDeps: Pick<MailDeps, 'mailLogg' | 'kommuner'>,
    underrattaVidAvvisning: boolean,
  ): Promise<Utskick[]> => {
    const { mailLogg } = groupDeps;
    const personer = input.personer.filter((p, i, alla) => alla.findIndex((q) => q.id === p.id) === i);
    const nycklar = gruppnycklar(input.nyckel);
    const kanda = await mailLogg.mailStatusar([
      nycklar.grupp,
      ...personer.flatMap((p) => [nycklar.tidigare(p.id), nycklar.ensam(p.id)]),
    ]);
    const sandning = (p: Gruppsandning['personer'][number], nyckel: string, meddelande: Brev): Sandning => ({
      nyckel,
      kommun: input.kommun,
      ...(input.uppgiftId ? { uppgiftId: input.uppgiftId } : {}),
      slag: input.slag,
      person: p,
      meddelande,
      attachments: input.attachments,
    });
    const redan = (p: Gruppsandning['personer'][number], nyckel: string, status: MailStatus): Utskick => ({
      person: p.id,
      epost: p.epost,
      nyckel,
      messageId: messageIdFor(nyckel, input.slag, domain),
      status: status === 'AVVISAD' ? 'REDAN_AVVISAT' : 'REDAN_SKICKAT',
    });

    const utskick: Utskick[] = [];
    const kvar: typeof personer = [];
    for (const p of personer) {
      const tidigare = kanda.get(nycklar.tidigare(p.id));
      if (tidigare === 'SKICKAD' || tidigare === 'AVVISAD')
        utskick.push(redan(p, nycklar.tidigare(p.id), tidigare));
      else kvar.push(p);
    }
    const gruppen = kanda.get(nycklar.grupp);
    if (gruppen === undefined && kvar.length <= 1) {
      // To one person: their own message, greeting them by name, under the key it always had.
      for (const p of kvar) {
        utskick.push(
          await skicka(sandning(p, nycklar.tidigare(p.id), input.meddelande(p.namn)), underrattaVidAvvisning),
        );
      }
      return utskick;
    }

    const meddelande = input.meddelande();
    const messageId = messageIdFor(nycklar.grupp, input.slag, domain);
    const iGruppen = (p: Gruppsandning['personer'][number]) => ({
      person: p.id,
      epost: p.epost,
      nyckel: nycklar.grupp,
      messageId,
    });
    /** A recipient the group did not reach: refused for good (`svar`), or to be sent to alone. */
    const ensam = async (
      p: Gruppsandning['personer'][number],
      svar: string | undefined,
    ): Promise<Utskick> => {
      const nyckel = nycklar.ensam(p.id);
      if (svar === undefined) return skicka(sandning(p, nyckel, meddelande), underrattaVidAvvisning);
      if (underrattaVidAvvisning) await underratta(groupDeps, sandning(p, nyckel, meddelande), svar);
      await mailLogg.markeraMailAvvisat(nyckel, svar, nu());
      return {
        ...iGruppen(p),
        nyckel,
        messageId: messageIdFor(nyckel, input.slag, domain),
        status: 'AVVISAT',
        svar,
      };
    };

    if (gruppen === 'SKICKAD' || gruppen === 'AVVISAD') {
      // An earlier attempt sent it: whom it did not reach have their own key, the rest are served.
      for (const p of kvar) {
        const egen = kanda.get(nycklar.ensam(p.id));
        if (egen === undefined) utskick.push(redan(p, nycklar.grupp, gruppen));
        else if (egen === 'RESERVERAD') utskick.push(await ensam(p, undefined));
        else utskick.push(redan(p, nycklar.ensam(p.id), egen));
      }
      return utskick;
    }

    const reservation = {
      kommun: input.kommun,
      ...(input.uppgiftId ? { uppgiftId: input.uppgiftId } : {}),
      slag: input.slag,
      amne: meddelande.amne,
    };
    const status = await mailLogg.reserveraMail({
      ...reservation,
      nyckel: nycklar.grupp,
      mottagare: kvar.map((p) => p.epost),
      tid: nu(),
      upptagen: UPPTAGEN_S,
    });
    // Held by another attempt, or finished by one since it was read above: the retry finds what it did.
    if (status !== 'NY' && status !== 'RESERVERAD') throw upptagen(nycklar.grupp);
    await medHall(mailLogg, nycklar.grupp, async () => {
      let avvisade: AvvisadMottagare[];
      try {
        avvisade = await overfor(kvar, meddelande, messageId, await input.attachments());
      } catch (error) {
        // Every recipient refused: recorded only when every refusal is for good (else the retry sends again).
        avvisade = allaAvvisade(error) ?? [];
        if (avvisade.length === 0 || avvisade.some((a) => a.svar === undefined)) {
          throw smtpFailure(error, nycklar.grupp, kvar.map((p) => p.epost).join(', '));
        }
      }
      const avvisad = (p: Gruppsandning['personer'][number]) =>
        avvisade.find((a) => a.epost.toLowerCase() === p.epost.toLowerCase());
      const ejNadda = kvar.filter((p) => avvisad(p) !== undefined);
      for (const p of ejNadda) {
        await mailLogg.reserveraMail({
          ...reservation,
          nyckel: nycklar.ensam(p.id),
          mottagare: [p.epost],
          tid: nu(),
        });
      }
      if (ejNadda.length < kvar.length) await mailLogg.markeraMailSkickat(nycklar.grupp, messageId, nu());
      else {
        const svar = ejNadda.map((p) => `${p.epost}: ${avvisad(p)!.svar}`).join('; ');
        await mailLogg.markeraMailAvvisat(nycklar.grupp, svar, nu());
      }
      for (const p of kvar) {
        const a = avvisad(p);
        utskick.push(a ? await ensam(p, a.svar) : { ...iGruppen(p), status: 'SKICKAT' });
      }
    });
    return utskick;
  };

  return {
    skicka: (input: Sandning | OkandMottagare) => ('okand' in input ? okand(input) : skicka(input, true)),
    skickaTill,
  };
}

/** nodemailer's error for a recipient the server did not take (`info.rejectedErrors`, `error.rejectedErrors`). */
interface RcptFel {
  recipient?: string;
  response?: string;
  responseCode?: number;
  message?: string;
}

/** A recipient the server did not take: `svar` its answer when it refused for good (5xx), undefined for a 4xx. */
interface AvvisadMottagare {
  epost: string;
  svar: string | undefined;
}

function avvisadeAv(fel: RcptFel[] | undefined): AvvisadMottagare[] {
  return (fel ?? []).map((e) => ({
    epost: e.recipient ?? '',
    svar: e.responseCode !== undefined && e.responseCode >= 500 ? (e.response ?? e.message ?? '') : undefined,
  }));
}

/** The recipients of a transaction the server refused for every recipient, or undefined for any other failure. */
function allaAvvisade(error: unknown): AvvisadMottagare[] | undefined {
  const e = error as { command?: string; rejectedErrors?: RcptFel[] };
  if (e.command !== 'RCPT TO' || !e.rejectedErrors) return undefined;
  return avvisadeAv(e.rejectedErrors);
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
