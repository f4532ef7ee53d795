/**
 * The activities the workflows call, as the workflows see them: the register, the mail and the config.
 * src/activities/index.ts implements this interface (the type check holds the two together).
 */
import type { Kallelse } from '../domain/kallelse';
import type { Fel } from '../domain/validering';
import type { Protokoll } from '../domain/protokoll';
import type { Protokollandring } from '../domain/protokollandring';
import type {
  Motesfakta,
  PlaneratSammantrade,
  RapportTillMotet,
  SammantradeFas,
} from '../domain/sammantrade';
import type { RapportHandelser } from '../domain/arshjul';
import type { IsoDate } from '../domain/datum';
import type { PlanVarning, RapportPlan } from '../domain/planering';
import type { UnderlagSteg } from '../domain/rapport';
import type { ForsenadVidStart } from '../domain/arshjulStart';
import type { Kontext } from '../domain/rapportprocess';
import type { UppgiftState, UppgiftTyp } from '../domain/uppgift';

export type MeddelandeSlag =
  | 'NY'
  | 'PAMINNELSE'
  | 'ESKALERING'
  | 'ESKALERING_UPPHOR'
  | 'RETUR'
  | 'DELEGERAD'
  | 'OMTILLDELAD'
  | 'NY_FORFALLODAG';

/** How one recipient's message went: sent (now or before), or refused (by the server, or not in the config). */
export type Utskicksstatus = 'SKICKAT' | 'REDAN_SKICKAT' | 'AVVISAT' | 'REDAN_AVVISAT';

/** What a message to several people did: each recipient (a person id) and how it went. */
export interface Mailutfall {
  utskick: { person: string; status: Utskicksstatus }[];
}

/** Recipients named by role, resolved from the current config when the message goes out. */
export type Mottagarroll = { roll: 'kanslichef' } | { roll: 'chef'; for: string };

/** One message about a task, to the given people; sent once per `nyckel`. */
export interface Uppgiftsmeddelande {
  nyckel: string;
  kommun: string;
  slag: MeddelandeSlag;
  /** Person ids from the config. */
  mottagare: string[];
  /** And by role, resolved when it goes out: an escalation reaches today's kanslichefer and chef. */
  roller?: Mottagarroll[];
  uppgift: {
    id: string;
    titel: string;
    typ: UppgiftTyp;
    processTitel: string;
    organ?: string;
    forfaller: IsoDate;
    tilldelad: string;
    beskrivning?: string;
  };
  /** PAMINNELSE: days left (0 = today). */
  dagarKvar?: number;
  /** ESKALERING: days late and which escalation this is; ESKALERING_UPPHOR: days late and how many were sent. */
  dagarForsenad?: number;
  eskaleringNummer?: number;
  /** RETUR, DELEGERAD, OMTILLDELAD, NY_FORFALLODAG: the comment and who acted (person ids). */
  kommentar?: string;
  aktor?: string;
  paUppdragAv?: string;
  /** NY_FORFALLODAG: the due date before. */
  tidigareForfallodag?: IsoDate;
  /**
   * Sent only while the register has the task open — with this due date and assignee, when given — and
   * otherwise not at all: news made stale during an outage is never sent late.
   */
  medanOppen?: { forfaller?: IsoDate; tilldelad?: string };
  /** The .ics SEQUENCE: grows each time the due date moves, so calendars update the same event. */
  icsSekvens: number;
}

export interface ArshjulPlan {
  kontext: Kontext;
  planer: RapportPlan[];
  /** The year's meetings, whose workflows the årshjul starts (absent in plans made before it did). */
  sammantraden?: PlaneratSammantrade[];
}

