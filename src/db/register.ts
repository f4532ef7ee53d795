/**
 * The register: Årshjul's permanent record in PostgreSQL (a server, or PGlite embedded). Temporal owns the
 * processes in flight; the register owns what must outlive their histories — ärenden and diarienummer,
 * reports, sammanträden with their protocols, § series, justeringar, anslag and expedieringar, the task read
 * model, the mail log and the audit log. Activities write it at each step, and every
 * write is idempotent, so a retried activity never writes twice. Dashboards read it.
 */
import type { Kysely } from 'kysely';
import type { RapportHandelser } from '../domain/arshjul';
import type { IsoDate } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import type { Protokoll } from '../domain/protokoll';
import type { SammantradeFas } from '../domain/sammantrade';
import type { Fel } from '../domain/validering';
import type { Handelse, UppgiftState } from '../domain/uppgift';
import {
  avslutaArende,
  hamtaArende,
  listaArenden,
  registreraArende,
  type ArendeFilter,
  type ArendeRad,
  type NyttArende,
  type RegistreratArende,
} from './arenden';
import { auditLogg, skrivAudit, type AuditPost, type AuditRad } from './audit';
import {
  dokumentinnehall,
  godkandaDokument,
  godkannanden,
  hamtaDokument,
  listaDokument,
  sparaDokument,
  sparaGodkannande,
  sparaVisningsPdf,
  visningsPdf,
  type DokumentRad,
  type Godkannande,
  type NyttDokument,
} from './dokument';
import type { PgliteThread } from './pgliteThread';
import { openDatabase } from './database';
import {
  hamtaArshjulOversikt,
  rapporternasSteg,
  sparaArshjulOversikt,
  type LastArshjulOversikt,
  type SparadArshjulOversikt,
} from './arshjulOversikt';
import { anvandInloggning, raknaInloggningsforsok, skapaInloggning } from './inloggningar';
import {
  aterkallaPersonensSessioner,
  aterkallaSession,
  bindOidcIdentitet,
  oidcIdentitet,
  hamtaSession,
  kalendergeneration,
  nyKalendergeneration,
  rensaSessioner,
  skapaSession,
  type SessionRad,
} from './sessioner';
import { organ, personer, syncKommun, type OrganRad, type PersonRad } from './kommun';
import {
  mailLogg,
  mailStatusar,
  markeraMailAvvisat,
  markeraMailSkickat,
  reserveraMail,
  slappMail,
  type MailRad,
  type MailReservation,
  type MailStatus,
  type Reservation,
} from './mail';
import {
  hamtaForfallnaMail,
  koaMail,
  skjutUppMail,
  tomMail,
  utkorgen,
  utkorgensLage,
  type KoatMeddelande,
  type UtkorgsRad,
} from './utkorg';
import {
  overklagandenIEfterhand,
  sparaOverklagandeIEfterhand,
  type OverklagandeIEfterhand,
} from './overklaganden';
import {
  hamtaRapport,
  oppnaRapporter,
  rapporterForSammantrade,
  sparaRapport,
  stangRapport,
  type RapportRad,
  type SparadRapport,
} from './rapporter';
import {
  anslag,
  anslagstavlan,
  expedieringar,
  hamtaProtokoll,
  hamtaSammantrade,
  justeringar,
  paragrafserie,
  protokollversioner,
  protokollversion,
  overlamnadKvittens,
  kvitteraOverlamnad,
  type OverlamnadKvittens,
  registreraJustering,
  sparaAnslag,
  sparaExpediering,
  sparaProtokoll,
  tilldelaParagrafnummer,
  bestamParagrafserie,
  sammantradenUnderAret,
  type SammantradetsJustering,
  type AnslagPaTavlan,
  type AnslagRad,
  type ExpedieringRad,
  type JusteringRad,
  type NyJustering,
  type Paragrafserie,
  type ParagrafnummerBegaran,
  type ParagrafserieBegaran,
  type ProtokollversionRad,
  type SammantradeNyckel,
  type SammantradeRad,
  type SparadExpediering,
  type SparatAnslag,
  type SparatProtokoll,
} from './sammantraden';
import {
  efterfyllFaser,
  faserEfterfyllda,
  sparaSammantradetsFas,
  startadeSammantraden,
  type SammantradetsFas,
} from './sammantradenasFaser';
import type { Database } from './schema';
import {
  lasObjekt,
  rapportensVarden,
  sparaUppfoljning,
  vardehistorik,
  type ObjektFilter,
  type SparadUppfoljning,
  type VardeRad,
} from './uppfoljning';
import type { Objekt } from '../domain/uppfoljning/modell';
import {
  hamtaUppgift,
  listaUppgifter,
  oppnaUppgifter,
  sparaUppgift,
  uppgiftshistorik,
  type OppnaUrval,
  type Oversiktsrad,
  type UppgiftFilter,
  type UppgiftRad,
} from './uppgifter';

