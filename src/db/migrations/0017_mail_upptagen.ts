/**
 * A lease on a message being sent (issue 16): `upptagen_till` is when the attempt that reserved a key, or took it
 * over, may be presumed gone. Until then no other attempt sends that key — not a retry on another worker, not a
 * local activity whose workflow task was taken over elsewhere — so a send that is slow, or a worker that stalls,
 * no longer lets the same message go out twice. Null: no attempt holds it (an older row, or one released after a
 * failed send, which the next attempt may take at once).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table mail_logg add column upptagen_till timestamptz`.execute(db);
}
