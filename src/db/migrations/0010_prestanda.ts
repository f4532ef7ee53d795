/**
 * The kanslichef's overview of the open tasks (issue 16): a partial index in the overview's order — kommun, due
 * date, id, open tasks only — so that a page of it is read straight off the index, without a scan of every task
 * and a sort, whatever the number of tasks closed over the years.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index uppgift_oppna on uppgift (kommun_id, forfaller, id) where status = 'OPPEN'`.execute(
    db,
  );
}