export type {
  AnslagRad,
  ArendeRad,
  AuditRad,
  ExpedieringRad,
  JusteringRad,
  MailRad,
  OppnaUrval,
  OverklagandeIEfterhand,
  OrganRad,
  Oversiktsrad,
  Paragrafserie,
  PersonRad,
  ProtokollversionRad,
  RapportRad,
  SammantradeNyckel,
  SammantradeRad,
  SammantradetsFas,
  SessionRad,
  UppgiftRad,
  VardeRad,
};

export interface RegisterOptions {
  /** `postgres://…`: a PostgreSQL server (e.g. from `DATABASE_URL`); otherwise PGlite. */
  url?: string;
  /** PGlite's data folder; `undefined` keeps the register in memory (tests). */
  dataDir?: string;
  /** The data folder's PGlite, its thread started earlier (./pgliteThread.ts); else `dataDir` starts one. */
  pgliteThread?: PgliteThread;
  /** PostgreSQL: connections at most (default 10). */
  poolMax?: number;
}

export interface Register {
  close(): Promise<void>;

  /** Copies the kommun's organs and people in (upsert); people no longer in the config become inactive. */
  syncKommun(config: KommunConfig): Promise<void>;
  personer(kommun: string): Promise<PersonRad[]>;
  organ(kommun: string): Promise<OrganRad[]>;

  /** Registers an ärende under the next diarienummer of its diarium and year; idempotent by `nyckel`. */
  registreraArende(input: NyttArende): Promise<RegistreratArende>;
  hamtaArende(id: string): Promise<ArendeRad | undefined>;
  /** The kommun's ärenden (the diarium), filtered by year, organ or diarium. */
  listaArenden(filter: ArendeFilter): Promise<ArendeRad[]>;
  /** Records a sign-in link sent by mail (its nonce). */
  skapaInloggning(input: { nonce: string; kommun: string; person: string; tid: Date }): Promise<void>;
  /** Uses a sign-in link: true only the first time, and only for its person. */
  anvandInloggning(input: { nonce: string; person: string; tid: Date }): Promise<boolean>;
  /** Records a sign-in attempt under each key; per key, the attempts since `fran` (this one counted). */
  raknaInloggningsforsok(input: { nycklar: readonly string[]; tid: Date; fran: Date }): Promise<number[]>;
  /** Records a session (its id: the SHA-256 of the cookie's session id). */
  skapaSession(input: {
    id: string;
    kommun: string;
    person: string;
    skapad: Date;
    giltigTill: Date;
  }): Promise<void>;
  hamtaSession(id: string): Promise<SessionRad | undefined>;
  /** Revokes one session (sign-out); true when it was live. */
  aterkallaSession(id: string, tid: Date): Promise<boolean>;
  /** Revokes every live session of the person ("logga ut överallt"); returns how many. */
  aterkallaPersonensSessioner(input: { kommun: string; person: string; tid: Date }): Promise<number>;
  /** Drops the rows of sessions that expired before `fore`. */
  rensaSessioner(fore: Date): Promise<void>;
  /** The person's calendar-feed generation; a link of an older one is refused. */
  kalendergeneration(kommun: string, person: string): Promise<number>;
  /** Moves the person's calendar-feed generation on; returns the new one. */
  nyKalendergeneration(input: { kommun: string; person: string; tid: Date }): Promise<number>;
  /** The person an IdP's subject (`iss` + `sub`) is bound to, if any. */
  oidcIdentitet(iss: string, sub: string): Promise<{ kommun: string; person: string } | undefined>;
  /** Binds the subject to the person unless bound at that issuer already; returns the person's bound subject. */
  bindOidcIdentitet(input: {
    iss: string;
    sub: string;
    kommun: string;
    person: string;
    tid: Date;
  }): Promise<string>;
  /** Closes the ärende (once) when every recipient of its beslut has acknowledged it; false when unknown. */
  avslutaArende(input: { kommun: string; diarienummer: string; genom: string; tid: Date }): Promise<boolean>;

