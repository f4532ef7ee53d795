/**
 * The register's tables as kysely sees them (the DDL is in src/db/migrations/). Column names follow the
 * product's language, in ASCII. Conventions on both back ends (src/db/database.ts makes them hold):
 * `date` reads and writes as an `IsoDate` string, `timestamptz` as a `Date`, `bigint` as a `number`;
 * `jsonb` is written as JSON text (node-postgres would turn a JS array into a PostgreSQL array) and read parsed.
 */
import type { ColumnType, Generated } from 'kysely';
import type { IsoDate } from '../domain/datum';
import type { SammantradeFas } from '../domain/sammantrade';

type Json = ColumnType<unknown, string, string>;
type JsonOrNull = ColumnType<unknown, string | null, string | null>;

export interface KommunTable {
  id: string;
  namn: string;
}

export interface OrganTable {
  kommun_id: string;
  kortnamn: string;
  namn: string;
  typ: string;
  bereder: string | null;
  diarium: string;
}

export interface PersonTable {
  kommun_id: string;
  id: string;
  namn: string;
  epost: string;
  titel: string | null;
  chef: string | null;
  ersattare: string[];
  roller: Json;
  aktiv: boolean;
}

export interface DiarieLopnummerTable {
  kommun_id: string;
  diarium: string;
  ar: number;
  senaste: number;
}

export interface ArendeTable {
  id: string;
  kommun_id: string;
  diarium: string;
  ar: number;
  lopnummer: number;
  diarienummer: string;
  rubrik: string;
  organ: string;
  registrerad_av: string;
  registrerad_tid: Date;
  nyckel: string;
  /** When its beslut had been acknowledged by every recipient, and which beslut. */
  avslutat: Generated<Date | null>;
  avslutat_genom: Generated<string | null>;
}

export interface RapportTable {
  id: string;
  kommun_id: string;
  organ: string;
  slag: string;
  period: string;
  titel: string;
  status: string;
  arende_id: string | null;
  diarienummer: string | null;
  plan: JsonOrNull;
  /** Documents that joined the ärende on the way: `[{ titel, datum, text? }]`. */
  handlingar: JsonOrNull;
  /** The process's write number (0013): a write with a lower one than the stored one is ignored. */
  seq: number | null;
  uppdaterad: Generated<Date>;
}

/** An appeal heard of after the appeal period's workflow closed or its laga-kraft day (0013). */
export interface OverklagandeIEfterhandTable {
  id: Generated<number>;
  kommun_id: string;
  organ: string;
  sammantrade: IsoDate;
  inkom: IsoDate;
  kant: IsoDate;
  paragrafer: ColumnType<unknown, string, string>;
  klagande: string | null;
  malnummer: string | null;
  registrerad_av: string;
  for_sent: boolean;
  registrerad: Generated<Date>;
}

export interface UppgiftTable {
  id: string;
  kommun_id: string;
  organ: string | null;
  typ: string;
  titel: string;
  process_id: string;
  process_titel: string;
  tilldelad: string;
  delegater: string[];
  forfaller: IsoDate;
  status: string;
  skapad: Date;
  avslutad: Date | null;
  senast_andrad: Date;
  /** The seq of the last event the snapshot includes: a late, stale write must not overwrite a newer one. */
  senaste_seq: number;
  utfall: JsonOrNull;
}

/** The open tasks counted per kommun, organ ('' for none) and kind, kept by a trigger on `uppgift` (0015). */
export interface UppgiftOppnaAntalTable {
  kommun_id: string;
  organ: string;
  typ: string;
  antal: number;
}

export interface UppgiftHandelseTable {
  uppgift_id: string;
  seq: number;
  typ: string;
  tid: Date;
  aktor: string | null;
  pa_uppdrag_av: string | null;
  kommentar: string | null;
  till: string | null;
  forfaller: IsoDate | null;
  mottagare: string[] | null;
}

export interface MailLoggTable {
  nyckel: string;
  kommun_id: string;
  uppgift_id: string | null;
  slag: string;
  mottagare: string[];
  amne: string;
  status: 'RESERVERAD' | 'SKICKAD' | 'AVVISAD';
  message_id: string | null;
  reserverad: Date;
  skickad: Date | null;
  /** AVVISAD: the SMTP server's answer, and when it refused. */
  svar: string | null;
  avvisad: Date | null;
  /** Until when the attempt sending it holds it (migration 0017): null when none does. */
  upptagen_till: Date | null;
}

