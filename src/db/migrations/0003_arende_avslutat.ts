/**
 * An ärende closes when its beslut has been expedited and every recipient has acknowledged it: the register
 * keeps when, by which beslut (`KS 2023-10-11 § 336`).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table arende add column avslutat timestamptz`.execute(db);
  await sql`alter table arende add column avslutat_genom text`.execute(db);
}