  /** Upserts a report's row; a save without `diarienummer` or `plan` keeps the stored one. */
  sparaRapport(input: SparadRapport): Promise<void>;
  hamtaRapport(id: string): Promise<RapportRad | undefined>;
  /** The kommun's report rows neither done nor cancelled (for the reconciliation with the workflows). */
  oppnaRapporter(kommun: string): Promise<RapportRad[]>;
  /** Sets a row's status only while it is still as read (`fran`); true when it changed. */
  stangRapport(input: {
    id: string;
    status: string;
    fran: { status: string; seq?: number };
  }): Promise<boolean>;
  /** Records an appeal heard of after its appeal period's workflow closed (or its laga-kraft day). */
  sparaOverklagandeIEfterhand(input: OverklagandeIEfterhand): Promise<void>;
  /** The protocol's appeals heard of afterwards, in the order recorded. */
  overklagandenIEfterhand(protokoll: {
    kommun: string;
    organ: string;
    sammantrade: string;
  }): Promise<OverklagandeIEfterhand[]>;
  /** The year's overview as its årshjul wrote it; a write older (lower `seq`) than the stored one is ignored. */
  sparaArshjulOversikt(input: SparadArshjulOversikt): Promise<void>;
  /** The year's row; its `data` left out when it is still that of `kandSeq` (the caller has it). */
  hamtaArshjulOversikt(
    kommun: string,
    ar: number,
    kandSeq?: number,
  ): Promise<LastArshjulOversikt | undefined>;
  /** The reports' steps as their tasks and rows record them; a report with a row has started. */
  rapporternasSteg(rapportIds: string[]): Promise<Record<string, RapportHandelser>>;
  /** The reports whose plan has a step on this meeting (its föredragningslista's ärenden). */
  rapporterForSammantrade(motet: { kommun: string; organ: string; datum: string }): Promise<RapportRad[]>;

  /**
   * The next § number of the organ's series for the year of `datum` (from 1 each year, per organ), without gaps
   * or duplicates also when allocations run at once; idempotent by `nyckel`.
   */
  tilldelaParagrafnummer(input: ParagrafnummerBegaran): Promise<number>;
  /**
   * Where the organ's § series continues from (the first meeting of a year's choice): refused, naming the number,
   * when it would leave a gap or reuse a number. Returns the refusals (empty when set).
   */
  bestamParagrafserie(input: ParagrafserieBegaran): Promise<Fel[]>;
  /** The kommun's meetings of a year with the day each was justerad (Årshjulet's JUSTERING_FORSENAD). */
  sammantradenUnderAret(kommun: string, ar: number): Promise<SammantradetsJustering[]>;
  /** The meeting's phase as its workflow wrote it; a write whose `seq` is not above the stored one is ignored. */
  sparaSammantradetsFas(input: SammantradeNyckel & { fas: SammantradeFas; seq: number }): Promise<void>;
  /** The meetings of the kommun's `organ` in year `ar` whose workflows were started, with their phases. */
  startadeSammantraden(kommun: string, organ: readonly string[], ar: number): Promise<SammantradetsFas[]>;
  /** Whether the kommun's meetings started before their workflows wrote their phase were filled in. */
  faserEfterfyllda(kommun: string): Promise<boolean>;
  /** The one-off fill from visibility: phases where no workflow wrote one, and the kommun marked as filled. */
  efterfyllFaser(kommun: string, moten: readonly SammantradetsFas[]): Promise<void>;
  /**
   * Stores the protocol as it now stands in one transaction: the sammanträde's row and its §§ (when the version
   * is newer than the stored one), the version if new, and an audit entry (nyckel
   * `protokoll:<sammantradeId>:<version>`). A § number taken twice in the organ's series for the year throws
   * `ParagrafKonflikt`; a known version with other content `ProtokollversionKonflikt`. Returns whether the
   * version was new.
   */
  sparaProtokoll(input: SparatProtokoll): Promise<boolean>;
  /**
   * A justerare's answer, audited as theirs; idempotent by `nyckel`. Returns whether it was new and the SHA-256 of
   * the protocol version answered.
   */
  registreraJustering(input: NyJustering): Promise<{ ny: boolean; sha256?: string }>;
  /** Upserts an anslag by `nyckel`; dates left out keep the stored ones, `nedtagen` is never cleared. */
  sparaAnslag(input: SparatAnslag): Promise<void>;
  /** Upserts an expediering by `nyckel`; `skickad` and `kvitterad` are set once and never cleared. */
  sparaExpediering(input: SparadExpediering): Promise<void>;
  hamtaSammantrade(nyckel: SammantradeNyckel): Promise<SammantradeRad | undefined>;
  /** The protocol rebuilt from the tables and checked by its schema; undefined before one is stored. */
  hamtaProtokoll(nyckel: SammantradeNyckel): Promise<Protokoll | undefined>;
  /** Every stored version of the meeting's protocol (by sammanträde id), the oldest first. */
  protokollversioner(sammantradeId: string): Promise<ProtokollversionRad[]>;
  /** One stored version of the protocol (the base a change is applied to). */
  protokollversion(sammantradeId: string, version: number): Promise<Protokoll | undefined>;
  /** A receipt its meeting handed to the register when it ended (outstanding or since written). */
  overlamnadKvittens(uppgiftId: string, mottagare: string): Promise<OverlamnadKvittens | undefined>;
  /** A receipt by its link after its meeting ended; undefined when the meeting handed over no such receipt. */
  kvitteraOverlamnad(input: {
    uppgiftId: string;
    mottagare: string;
    tid: Date;
  }): Promise<OverlamnadKvittens | undefined>;
  justeringar(sammantradeId: string): Promise<JusteringRad[]>;
  anslag(sammantradeId: string): Promise<AnslagRad[]>;
  /** The kommun's anslagstavla now: what is posted and not taken down, the newest first. */
  anslagstavlan(kommun: string): Promise<AnslagPaTavlan[]>;
  expedieringar(sammantradeId: string): Promise<ExpedieringRad[]>;
  paragrafserie(kommun: string, organ: string, ar: number): Promise<Paragrafserie>;