/** A task's message waiting to be sent (migration 0019, src/db/utkorg.ts). */
export interface MailUtkorgTable {
  nyckel: string;
  kommun_id: string;
  uppgift_id: string;
  meddelande: Json;
  koad: ColumnType<Date, never, never>;
  ge_upp: ColumnType<Date, never, never>;
  nasta_forsok: ColumnType<Date, never, Date>;
  forsok: ColumnType<number, never, number>;
  senaste_fel: string | null;
  upptagen_till: Date | null;
}

export interface AuditLoggTable {
  id: Generated<number>;
  nyckel: string;
  tid: Date;
  aktor: string | null;
  pa_uppdrag_av: string | null;
  handling: string;
  objekt: string;
  detaljer: JsonOrNull;
}

export type SammantradeStatus =
  'PLANERAT' | 'KALLAT' | 'PROTOKOLLFORT' | 'JUSTERAT' | 'ANSLAGET' | 'LAGA_KRAFT';

export interface SammantradenTable {
  /** `sammantrade/<kommun>/<organ>/<datum>` */
  id: string;
  kommun_id: string;
  organ: string;
  datum: IsoDate;
  status: SammantradeStatus;
  /** The protocol version the meeting facts below come from; null until a protocol is stored. */
  version: number | null;
  organ_namn: string | null;
  tid: JsonOrNull;
  ajourneringar: JsonOrNull;
  plats: string | null;
  narvaro: JsonOrNull;
  ordforande: string | null;
  sekreterare: string | null;
  justerare: string[] | null;
  justering_datum: IsoDate | null;
  justering_klockan: string | null;
  justering_plats: string | null;
  justerad: IsoDate | null;
  anslag_uppsatt: IsoDate | null;
  forvaringsplats: string | null;
  kommun_namn: string | null;
  justering_omedelbar: boolean | null;
  justering_signaturer: JsonOrNull;
  anslag_nedtaget: IsoDate | null;
  /** The meeting workflow's phase as it last wrote it (migration 0016); null: not written, or not nameable. */
  fas: SammantradeFas | null;
  /** Orders those writes; null until the meeting's workflow (or the one-off fill from visibility) wrote. */
  fas_seq: number | null;
}

/** The kommuner whose meetings started before 0016 were filled in from Temporal's visibility. */
export interface SammantradeFaserEfterfylldaTable {
  kommun_id: string;
  tid: Generated<Date>;
}

export interface ParagrafserierTable {
  kommun_id: string;
  organ: string;
  ar: number;
  senaste: number;
}

export interface ParagrafnummerTable {
  nyckel: string;
  kommun_id: string;
  organ: string;
  ar: number;
  nummer: number;
  sammantrade_id: string;
}

export interface ParagraferTable {
  kommun_id: string;
  organ: string;
  ar: number;
  nummer: number;
  sammantrade_id: string;
  rubrik: string | null;
  diarienummer: string | null;
  omedelbart_justerad: boolean;
  /** Null for a § listed by number only. */
  beslut: JsonOrNull;
  /** The rest of the § record (sammanfattning, yrkanden, beslutsgång, underlag, skickas till …). */
  innehall: JsonOrNull;
}

export interface ProtokollversionerTable {
  sammantrade_id: string;
  version: number;
  protokoll: Json;
  handelse: string;
  aktor: string | null;
  tid: Date;
  sha256: string | null;
}

export interface JusteringarTable {
  nyckel: string;
  sammantrade_id: string;
  version: number;
  person: string;
  typ: 'GODKAND' | 'INVANDNING';
  paragrafer: number[];
  kommentar: string | null;
  tid: Date;
  sha256: string | null;
}

export interface AnslagTable {
  nyckel: string;
  sammantrade_id: string;
  typ: 'PROTOKOLL' | 'OMEDELBAR' | 'KALLELSE';
  paragrafer: number[];
  uppsatt: IsoDate;
  nedtas_tidigast: IsoDate | null;
  overklagande_senast: IsoDate | null;
  laga_kraft: IsoDate | null;
  nedtagen: IsoDate | null;
}

export interface ExpedieringarTable {
  nyckel: string;
  sammantrade_id: string;
  paragraf: number;
  mottagare: string;
  skickas_for: 'VERKSTALLIGHET' | 'KANNEDOM';
  uppgift_id: string;
  skickad: Date | null;
  kvitterad: Date | null;
  /** The meeting ended with this receipt outstanding: the register takes it (migration 0014). */
  overlamnad: Date | null;
}

