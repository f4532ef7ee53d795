/**
 * The year's reports beside its overview (issue 16): the year's page builds each report's steps from the
 * register's own rows — the tasks the reports' steps are, and the reports' rows — instead of from the årshjul's
 * state, which no longer hears of each step. The read asks in the same statement whether any of those rows has
 * changed since it last built the view (src/db/arshjulOversikt.ts); `rapporter` names them, written with the
 * plan. Rows written before it get theirs from their data's plans.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table arshjul_oversikt add column rapporter text[] not null default '{}'`.execute(db);
  await sql`update arshjul_oversikt set rapporter = array(
    select p->>'id' from jsonb_array_elements(coalesce(data->'planer', '[]'::jsonb)) p
  )`.execute(db);
}
