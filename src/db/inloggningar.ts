/**
 * Single-use sign-in links: the nonce of each link sent, and whether it has been used. And the sign-in
 * limiter's attempts per key (a hashed address or client), in the register so that every web instance counts
 * the same and a restart forgets nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

export async function skapaInloggning(
  db: Kysely<Database>,
  input: { nonce: string; kommun: string; person: string; tid: Date },
): Promise<void> {
  await db
    .insertInto('inloggningslankar')
    .values({ nonce: input.nonce, kommun_id: input.kommun, person_id: input.person, skapad: input.tid })
    .execute();
}

/** Marks the link used; true only the first time, and only for the person it was made for. */
export async function anvandInloggning(
  db: Kysely<Database>,
  input: { nonce: string; person: string; tid: Date },
): Promise<boolean> {
  const row = await db
    .updateTable('inloggningslankar')
    .set({ anvand: input.tid })
    .where('nonce', '=', input.nonce)
    .where('person_id', '=', input.person)
    .where('anvand', 'is', null)
    .returning('nonce')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records an attempt under each key and returns, per key, the attempts since `fran` (this one counted); attempts
 * older than the window are dropped on the way.
 */
export async function raknaInloggningsforsok(
  db: Kysely<Database>,
  input: { nycklar: readonly string[]; tid: Date; fran: Date },
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('inloggningsforsok')
      .where('nyckel', 'in', input.nycklar)
      .where('tid', '<=', input.fran)
      .execute();
    await trx
      .insertInto('inloggningsforsok')
      .values(input.nycklar.map((nyckel) => ({ nyckel, tid: input.tid })))
      .execute();
    const rows = await trx
      .selectFrom('inloggningsforsok')
      .select(['nyckel', sql<number>`count(*)::int`.as('antal')])
      .where('nyckel', 'in', input.nycklar)
      .where('tid', '>', input.fran)
      .groupBy('nyckel')
      .execute();
    const antal = new Map(rows.map((r) => [r.nyckel, Number(r.antal)]));
    return input.nycklar.map((n) => antal.get(n) ?? 0);
  });
}
