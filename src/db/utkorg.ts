/**
 * The outbox of a task's mail (migration 0019): messages queued by the local activity that stores the state they
 * announce, sent by the worker process beside the workflow task (src/activities/utkorg.ts). Each row is claimed
 * (`upptagen_till`, by the database's clock) by the one process that sends it; a claim that runs out — its process
 * died — lets the next sweep take the row. The mail log (./mail.ts) still makes "sent once" hold across claims.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** A queued message: its key (the mail log's), its task, and the message as the workflow built it. */
export interface KoatMeddelande {
  nyckel: string;
  kommun: string;
  uppgiftId: string;
  meddelande: unknown;
}

/** A row claimed for sending: `forsok` the attempts begun, this one too (the insert begins the first); `geUpp` when a transient failure is the last. */
export interface UtkorgsRad extends KoatMeddelande {
  forsok: number;
  geUpp: Date;
}

/**
 * Queues the messages not queued before (a repeated local activity finds its keys) and claims the new rows for
 * `upptagenS` seconds: the caller sends those at once. Returns the new rows.
 */
export async function koaMail(
  db: Kysely<Database>,
  meddelanden: readonly KoatMeddelande[],
  upptagenS: number,
): Promise<UtkorgsRad[]> {
  if (meddelanden.length === 0) return [];
  const rows = await db
    .insertInto('mail_utkorg')
    .values(
      meddelanden.map((m) => ({
        nyckel: m.nyckel,
        kommun_id: m.kommun,
        uppgift_id: m.uppgiftId,
        meddelande: JSON.stringify(m.meddelande),
        upptagen_till: sql<Date>`now() + make_interval(secs => ${upptagenS})`,
      })),
    )
    .onConflict((oc) => oc.column('nyckel').doNothing())
    .returning(['nyckel', 'kommun_id', 'uppgift_id', 'meddelande', 'ge_upp', 'forsok'])
    .execute();
  return rows.map(radAv);
}

/**
 * Claims up to `max` rows that are due and held by no one — a retry whose time has come, or a row whose process
 * died with it — for `upptagenS` seconds; rows another process is claiming now are skipped, not waited for.
 */
export async function hamtaForfallnaMail(
  db: Kysely<Database>,
  max: number,
  upptagenS: number,
): Promise<UtkorgsRad[]> {
  const rows = await db
    .updateTable('mail_utkorg')
    .set({
      upptagen_till: sql<Date>`now() + make_interval(secs => ${upptagenS})`,
      forsok: sql<number>`forsok + 1`,
    })
    .where(
      'nyckel',
      'in',
      db
        .selectFrom('mail_utkorg')
        .select('nyckel')
        .where('nasta_forsok', '<=', sql<Date>`now()`)
        .where((eb) => eb.or([eb('upptagen_till', 'is', null), eb('upptagen_till', '<=', sql<Date>`now()`)]))
        .orderBy('nasta_forsok')
        .limit(max)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['nyckel', 'kommun_id', 'uppgift_id', 'meddelande', 'ge_upp', 'forsok'])
    .execute();
  return rows.map(radAv);
}

/** Done with the row: sent, refused for good, stale, or given up. */
export async function tomMail(db: Kysely<Database>, nyckel: string): Promise<void> {
  await db.deleteFrom('mail_utkorg').where('nyckel', '=', nyckel).execute();
}

/** A transient failure: the row is let go and tried again in `omMs`, its error kept for the operator. */
export async function skjutUppMail(
  db: Kysely<Database>,
  nyckel: string,
  omMs: number,
  fel: string,
): Promise<void> {
  await db
    .updateTable('mail_utkorg')
    .set({
      upptagen_till: null,
      nasta_forsok: sql<Date>`now() + make_interval(secs => ${omMs / 1000})`,
      senaste_fel: fel,
    })
    .where('nyckel', '=', nyckel)
    .execute();
}

/** How many messages wait in the outbox, and since when the oldest (the web app's /metrics). */
export async function utkorgensLage(db: Kysely<Database>): Promise<{ antal: number; aldsta?: Date }> {
  const rad = await db
    .selectFrom('mail_utkorg')
    .select((eb) => [eb.fn.countAll<string>().as('antal'), eb.fn.min('koad').as('aldsta')])
    .executeTakeFirstOrThrow();
  return { antal: Number(rad.antal), ...(rad.aldsta ? { aldsta: new Date(rad.aldsta) } : {}) };
}

/** What the outbox holds, the oldest first (for the operator and the tests). */
export async function utkorgen(
  db: Kysely<Database>,
): Promise<{ nyckel: string; forsok: number; senasteFel?: string }[]> {
  const rows = await db
    .selectFrom('mail_utkorg')
    .select(['nyckel', 'forsok', 'senaste_fel'])
    .orderBy('koad')
    .orderBy('nyckel')
    .execute();
  return rows.map((r) => ({
    nyckel: r.nyckel,
    forsok: r.forsok,
    ...(r.senaste_fel !== null ? { senasteFel: r.senaste_fel } : {}),
  }));
}

function radAv(r: {
  nyckel: string;
  kommun_id: string;
  uppgift_id: string;
  meddelande: unknown;
  ge_upp: Date;
  forsok: number;
}): UtkorgsRad {
  return {
    nyckel: r.nyckel,
    kommun: r.kommun_id,
    uppgiftId: r.uppgift_id,
    meddelande: r.meddelande,
    forsok: r.forsok,
    geUpp: r.ge_upp,
  };
}