export interface ArshjulActivities {
  /** Register: the task's snapshot and any events not stored yet (idempotent). */
  sparaUppgift(state: UppgiftState): Promise<number[]>;
  skickaUppgiftsmeddelande(meddelande: Uppgiftsmeddelande): Promise<Mailutfall>;
  /**
   * The task's state stored, then its news queued in the outbox (src/activities/utkorg.ts) — in that order, in one
   * step the workflow runs as a local activity (both idempotent, so a repeat is cheap). The outbox sends and
   * retries beside the workflow task. `ejSkickade` names what the workflow must send beside its loop itself: none
   * since the outbox (workers from before it answered what their SMTP server had not taken within 3 s).
   */
  sparaUppgiftOchMeddela(input: {
    state: UppgiftState;
    meddelanden: Uppgiftsmeddelande[];
  }): Promise<{ ejSkickade: string[] }>;
  /**
   * Queues the messages in the outbox, which sends them at once beside the workflow task (run as a local activity,
   * issue 16). `ejSkickade`: as for `sparaUppgiftOchMeddela`, none since the outbox.
   */
  meddelaNu(input: { meddelanden: Uppgiftsmeddelande[] }): Promise<{ ejSkickade: string[] }>;
  /**
   * The register refused to store what a workflow holds (a task's state, a protocol): the kommun's kanslichefer
   * and admins are told, once per `nyckel`, what and why, so it is never a silently stuck task.
   */
  skickaSparfel(input: Sparfelmeddelande): Promise<Mailutfall>;
  /** Register: a report's row (idempotent upsert). */
  sparaRapport(input: {
    id: string;
    kommun: string;
    organ: string;
    slag: string;
    period: string;
    titel: string;
    status: string;
    diarienummer?: string;
    plan?: unknown;
    /** Documents that join the ärende (the revisorer's bedömning); kept once stored. */
    handlingar?: RapportHandling[];
    /** The process's write number: a write lower than the stored one is ignored (see `sparaRapport`). */
    seq?: number;
  }): Promise<void>;
  /**
   * Register: which of the nämnder's reports are in — decided (`beslut`) or handed in with a diarienummer
   * (`inlamning`) — for the styrelse's report that waits for them.
   */
  lasUnderlag(input: { rapportIds: string[]; steg: UnderlagSteg }): Promise<UnderlagInne[]>;
  /**
   * Register: binds an approval to the versions of the ärende's documents the approver saw (or, when the command
   * named none, its current ones), audited as theirs; idempotent by the task. `nyare`: a version came after.
   */
  bindGodkannande(input: {
    processId: string;
    kommun: string;
    uppgiftId: string;
    godkandAv: string;
    tid: number;
    dokument?: { id: string; sha256: string }[];
  }): Promise<{ bundna: { id: string; sha256: string }[]; nyare: boolean }>;
  /**
   * Register: what the report's follow-up still lacks before the chef's Godkänn (src/domain/uppfoljning/grind.ts),
   * as the refusal's list; empty when it is complete or the kommun requires nothing of its kind. Reads only.
   */
  uppfoljningsgrind(input: { rapportId: string }): Promise<Fel[]>;
  /** Register: the ärende and its diarienummer, without gaps (idempotent by `nyckel`). */
  registreraArende(input: {
    nyckel: string;
    kommun: string;
    organ: string;
    ar: number;
    rubrik: string;
    registreradAv: string;
    /** Workflow time (epoch ms) of the registration. */
    tid: number;
    /** The report whose approved document versions the diarium records with the ärende. */
    processId?: string;
  }): Promise<{ arendeId: string; diarienummer: string; lopnummer: number }>;
  /**
   * Register: the year's state as the årshjul's query answers it, for the year's page and REST read (idempotent;
   * a write with a lower `seq` than the stored one is ignored).
   */
  sparaArshjulOversikt(input: {
    kommun: string;
    ar: number;
    seq: number;
    status: 'PAGAR' | 'KLAR' | 'STOPPAD';
    data: unknown;
  }): Promise<void>;
  /** Register: every step of these reports as recorded (src/domain/arshjul.ts `handelserFranRegistret`). */
  lasRapportstatus(input: { rapportIds: string[] }): Promise<Record<string, RapportHandelser>>;
  /** Config: one meeting's facts, for its workflow (src/domain/sammantrade.ts `motesfaktaFor`). */
  motesfakta(input: SammantradeNyckel): Promise<Motesfakta>;
  /** Config: the kommun's year planned backwards (src/domain/planering.ts), and the context its tasks need. */
  planeraArshjul(input: { kommun: string; ar: number }): Promise<ArshjulPlan>;
}

