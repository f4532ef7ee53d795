/**
 * A message the SMTP server refused for good (a 5xx to RCPT TO: the address is wrong) is recorded as such,
 * with the server's answer and when, so no retry sends it again and the kanslichef can be told what to correct.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // 0001's inline check, by the name PostgreSQL gave it.
  await sql`alter table mail_logg drop constraint mail_logg_status_check`.execute(db);
  await sql`alter table mail_logg add constraint mail_logg_status_check
    check (status in ('RESERVERAD', 'SKICKAD', 'AVVISAD'))`.execute(db);
  await sql`alter table mail_logg add column svar text`.execute(db);
  await sql`alter table mail_logg add column avvisad timestamptz`.execute(db);
}
