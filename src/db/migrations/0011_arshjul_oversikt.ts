/**
 * The year's overview kept in the register (issue 16): the årshjul writes its state here after each change the
 * overview shows, so the year's page and `GET /api/kommuner/{kommun}/ar/{ar}` read one row instead of querying
 * the workflow. `seq` only grows: an older write never overwrites a newer one.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table arshjul_oversikt (
    kommun_id text not null,
    ar integer not null,
    seq bigint not null,
    status text not null check (status in ('PAGAR', 'KLAR', 'STOPPAD')),
    data jsonb not null,
    uppdaterad timestamptz not null default now(),
    primary key (kommun_id, ar)
  )`.execute(db);
}
