/**
 * The protocol as a nämndsekreterare writes it and a justering the law can trust (issue 13): the kommun's name on
 * every page, the whole protocol justerat at the meeting (KL 5 kap. 70 §), each justerare's digital approval with
 * its time and the version it approved, the day the anslag really came down; every stored protocol version with
 * its SHA-256, and each justering with the hash of the version it answered.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`alter table sammantraden add column kommun_namn text`,
  sql`alter table sammantraden add column justering_omedelbar boolean`,
  sql`alter table sammantraden add column justering_signaturer jsonb`,
  sql`alter table sammantraden add column anslag_nedtaget date`,
  // The hash of the protocol exactly as this version was stored (its JSON text); null for versions from before.
  sql`alter table protokollversioner add column sha256 text check (sha256 ~ '^[0-9a-f]{64}$')`,
  sql`alter table justeringar add column sha256 text check (sha256 ~ '^[0-9a-f]{64}$')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}