export interface Database {
  kommun: KommunTable;
  organ: OrganTable;
  person: PersonTable;
  diarie_lopnummer: DiarieLopnummerTable;
  arende: ArendeTable;
  rapport: RapportTable;
  uppgift: UppgiftTable;
  uppgift_handelse: UppgiftHandelseTable;
  uppgift_oppna_antal: UppgiftOppnaAntalTable;
  mail_logg: MailLoggTable;
  mail_utkorg: MailUtkorgTable;
  audit_logg: AuditLoggTable;
  sammantraden: SammantradenTable;
  sammantrade_faser_efterfyllda: SammantradeFaserEfterfylldaTable;
  paragrafserier: ParagrafserierTable;
  paragrafnummer: ParagrafnummerTable;
  paragrafer: ParagraferTable;
  protokollversioner: ProtokollversionerTable;
  justeringar: JusteringarTable;
  anslag: AnslagTable;
  expedieringar: ExpedieringarTable;
  inloggningslankar: InloggningslankarTable;
  sessioner: SessionerTable;
  kalendergenerationer: KalendergenerationerTable;
  oidc_identiteter: OidcIdentiteterTable;
  inloggningsforsok: InloggningsforsokTable;
  dokumentinnehall: DokumentinnehallTable;
  dokument: DokumentTable;
  dokument_godkannanden: DokumentGodkannandenTable;
  dokumentvisning: DokumentvisningTable;
  uppfoljning_objekt: UppfoljningObjektTable;
  uppfoljning_varde: UppfoljningVardeTable;
  arshjul_oversikt: ArshjulOversiktTable;
  overklagande_i_efterhand: OverklagandeIEfterhandTable;
}

/** The year's overview as its årshjul last wrote it (`data`: the årshjul's query answer, `ArshjulData`). */
export interface ArshjulOversiktTable {
  kommun_id: string;
  ar: number;
  seq: number;
  status: 'PAGAR' | 'KLAR' | 'STOPPAD';
  data: Json;
  /** The ids of the year's reports (0018): whose tasks and rows the year's page reads. */
  rapporter: Generated<string[]>;
  uppdaterad: Generated<Date>;
}

export interface UppfoljningObjektTable {
  kommun_id: string;
  nyckel: string;
  id: string;
  slag: string;
  organ: string[];
  ar: number;
  titel: string;
  data: Json;
  slutdatum: IsoDate | null;
  uppdaterad: Date;
}

export interface UppfoljningVardeTable {
  rapport_id: string;
  kommun_id: string;
  nyckel: string;
  period: IsoDate;
  bedomning: string | null;
  bedomning_steg: string | null;
  trend: string | null;
  trend_steg: string | null;
  kommentar: string | null;
  utfall: string | null;
  prognos: string | null;
  budget: number | null;
  utfall_belopp: number | null;
  prognos_belopp: number | null;
  avvikelse: number | null;
  sparad_av: string;
  sparad: Date;
}

export interface DokumentinnehallTable {
  sha256: string;
  bytes: Uint8Array;
  storlek: number;
  skapad: Generated<Date>;
}

export interface DokumentTable {
  id: string;
  kommun_id: string;
  process_id: string;
  nr: number;
  roll: string;
  namn: string;
  typ: string;
  sha256: string;
  storlek: number;
  uppladdad_av: string;
  uppladdad: Date;
  uppgift_id: string | null;
  kommentar: string | null;
}

export interface DokumentGodkannandenTable {
  uppgift_id: string;
  process_id: string;
  dokument_id: string;
  sha256: string;
  godkand_av: string;
  godkand: Date;
}

export interface DokumentvisningTable {
  kalla_sha256: string;
  pdf_sha256: string;
}

export interface InloggningslankarTable {
  nonce: string;
  kommun_id: string;
  person_id: string;
  skapad: Date;
  anvand: Date | null;
}

export interface SessionerTable {
  /** SHA-256 (base64url) of the session id the cookie carries. */
  id: string;
  kommun_id: string;
  person_id: string;
  skapad: Date;
  giltig_till: Date;
  aterkallad: Date | null;
}

export interface InloggningsforsokTable {
  id: Generated<number>;
  nyckel: string;
  tid: Date;
}

export interface OidcIdentiteterTable {
  iss: string;
  sub: string;
  kommun_id: string;
  person_id: string;
  bunden: Date;
}

export interface KalendergenerationerTable {
  kommun_id: string;
  person_id: string;
  generation: number;
  andrad: Date;
}

/** A value for a `jsonb` column: JSON text, or SQL null for `undefined`. */
export function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