/** What could not be stored, for the kanslichef and the admin. */
export interface Sparfelmeddelande {
  nyckel: string;
  kommun: string;
  /** The task or meeting, its title and its page (a path on the web app). */
  objekt: { id: string; titel: string; sida: string };
  /** What was being done, in the kansli's words ("Slutför uppgiften"). */
  vad: string;
  /** The register's answer (in English, for whoever helps). */
  fel: string;
}

/** A document that joins a report's ärende: the revisorer's bedömning or revisionsberättelse. */
export interface RapportHandling {
  titel: string;
  datum: IsoDate;
  /** Their statement, as the revisorer's contact wrote it on the task. */
  text?: string;
}

/** A nämnd's report that is in, for the styrelse's draft. */
export interface UnderlagInne {
  rapportId: string;
  organ: string;
  titel: string;
  diarienummer?: string;
  /** Where it was decided: `VON 2026-09-17`. */
  beslut?: string;
}

/** What the sammanträde is, in the register: `sammantrade/<kommun>/<organ>/<datum>`. */
export interface SammantradeNyckel {
  kommun: string;
  organ: string;
  datum: IsoDate;
}

/** The register's side of the sammanträde chain (src/activities/sammantrade.ts); every write idempotent. */
export interface SammantradeActivities {
  /**
   * The next § number in the organ's series for the year (§§ run per organ and year across meetings), without
   * gaps or duplicates, also when two meetings are recorded at once. Idempotent by `nyckel`: asked again with
   * the same key, it answers the number it gave.
   */
  tilldelaParagrafnummer(
    input: SammantradeNyckel & { nyckel: string; serie?: number; start?: number },
  ): Promise<number>;
  /**
   * Where the organ's § series continues from, as the first meeting of its year (or period) records it: refused,
   * naming the number, when it would leave a gap or reuse one (the refusals returned; empty when set).
   */
  bestamParagrafserie(input: SammantradeNyckel & { serie?: number; forsta: number }): Promise<Fel[]>;
  /**
   * Stores the protocol as it now stands — the sammanträde row, its §§ (with their beslut) and a new protocol
   * version when `version` is not stored yet — in one transaction; the audit log gets `handelse` by `aktor`.
   */
  sparaProtokoll(input: {
    protokoll: Protokoll;
    version: number;
    handelse: string;
    aktor?: string;
    tid: number;
  }): Promise<void>;
  /**
   * Stores the protocol by reference: `andring` applied to the version `bas` the register holds (none: the first
   * version), as `sparaProtokoll` stores a whole one. Answers the SHA-256 of the version stored.
   */
  sparaProtokollandring(
    input: SammantradeNyckel & {
      bas?: number;
      andring: Protokollandring;
      version: number;
      handelse: string;
      aktor?: string;
      tid: number;
    },
  ): Promise<{ sha256: string }>;
  /**
   * A justerare's (or the ordförande's) answer: approval, or objection per § with a comment. Idempotent by
   * `nyckel`. Answers the SHA-256 of the protocol version answered (older workers answered nothing).
   */
  registreraJustering(
    input: SammantradeNyckel & {
      nyckel: string;
      version: number;
      person: string;
      typ: 'GODKAND' | 'INVANDNING';
      paragrafer: number[];
      kommentar?: string;
      tid: number;
    },
  ): Promise<{ sha256?: string } | void>;
  /**
   * The anslag on the anslagstavla: the whole protocol's, or an omedelbart justerad §'s own, with its statutory
   * dates; `nedtagen` once it is taken down. Idempotent by `nyckel` (an upsert).
   */
  sparaAnslag(
    input: SammantradeNyckel & {
      nyckel: string;
      typ: 'PROTOKOLL' | 'OMEDELBAR' | 'KALLELSE';
      paragrafer: number[];
      uppsatt: IsoDate;
      nedtasTidigast?: IsoDate;
      overklagandeSenast?: IsoDate;
      lagaKraft?: IsoDate;
      nedtagen?: IsoDate;
    },
  ): Promise<void>;
  /** The reports whose plan brings an ärende to this meeting, as the register has them now. */
  rapporterForSammantrade(input: SammantradeNyckel): Promise<RapportTillMotet[]>;
  /**
   * The meeting's phase in its register row, which the year's list of meetings reads. `seq` grows with every
   * write of the meeting (across continue-as-new); a write not above the stored one is ignored.
   */
  sparaSammantradetsFas(input: SammantradeNyckel & { fas: SammantradeFas; seq: number }): Promise<void>;
  /**
   * Closes the ärende with this diarienummer by the beslut `genom` (`KS 2023-10-11 § 336`), once every recipient
   * has acknowledged it; an ärende the register does not have (registered elsewhere) is left alone.
   */
  avslutaArende(input: {
    kommun: string;
    diarienummer: string;
    genom: string;
    tid: number;
  }): Promise<boolean>;
  /** One recipient of one § 's protokollsutdrag, and (later) their receipt. Idempotent by `nyckel`. */
  sparaExpediering(
    input: SammantradeNyckel & {
      nyckel: string;
      paragraf: number;
      mottagare: string;
      for: 'VERKSTALLIGHET' | 'KANNEDOM';
      uppgiftId: string;
      skickad?: number;
      kvitterad?: number;
      /** The meeting ended with the receipt outstanding: the register takes it (the link writes it there). */
      overlamnad?: number;
    },
  ): Promise<void>;
}

