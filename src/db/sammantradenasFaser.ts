/**
 * Each meeting's phase in its register row (migration 0016), as its workflow writes it when it starts and at each
 * change; the year's list of meetings reads it here instead of listing the workflows in Temporal's visibility.
 * A write with a `seq` not above the stored one is ignored, so a retried or late write never turns a phase back.
 */
import type { Kysely } from 'kysely';
import type { IsoDate } from '../domain/datum';
import type { SammantradeFas } from '../domain/sammantrade';
import { sakerstallSammantrade, sammantradeId, type SammantradeNyckel } from './sammantraden';
import type { Database } from './schema';

export interface SammantradetsFas extends SammantradeNyckel {
  /** Undefined: started, in a phase the list cannot name (filled in from visibility without one). */
  fas?: SammantradeFas;
}

/** The phase as the meeting's workflow wrote it; `seq` grows with every write of the meeting. */
export async function sparaSammantradetsFas(
  db: Kysely<Database>,
  input: SammantradeNyckel & { fas: SammantradeFas; seq: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const id = await sakerstallSammantrade(trx, input);
    await trx
      .updateTable('sammantraden')
      .set({ fas: input.fas, fas_seq: input.seq })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('fas_seq', 'is', null), eb('fas_seq', '<', input.seq)]))
      .execute();
  });
}

/** The meetings of the kommun's `organ` in year `ar` whose workflows were started, with their phases. */
export async function startadeSammantraden(
  db: Kysely<Database>,
  kommun: string,
  organ: readonly string[],
  ar: number,
): Promise<SammantradetsFas[]> {
  if (organ.length === 0) return [];
  const rader = await db
    .selectFrom('sammantraden')
    .select(['organ', 'datum', 'fas'])
    .where('kommun_id', '=', kommun)
    .where('organ', 'in', organ)
    .where('datum', '>=', `${ar}-01-01` as IsoDate)
    .where('datum', '<=', `${ar}-12-31` as IsoDate)
    .where('fas_seq', 'is not', null)
    .orderBy('datum')
    .orderBy('organ')
    .execute();
  return rader.map((r) => ({
    kommun,
    organ: r.organ,
    datum: r.datum,
    ...(r.fas !== null ? { fas: r.fas } : {}),
  }));
}

/** True once the kommun's meetings started before their workflows wrote their phase were filled in. */
export async function faserEfterfyllda(db: Kysely<Database>, kommun: string): Promise<boolean> {
  const rad = await db
    .selectFrom('sammantrade_faser_efterfyllda')
    .select('kommun_id')
    .where('kommun_id', '=', kommun)
    .executeTakeFirst();
  return rad !== undefined;
}

/**
 * The one-off fill of a kommun's meetings from visibility: each meeting's phase with `seq` 0 where its workflow
 * has written none (any write of its own wins), and the kommun recorded as filled, in one transaction.
 */
export async function efterfyllFaser(
  db: Kysely<Database>,
  kommun: string,
  moten: readonly SammantradetsFas[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const m of moten) {
      if (m.kommun !== kommun) throw new Error(`register: ${sammantradeId(m)} is not a meeting of ${kommun}`);
      const id = await sakerstallSammantrade(trx, m);
      await trx
        .updateTable('sammantraden')
        .set({ fas: m.fas ?? null, fas_seq: 0 })
        .where('id', '=', id)
        .where('fas_seq', 'is', null)
        .execute();
    }
    await trx
      .insertInto('sammantrade_faser_efterfyllda')
      .values({ kommun_id: kommun })
      .onConflict((oc) => oc.column('kommun_id').doNothing())
      .execute();
  });
}
