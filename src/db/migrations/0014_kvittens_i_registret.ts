/**
 * A meeting whose every other step is done hands the receipts still outstanding to the register and ends (issue
 * 16): `overlamnad` says when, and a receipt that comes later by its link is written here (`kvitterad`).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table expedieringar add column overlamnad timestamptz`.execute(db);
  await sql`create index expedieringar_uppgift on expedieringar (uppgift_id)`.execute(db);
}
