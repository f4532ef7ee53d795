/**
 * The mail log, which makes "send once" hold across retries: an activity reserves a message's key before it
 * sends and marks it sent after. A crash between the two leaves it reserved, and the retry sends again —
 * at least once, never silently lost; a message marked sent is never sent again. A message the server refused
 * for good is marked refused (AVVISAD, with the server's answer) and is never tried again either.
 *
 * An attempt that is about to send takes a lease on the key (`upptagen`: for so many seconds, by the database's
 * clock): while it holds, no other attempt sends that key (UPPTAGEN), so a retry on another worker, or a local
 * activity repeated elsewhere, waits for the send under way instead of sending the message a second time. A
 * failed send releases it; a crashed one lets it run out.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

export type MailStatus = 'RESERVERAD' | 'SKICKAD' | 'AVVISAD';

export interface MailReservation {
  nyckel: string;
  kommun: string;
  uppgiftId?: string;
  slag: string;
  mottagare: string[];
  amne: string;
  tid: Date;
  /** About to send: hold the key for this many seconds (longer than a send can take), or answer UPPTAGEN. */
  upptagen?: number;
}

/** What a reservation found: NY (now reserved), UPPTAGEN (another attempt is sending it now) or a status. */
export type Reservation = 'NY' | 'UPPTAGEN' | MailStatus;

export interface MailRad {
  nyckel: string;
  kommun: string;
  uppgiftId?: string;
  slag: string;
  mottagare: string[];
  amne: string;
  status: MailStatus;
  messageId?: string;
  reserverad: Date;
  skickad?: Date;
  /** AVVISAD: the SMTP server's answer, and when it refused. */
  svar?: string;
  avvisad?: Date;
}

/**
 * `NY` when the key was unknown (now reserved), else the status an earlier attempt left — RESERVERAD: it did not
 * finish, send again. With `upptagen`, the key is also held for that long, and an earlier attempt's hold that has
 * not run out answers UPPTAGEN: that attempt may be sending it right now.
 */
export async function reserveraMail(db: Kysely<Database>, entry: MailReservation): Promise<Reservation> {
  const till =
    entry.upptagen !== undefined ? sql<Date>`now() + make_interval(secs => ${entry.upptagen})` : null;
  const inserted = await db
    .insertInto('mail_logg')
    .values({
      nyckel: entry.nyckel,
      kommun_id: entry.kommun,
      uppgift_id: entry.uppgiftId ?? null,
      slag: entry.slag,
      mottagare: entry.mottagare,
      amne: entry.amne,
      status: 'RESERVERAD',
      reserverad: entry.tid,
      upptagen_till: till,
    })
    .onConflict((oc) => oc.column('nyckel').doNothing())
    .returning('nyckel')
    .executeTakeFirst();
  if (inserted) return 'NY';
  if (till) {
    // Taken over: unfinished, and no attempt holds it (never held, released, or its hold ran out).
    const tagen = await db
      .updateTable('mail_logg')
      .set({ upptagen_till: till })
      .where('nyckel', '=', entry.nyckel)
      .where('status', '=', 'RESERVERAD')
      .where((eb) => eb.or([eb('upptagen_till', 'is', null), eb('upptagen_till', '<=', sql<Date>`now()`)]))
      .returning('nyckel')
      .executeTakeFirst();
    if (tagen) return 'RESERVERAD';
  }
  const { status } = await db
    .selectFrom('mail_logg')
    .select('status')
    .where('nyckel', '=', entry.nyckel)
    .executeTakeFirstOrThrow();
  return till && status === 'RESERVERAD' ? 'UPPTAGEN' : status;
}

/** A send that failed lets go of its key, so that the next attempt need not wait for the hold to run out. */
export async function slappMail(db: Kysely<Database>, nyckel: string): Promise<void> {
  await db
    .updateTable('mail_logg')
    .set({ upptagen_till: null })
    .where('nyckel', '=', nyckel)
    .where('status', '=', 'RESERVERAD')
    .execute();
}

/**
 * The status of each of these keys that the log has (the others are not in the map): how a message to several
 * people finds what an earlier attempt — or a per-person message from before group messages — already did.
 */
export async function mailStatusar(
  db: Kysely<Database>,
  nycklar: readonly string[],
): Promise<Map<string, MailStatus>> {
  if (nycklar.length === 0) return new Map();
  const rows = await db
    .selectFrom('mail_logg')
    .select(['nyckel', 'status'])
    .where('nyckel', 'in', [...nycklar])
    .execute();
  return new Map(rows.map((r) => [r.nyckel, r.status]));
}

export function markeraMailSkickat(
  db: Kysely<Database>,
  nyckel: string,
  messageId: string,
  tid: Date,
): Promise<void> {
  return markera(db, nyckel, 'sent', { status: 'SKICKAD', message_id: messageId, skickad: tid });
}

/** The server refused the message for good: `svar` is its answer (`550 5.1.1 … User unknown`). */
export function markeraMailAvvisat(
  db: Kysely<Database>,
  nyckel: string,
  svar: string,
  tid: Date,
): Promise<void> {
  return markera(db, nyckel, 'refused', { status: 'AVVISAD', svar, avvisad: tid });
}

async function markera(
  db: Kysely<Database>,
  nyckel: string,
  what: string,
  values: { status: 'SKICKAD' | 'AVVISAD' } & Partial<Database['mail_logg']>,
): Promise<void> {
  // The first outcome is the one on record: a repeated mark (a retried activity) changes nothing.
  const result = await db
    .updateTable('mail_logg')
    .set(values)
    .where('nyckel', '=', nyckel)
    .where('status', '=', 'RESERVERAD')
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return;
  const known = await db
    .selectFrom('mail_logg')
    .select('nyckel')
    .where('nyckel', '=', nyckel)
    .executeTakeFirst();
  if (!known) throw new Error(`mail log: ${nyckel} was never reserved, so it cannot be marked as ${what}`);
}

export async function mailLogg(
  db: Kysely<Database>,
  filter: { kommun?: string; uppgiftId?: string } = {},
): Promise<MailRad[]> {
  let query = db.selectFrom('mail_logg').selectAll();
  if (filter.kommun !== undefined) query = query.where('kommun_id', '=', filter.kommun);
  if (filter.uppgiftId !== undefined) query = query.where('uppgift_id', '=', filter.uppgiftId);
  const rows = await query.orderBy('reserverad').orderBy('nyckel').execute();
  return rows.map((r) => ({
    nyckel: r.nyckel,
    kommun: r.kommun_id,
    ...(r.uppgift_id !== null ? { uppgiftId: r.uppgift_id } : {}),
    slag: r.slag,
    mottagare: r.mottagare,
    amne: r.amne,
    status: r.status,
    ...(r.message_id !== null ? { messageId: r.message_id } : {}),
    reserverad: r.reserverad,
    ...(r.skickad !== null ? { skickad: r.skickad } : {}),
    ...(r.svar !== null ? { svar: r.svar } : {}),
    ...(r.avvisad !== null ? { avvisad: r.avvisad } : {}),
  }));
}