  /**
   * Upserts the snapshot of a task and appends its events that are not stored yet (idempotent by uppgift id +
   * seq), in one transaction. Events with an `aktor` also go to the audit log (nyckel `uppgift:<id>:<seq>`).
   * Returns the seqs that were new.
   */
  sparaUppgift(state: UppgiftState): Promise<number[]>;
  hamtaUppgift(id: string, idag?: IsoDate): Promise<UppgiftRad | undefined>;
  /** Open tasks first; among them the overdue (forfaller < `idag`) first, then by due date. Filters optional. */
  listaUppgifter(filter: UppgiftFilter): Promise<UppgiftRad[]>;
  /** The kanslichef's overview: one page of the open tasks that pass the filters, by due date, and their number. */
  oppnaUppgifter(urval: OppnaUrval): Promise<{ rader: Oversiktsrad[]; totalt: number }>;
  uppgiftshistorik(id: string): Promise<Handelse[]>;

  /**
   * Mail log: 'NY' when the key was unknown (now RESERVERAD), 'RESERVERAD' when a previous attempt reserved it
   * but never marked it sent (the caller sends again), 'SKICKAD' when it went out already and 'AVVISAD' when
   * the server refused it for good (the caller must not send). With `upptagen` the caller is about to send and
   * holds the key that long; UPPTAGEN: another attempt holds it now (the caller must not send yet).
   */
  reserveraMail(entry: MailReservation): Promise<Reservation>;
  /** A failed send lets go of its hold on the key. */
  slappMail(nyckel: string): Promise<void>;
  markeraMailSkickat(nyckel: string, messageId: string, tid: Date): Promise<void>;
  markeraMailAvvisat(nyckel: string, svar: string, tid: Date): Promise<void>;
  /** The status of each of these keys the log has (read only: nothing is reserved). */
  mailStatusar(nycklar: readonly string[]): Promise<Map<string, MailStatus>>;
  mailLogg(filter?: { kommun?: string; uppgiftId?: string }): Promise<MailRad[]>;
  /** The outbox of task mail (./utkorg.ts): queues what was not queued, and claims the new rows for the caller. */
  koaMail(meddelanden: readonly KoatMeddelande[], upptagenS: number): Promise<UtkorgsRad[]>;
  /** Claims up to `max` rows that are due and held by no one. */
  hamtaForfallnaMail(max: number, upptagenS: number): Promise<UtkorgsRad[]>;
  tomMail(nyckel: string): Promise<void>;
  skjutUppMail(nyckel: string, omMs: number, fel: string): Promise<void>;
  utkorgen(): Promise<{ nyckel: string; forsok: number; senasteFel?: string }[]>;
  /** How many messages wait in the outbox, and since when the oldest. */
  utkorgensLage(): Promise<{ antal: number; aldsta?: Date }>;

