/**
 * A report's ärende gathers documents on its way: the revisorer's bedömning of a delårsrapport (KL 12 kap. 2 §)
 * or their revisionsberättelse joins it before fullmäktige takes it up.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rapport add column handlingar jsonb`.execute(db);
}
