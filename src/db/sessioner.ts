/**
 * Sessions (src/api/session.ts): a row per sign-in, checked at every request, revoked by signing out or by an
 * administrator for all of a person's sessions. And each person's calendar-feed generation: a feed link names the
 * generation it was made in, and making a new link moves it on, so the old link stops working.
 */
import type { Kysely } from 'kysely';
import { lasBeredd } from './beredda';
import type { Database } from './schema';

export interface SessionRad {
  kommun: string;
  person: string;
  skapad: Date;
  giltigTill: Date;
  aterkallad: Date | null;
}

export async function skapaSession(
  db: Kysely<Database>,
  input: { id: string; kommun: string; person: string; skapad: Date; giltigTill: Date },
): Promise<void> {
  await db
    .insertInto('sessioner')
    .values({
      id: input.id,
      kommun_id: input.kommun,
      person_id: input.person,
      skapad: input.skapad,
      giltig_till: input.giltigTill,
    })
    .execute();
}

/** Read at every signed-in request: prepared (./beredda.ts). */
export async function hamtaSession(db: Kysely<Database>, id: string): Promise<SessionRad | undefined> {
  const [row] = await lasBeredd(db, db.selectFrom('sessioner').selectAll().where('id', '=', id));
  return (
    row && {
      kommun: row.kommun_id,
      person: row.person_id,
      skapad: row.skapad,
      giltigTill: row.giltig_till,
      aterkallad: row.aterkallad,
    }
  );
}

/** Revokes one session; true when it was live. */
export async function aterkallaSession(db: Kysely<Database>, id: string, tid: Date): Promise<boolean> {
  const row = await db
    .updateTable('sessioner')
    .set({ aterkallad: tid })
    .where('id', '=', id)
    .where('aterkallad', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Revokes every live session of the person; returns how many. */
export async function aterkallaPersonensSessioner(
  db: Kysely<Database>,
  input: { kommun: string; person: string; tid: Date },
): Promise<number> {
  const rows = await db
    .updateTable('sessioner')
    .set({ aterkallad: input.tid })
    .where('kommun_id', '=', input.kommun)
    .where('person_id', '=', input.person)
    .where('aterkallad', 'is', null)
    .where('giltig_till', '>', input.tid)
    .returning('id')
    .execute();
  return rows.length;
}

/** Drops sessions that ended (expired or revoked) before `fore`: they prove nothing any more. */
export async function rensaSessioner(db: Kysely<Database>, fore: Date): Promise<void> {
  await db.deleteFrom('sessioner').where('giltig_till', '<', fore).execute();
}

/** The person's calendar-feed generation (0 before any new link). */
export async function kalendergeneration(
  db: Kysely<Database>,
  kommun: string,
  person: string,
): Promise<number> {
  const row = await db
    .selectFrom('kalendergenerationer')
    .select('generation')
    .where('kommun_id', '=', kommun)
    .where('person_id', '=', person)
    .executeTakeFirst();
  return row?.generation ?? 0;
}

/** Moves the person's generation on (old links stop working); returns the new one. */
export async function nyKalendergeneration(
  db: Kysely<Database>,
  input: { kommun: string; person: string; tid: Date },
): Promise<number> {
  const row = await db
    .insertInto('kalendergenerationer')
    .values({ kommun_id: input.kommun, person_id: input.person, generation: 1, andrad: input.tid })
    .onConflict((oc) =>
      oc.columns(['kommun_id', 'person_id']).doUpdateSet((eb) => ({
        generation: eb(eb.ref('kalendergenerationer.generation'), '+', 1),
        andrad: input.tid,
      })),
    )
    .returning('generation')
    .executeTakeFirstOrThrow();
  return row.generation;
}

/** The person an IdP's subject is bound to, if any. */
export async function oidcIdentitet(
  db: Kysely<Database>,
  iss: string,
  sub: string,
): Promise<{ kommun: string; person: string } | undefined> {
  const row = await db
    .selectFrom('oidc_identiteter')
    .select(['kommun_id', 'person_id'])
    .where('iss', '=', iss)
    .where('sub', '=', sub)
    .executeTakeFirst();
  return row && { kommun: row.kommun_id, person: row.person_id };
}

/**
 * Binds the subject to the person unless the person is bound at that issuer already; returns the subject the
 * person is bound to (this one, or the earlier one: then the caller refuses).
 */
export async function bindOidcIdentitet(
  db: Kysely<Database>,
  input: { iss: string; sub: string; kommun: string; person: string; tid: Date },
): Promise<string> {
  await db
    .insertInto('oidc_identiteter')
    .values({
      iss: input.iss,
      sub: input.sub,
      kommun_id: input.kommun,
      person_id: input.person,
      bunden: input.tid,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db
    .selectFrom('oidc_identiteter')
    .select('sub')
    .where('iss', '=', input.iss)
    .where('kommun_id', '=', input.kommun)
    .where('person_id', '=', input.person)
    .executeTakeFirst();
  return row?.sub ?? '';
}
