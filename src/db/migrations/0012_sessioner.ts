/**
 * Sessions and revocable credentials in the register (issue 15, item 6): each session a row that every request
 * checks, so signing out (or an administrator's "logga ut överallt") ends it at once, on every web instance; and
 * a generation per person for calendar-feed links, so a new link invalidates the old one; and each person's
 * identity at their kommun's IdP (issuer + subject), bound at the first sign-in through it; and the
 * sign-in limiter's attempts, so that its counts survive a restart and are shared by every web instance.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The id is the SHA-256 of the session's secret id (the cookie's), so the table does not hold credentials.
  await sql`create table sessioner (
    id text primary key,
    kommun_id text not null,
    person_id text not null,
    skapad timestamptz not null,
    giltig_till timestamptz not null,
    aterkallad timestamptz
  )`.execute(db);
  await sql`create index sessioner_person on sessioner (kommun_id, person_id) where aterkallad is null`.execute(
    db,
  );
  await sql`create index sessioner_giltig_till on sessioner (giltig_till)`.execute(db);
  await sql`create table kalendergenerationer (
    kommun_id text not null,
    person_id text not null,
    generation integer not null,
    andrad timestamptz not null,
    primary key (kommun_id, person_id)
  )`.execute(db);
  await sql`create table oidc_identiteter (
    iss text not null,
    sub text not null,
    kommun_id text not null,
    person_id text not null,
    bunden timestamptz not null,
    primary key (iss, sub),
    unique (iss, kommun_id, person_id)
  )`.execute(db);
  // The key is a hash (of the address or the client), so the table holds no addresses.
  await sql`create table inloggningsforsok (
    id bigserial primary key,
    nyckel text not null,
    tid timestamptz not null
  )`.execute(db);
  await sql`create index inloggningsforsok_nyckel on inloggningsforsok (nyckel, tid)`.execute(db);
}
