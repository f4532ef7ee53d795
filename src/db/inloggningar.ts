/** Single-use sign-in links: the nonce of each link sent, and whether it has been used. */
import type { Kysely } from 'kysely';
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
