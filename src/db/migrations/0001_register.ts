/**
 * The register's first schema: the kommun as configured, ärenden with their diarienummer, reports, the task
 * read model and history, the mail log and the audit log. One statement per call: PGlite runs each query
 * through the extended protocol, which takes a single statement.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  // Synced from config/<kommun>.yaml at start; people and organs are never deleted, the record refers to them.
  sql`create table kommun (
    id text primary key,
    namn text not null
  )`,
  sql`create table organ (
    kommun_id text not null references kommun (id),
    kortnamn text not null,
    namn text not null,
    typ text not null,
    bereder text,
    diarium text not null,
    primary key (kommun_id, kortnamn)
  )`,
  sql`create table person (
    kommun_id text not null references kommun (id),
    id text not null,
    namn text not null,
    epost text not null,
    titel text,
    chef text,
    ersattare text[] not null default '{}',
    roller jsonb not null,
    aktiv boolean not null default true,
    primary key (kommun_id, id)
  )`,

  // One counter row per diarium and year: its row lock serialises registrations, so numbers have no gaps.
  sql`create table diarie_lopnummer (
    kommun_id text not null,
    diarium text not null,
    ar integer not null,
    senaste integer not null check (senaste > 0),
    primary key (kommun_id, diarium, ar)
  )`,
  sql`create table arende (
    id text primary key,
    kommun_id text not null,
    diarium text not null,
    ar integer not null,
    lopnummer integer not null check (lopnummer > 0),
    diarienummer text not null,
    rubrik text not null,
    organ text not null,
    registrerad_av text not null,
    registrerad_tid timestamptz not null,
    nyckel text not null unique,
    unique (kommun_id, diarienummer),
    unique (kommun_id, diarium, ar, lopnummer)
  )`,

  sql`create table rapport (
    id text primary key,
    kommun_id text not null,
    organ text not null,
    slag text not null,
    period text not null,
    titel text not null,
    status text not null,
    arende_id text references arende (id),
    diarienummer text,
    plan jsonb,
    uppdaterad timestamptz not null default now()
  )`,
  sql`create index rapport_kommun on rapport (kommun_id, organ)`,

  sql`create table uppgift (
    id text primary key,
    kommun_id text not null,
    organ text,
    typ text not null,
    titel text not null,
    process_id text not null,
    process_titel text not null,
    tilldelad text not null,
    delegater text[] not null default '{}',
    forfaller date not null,
    status text not null,
    skapad timestamptz not null,
    avslutad timestamptz,
    senast_andrad timestamptz not null,
    senaste_seq integer not null,
    utfall jsonb
  )`,
  sql`create index uppgift_kommun_status on uppgift (kommun_id, status, forfaller)`,
  sql`create index uppgift_tilldelad on uppgift (tilldelad)`,
  sql`create index uppgift_delegater on uppgift using gin (delegater)`,
  sql`create index uppgift_process on uppgift (process_id)`,
  sql`create table uppgift_handelse (
    uppgift_id text not null references uppgift (id),
    seq integer not null check (seq > 0),
    typ text not null,
    tid timestamptz not null,
    aktor text,
    pa_uppdrag_av text,
    kommentar text,
    till text,
    forfaller date,
    mottagare text[],
    primary key (uppgift_id, seq)
  )`,

  sql`create table mail_logg (
    nyckel text primary key,
    kommun_id text not null,
    uppgift_id text,
    slag text not null,
    mottagare text[] not null,
    amne text not null,
    status text not null check (status in ('RESERVERAD', 'SKICKAD')),
    message_id text,
    reserverad timestamptz not null,
    skickad timestamptz
  )`,
  sql`create index mail_logg_kommun on mail_logg (kommun_id, reserverad)`,
  sql`create index mail_logg_uppgift on mail_logg (uppgift_id)`,

  sql`create table audit_logg (
    id bigserial primary key,
    nyckel text not null unique,
    tid timestamptz not null,
    aktor text,
    pa_uppdrag_av text,
    handling text not null,
    objekt text not null,
    detaljer jsonb
  )`,
  sql`create index audit_logg_objekt on audit_logg (objekt, tid)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}
