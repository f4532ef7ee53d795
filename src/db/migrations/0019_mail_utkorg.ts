/**
 * The outbox of a task's mail (issue 16): the local activity that stores a task's state queues the messages that
 * announce it here and answers at once; the worker process sends them beside the workflow task, from this table.
 * A slow or absent mail server then no longer holds a task's workflow task, nor the worker's one workflow thread.
 * A row is the `Uppgiftsmeddelande` the workflow built, under the mail log's key: queued once (a repeated local
 * activity finds its key), deleted once sent, refused for good, stale, or given up (`ge_upp`, a day after it was
 * queued, as the mail activity's schedule-to-close was). `upptagen_till` is a claim: until then one process is
 * sending it and no other takes it; a process that died lets it run out, and the next sweep sends the row.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table mail_utkorg (
    nyckel text primary key,
    kommun_id text not null,
    uppgift_id text not null,
    meddelande jsonb not null,
    koad timestamptz not null default now(),
    ge_upp timestamptz not null default now() + interval '1 day',
    nasta_forsok timestamptz not null default now(),
    forsok integer not null default 1,
    senaste_fel text,
    upptagen_till timestamptz
  )`.execute(db);
  await sql`create index mail_utkorg_nasta_forsok on mail_utkorg (nasta_forsok)`.execute(db);
}