/** The mail side of the sammanträde chain (src/activities/sammantradeMail.ts). */
export interface SammantradeMailActivities {
  /** Mails the kallelse with its föredragningslista (PDF attached) to each person; once per `nyckel` and person. */
  skickaKallelse(input: { nyckel: string; kallelse: Kallelse; mottagare: string[] }): Promise<void>;
  /**
   * Mails one recipient the protokollsutdrag of one § (PDF attached, built from the register's protocol) with the
   * link to acknowledge it (the kvittens task); once per `nyckel`.
   */
  skickaProtokollsutdrag(
    input: SammantradeNyckel & {
      nyckel: string;
      paragraf: number;
      mottagare: string;
      for: 'VERKSTALLIGHET' | 'KANNEDOM';
      uppgiftId: string;
      forfaller: IsoDate;
    },
  ): Promise<{ status: Utskicksstatus } | void>;
}

/** The årshjul's own mail (src/activities/arshjulMail.ts). */
export interface ArshjulMailActivities {
  /** Tells every kanslichef of the kommun what in the year's plan breaks a rule; once per `nyckel` and person. */
  skickaPlanvarning(input: {
    nyckel: string;
    kommun: string;
    ar: number;
    varningar: { rapport: string; varning: PlanVarning }[];
  }): Promise<void>;
  /**
   * A year started mid-year: one digest to each person with tasks already late, and one to each kanslichef with
   * all of them, instead of a catch-up escalation per task; once per `nyckel` and person.
   */
  skickaStartsammandrag(input: {
    nyckel: string;
    kommun: string;
    ar: number;
    forsenade: ForsenadVidStart[];
  }): Promise<void>;
  /**
   * The styrelse's report waits for nämnder that are late with theirs: every kanslichef is told which, before
   * the styrelse's own chain is at risk; once per `nyckel` and person.
   */
  skickaUnderlagSent(input: {
    nyckel: string;
    kommun: string;
    rapport: { id: string; titel: string; inlamning: IsoDate };
    sena: { id: string; organ: string; titel: string; klart: IsoDate }[];
  }): Promise<void>;
}
