/**
 * Sign-in links sent by mail are single-use: each has a nonce here, and using the link marks it used, once.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table inloggningslankar (
    nonce text primary key,
    kommun_id text not null,
    person_id text not null,
    skapad timestamptz not null,
    anvand timestamptz
  )`.execute(db);
}
