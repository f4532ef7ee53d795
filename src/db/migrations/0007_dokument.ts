/**
 * The documents of an ärende: the tjänsteskrivelse, the report, its bilagor — every upload a new version that is
 * never overwritten, its bytes stored once per content (SHA-256) in the register itself, so one backup of
 * PostgreSQL holds the record and its documents together; and which versions the chef approved.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`create table dokumentinnehall (
    sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    bytes bytea not null,
    storlek integer not null check (storlek > 0),
    skapad timestamptz not null default now()
  )`,
  // One row per uploaded version. `process_id` is the report (or ärende) the document belongs to; `nr` numbers
  // its uploads 1, 2, … without gaps.
  sql`create table dokument (
    id text primary key,
    kommun_id text not null,
    process_id text not null,
    nr integer not null check (nr > 0),
    roll text not null check (roll in ('TJANSTESKRIVELSE', 'RAPPORT', 'BILAGA')),
    namn text not null,
    typ text not null check (typ in ('pdf', 'docx', 'xlsx', 'odt')),
    sha256 text not null references dokumentinnehall (sha256),
    storlek integer not null,
    uppladdad_av text not null,
    uppladdad timestamptz not null,
    uppgift_id text,
    kommentar text,
    unique (process_id, nr)
  )`,
  sql`create index dokument_process on dokument (process_id, roll, nr)`,
  // The versions a chef approved, by the approval task; the ärende's approved documents are the last approval's.
  sql`create table dokument_godkannanden (
    uppgift_id text not null,
    process_id text not null,
    dokument_id text not null references dokument (id),
    sha256 text not null,
    godkand_av text not null,
    godkand timestamptz not null,
    primary key (uppgift_id, dokument_id)
  )`,
  sql`create index dokument_godkannanden_process on dokument_godkannanden (process_id, godkand)`,
  // A DOCX shown as PDF (converted once by LibreOffice), by the DOCX's content.
  sql`create table dokumentvisning (
    kalla_sha256 text primary key references dokumentinnehall (sha256),
    pdf_sha256 text not null references dokumentinnehall (sha256)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}