  /** Stores an uploaded version of an ärende's document: never overwriting, numbered per ärende. */
  sparaDokument(input: NyttDokument, audit?: AuditPost): Promise<DokumentRad>;
  /** Every version of the ärende's documents, the oldest first. */
  listaDokument(processId: string): Promise<DokumentRad[]>;
  hamtaDokument(id: string): Promise<DokumentRad | undefined>;
  dokumentinnehall(sha256: string): Promise<Uint8Array | undefined>;
  /** The versions an approval bound (idempotent by task and document). */
  sparaGodkannande(input: Godkannande): Promise<void>;
  godkannanden(processId: string): Promise<Godkannande[]>;
  /** The versions the ärende's last approval bound, as stored (none before an approval). */
  godkandaDokument(processId: string): Promise<DokumentRad[]>;
  /** A document's content shown as PDF (a DOCX converted once), if converted. */
  visningsPdf(sha256: string): Promise<string | undefined>;
  sparaVisningsPdf(kalla: string, pdf: { sha256: string; bytes: Uint8Array }): Promise<void>;

  /** A report's follow-up, whole in one transaction: its objects upserted, its values for them replaced. */
  sparaUppfoljning(input: SparadUppfoljning): Promise<void>;
  /** The kommun's follow-up objects (the uppdrag register), filtered. */
  uppfoljningsobjekt(filter: ObjektFilter): Promise<(Objekt & { nyckel: string })[]>;
  /** One report's values. */
  uppfoljningsvarden(rapportId: string): Promise<VardeRad[]>;
  /** The values of objects in every report, the oldest period first. */
  vardehistorik(kommun: string, nycklar: readonly string[]): Promise<VardeRad[]>;

  /** Idempotent by nyckel; returns false when the entry was there already. */
  audit(entry: AuditPost): Promise<boolean>;
  auditLogg(filter?: { objekt?: string }): Promise<AuditRad[]>;
}

