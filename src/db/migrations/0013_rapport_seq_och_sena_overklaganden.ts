/**
 * Issue 15, item 5 (deploys and drift).
 *
 * `rapport.seq`: the report process numbers its writes (the workflow's clock, or one more than the last), so an
 * older write that arrives late (an activity retried after a newer one) never overwrites a newer row. Rows and
 * writes without one (written before this, or by hand) keep the old rule: the last write wins.
 *
 * `overklagande_i_efterhand`: an appeal the kommun hears of only after the appeal period's workflow has closed
 * (or after the laga-kraft day). It counts when it reached the court or the kommun within the three weeks
 * (KL 13 kap. 5 §); one that came in later is kept as för sent inkommet and does not stop laga kraft.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rapport add column seq bigint`.execute(db);
  await sql`create index rapport_kommun_status on rapport (kommun_id, status)`.execute(db);
  await sql`create table overklagande_i_efterhand (
    id bigint generated always as identity primary key,
    kommun_id text not null,
    organ text not null,
    sammantrade date not null,
    inkom date not null,
    kant date not null,
    paragrafer jsonb not null,
    klagande text,
    malnummer text,
    registrerad_av text not null,
    for_sent boolean not null,
    registrerad timestamptz not null default now()
  )`.execute(db);
  await sql`create index overklagande_i_efterhand_protokoll
    on overklagande_i_efterhand (kommun_id, organ, sammantrade)`.execute(db);
}
