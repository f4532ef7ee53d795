/**
 * The meeting's phase kept in its register row (issue 16): the meeting workflow writes its phase when it starts
 * and at each change, so the year's list of meetings reads one table instead of listing every meeting workflow of
 * the kommun in Temporal's visibility. `fas_seq` only grows: an older write never overwrites a newer one (a phase
 * can go back — JUSTERING → RATTELSE → JUSTERING — so the phase alone cannot order them). A row with `fas_seq` is
 * a meeting whose workflow was started; `fas` null there is a phase the list cannot name.
 *
 * Meetings started before the workflow wrote its phase are filled in once per kommun from visibility, the first
 * time the list is read (src/temporal/sammantradenasFaser.ts), with `fas_seq` 0, below any workflow's own write;
 * `sammantrade_faser_efterfyllda` records that a kommun's were.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sammantraden add column fas text check (fas in (
    'FOREDRAGNINGSLISTA', 'KALLAD', 'PROTOKOLLFORING', 'JUSTERING', 'RATTELSE', 'JUSTERAT', 'AVSLUTAT'
  ))`.execute(db);
  await sql`alter table sammantraden add column fas_seq bigint`.execute(db);
  await sql`create table sammantrade_faser_efterfyllda (
    kommun_id text primary key,
    tid timestamptz not null default now()
  )`.execute(db);
}