/** Opens the register and brings its schema up to date. */
export async function openRegister(options: RegisterOptions): Promise<Register> {
  const db: Kysely<Database> = await openDatabase(options);
  return {
    close: () => db.destroy(),
    syncKommun: (config) => syncKommun(db, config),
    personer: (kommun) => personer(db, kommun),
    organ: (kommun) => organ(db, kommun),
    registreraArende: (input) => registreraArende(db, input),
    hamtaArende: (id) => hamtaArende(db, id),
    listaArenden: (filter) => listaArenden(db, filter),
    avslutaArende: (input) => avslutaArende(db, input),
    skapaInloggning: (input) => skapaInloggning(db, input),
    anvandInloggning: (input) => anvandInloggning(db, input),
    raknaInloggningsforsok: (input) => raknaInloggningsforsok(db, input),
    skapaSession: (input) => skapaSession(db, input),
    hamtaSession: (id) => hamtaSession(db, id),
    aterkallaSession: (id, tid) => aterkallaSession(db, id, tid),
    aterkallaPersonensSessioner: (input) => aterkallaPersonensSessioner(db, input),
    rensaSessioner: (fore) => rensaSessioner(db, fore),
    kalendergeneration: (kommun, person) => kalendergeneration(db, kommun, person),
    nyKalendergeneration: (input) => nyKalendergeneration(db, input),
    oidcIdentitet: (iss, sub) => oidcIdentitet(db, iss, sub),
    bindOidcIdentitet: (input) => bindOidcIdentitet(db, input),
    sparaRapport: (input) => sparaRapport(db, input),
    hamtaRapport: (id) => hamtaRapport(db, id),
    oppnaRapporter: (kommun) => oppnaRapporter(db, kommun),
    stangRapport: (input) => stangRapport(db, input),
    sparaOverklagandeIEfterhand: (input) => sparaOverklagandeIEfterhand(db, input),
    overklagandenIEfterhand: (protokoll) => overklagandenIEfterhand(db, protokoll),
    sparaArshjulOversikt: (input) => sparaArshjulOversikt(db, input),
    hamtaArshjulOversikt: (kommun, ar, kandSeq) => hamtaArshjulOversikt(db, kommun, ar, kandSeq),
    rapporternasSteg: (rapportIds) => rapporternasSteg(db, rapportIds),
    rapporterForSammantrade: (motet) => rapporterForSammantrade(db, motet),
    tilldelaParagrafnummer: (input) => tilldelaParagrafnummer(db, input),
    bestamParagrafserie: (input) => bestamParagrafserie(db, input),
    sammantradenUnderAret: (kommun, ar) => sammantradenUnderAret(db, kommun, ar),
    sparaSammantradetsFas: (input) => sparaSammantradetsFas(db, input),
    startadeSammantraden: (kommun, organ, ar) => startadeSammantraden(db, kommun, organ, ar),
    faserEfterfyllda: (kommun) => faserEfterfyllda(db, kommun),
    efterfyllFaser: (kommun, moten) => efterfyllFaser(db, kommun, moten),
    sparaProtokoll: (input) => sparaProtokoll(db, input),
    registreraJustering: (input) => registreraJustering(db, input),
    sparaAnslag: (input) => sparaAnslag(db, input),
    sparaExpediering: (input) => sparaExpediering(db, input),
    hamtaSammantrade: (nyckel) => hamtaSammantrade(db, nyckel),
    hamtaProtokoll: (nyckel) => hamtaProtokoll(db, nyckel),
    protokollversioner: (id) => protokollversioner(db, id),
    protokollversion: (id, version) => protokollversion(db, id, version),
    overlamnadKvittens: (uppgiftId, mottagare) => overlamnadKvittens(db, uppgiftId, mottagare),
    kvitteraOverlamnad: (input) => kvitteraOverlamnad(db, input),
    justeringar: (id) => justeringar(db, id),
    anslag: (id) => anslag(db, id),
    anslagstavlan: (kommun) => anslagstavlan(db, kommun),
    expedieringar: (id) => expedieringar(db, id),
    paragrafserie: (kommun, organ, ar) => paragrafserie(db, kommun, organ, ar),
    sparaUppgift: (state) => sparaUppgift(db, state),
    hamtaUppgift: (id, idag) => hamtaUppgift(db, id, idag),
    listaUppgifter: (filter) => listaUppgifter(db, filter),
    oppnaUppgifter: (urval) => oppnaUppgifter(db, urval),
    uppgiftshistorik: (id) => uppgiftshistorik(db, id),
    reserveraMail: (entry) => reserveraMail(db, entry),
    slappMail: (nyckel) => slappMail(db, nyckel),
    markeraMailSkickat: (nyckel, messageId, tid) => markeraMailSkickat(db, nyckel, messageId, tid),
    markeraMailAvvisat: (nyckel, svar, tid) => markeraMailAvvisat(db, nyckel, svar, tid),
    mailStatusar: (nycklar) => mailStatusar(db, nycklar),
    mailLogg: (filter) => mailLogg(db, filter),
    koaMail: (meddelanden, upptagenS) => koaMail(db, meddelanden, upptagenS),
    hamtaForfallnaMail: (max, upptagenS) => hamtaForfallnaMail(db, max, upptagenS),
    tomMail: (nyckel) => tomMail(db, nyckel),
    skjutUppMail: (nyckel, omMs, fel) => skjutUppMail(db, nyckel, omMs, fel),
    utkorgen: () => utkorgen(db),
    utkorgensLage: () => utkorgensLage(db),
    sparaDokument: (input, audit) => sparaDokument(db, input, audit),
    godkandaDokument: (processId) => godkandaDokument(db, processId),
    listaDokument: (processId) => listaDokument(db, processId),
    hamtaDokument: (id) => hamtaDokument(db, id),
    dokumentinnehall: (sha256) => dokumentinnehall(db, sha256),
    sparaGodkannande: (input) => sparaGodkannande(db, input),
    godkannanden: (processId) => godkannanden(db, processId),
    visningsPdf: (sha256) => visningsPdf(db, sha256),
    sparaVisningsPdf: (kalla, pdf) => sparaVisningsPdf(db, kalla, pdf),
    sparaUppfoljning: (input) => sparaUppfoljning(db, input),
    uppfoljningsobjekt: (filter) => lasObjekt(db, filter),
    uppfoljningsvarden: (rapportId) => rapportensVarden(db, rapportId),
    vardehistorik: (kommun, nycklar) => vardehistorik(db, kommun, nycklar),
    audit: async (entry) => (await skrivAudit(db, [entry])).length > 0,
    auditLogg: (filter) => auditLogg(db, filter),
  };
}
