/**
 * The year's overview as its årshjul last wrote it (issue 16): one row per kommun and year, read by the year's
 * page and REST read instead of a workflow query. A write with a lower `seq` than the stored one is ignored.
 */
import type { Kysely } from 'kysely';
import { lasBeredd } from './beredda';
import type { Database } from './schema';
import { json } from './schema';

export type ArshjulStatus = 'PAGAR' | 'KLAR' | 'STOPPAD';

export interface SparadArshjulOversikt {
  kommun: string;
  ar: number;
  /** Grows with every write of the year (across continue-as-new). */
  seq: number;
  status: ArshjulStatus;
  /** The årshjul's state as its query answers it (`ArshjulData`). */
  data: unknown;
}

export async function sparaArshjulOversikt(
  db: Kysely<Database>,
  input: SparadArshjulOversikt,
): Promise<void> {
  await db
    .insertInto('arshjul_oversikt')
    .values({
      kommun_id: input.kommun,
      ar: input.ar,
      seq: input.seq,
      status: input.status,
      data: json(input.data)!,
    })
    .onConflict((oc) =>
      oc
        .columns(['kommun_id', 'ar'])
        .doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          status: eb.ref('excluded.status'),
          data: eb.ref('excluded.data'),
          uppdaterad: eb.ref('excluded.uppdaterad'),
        }))
        .whereRef('arshjul_oversikt.seq', '<', 'excluded.seq'),
    )
    .execute();
}

/**
 * The row, in one read. `kandSeq`: the seq whose data the caller already holds — when the row still has it,
 * `data` is left out (`undefined`), so a reader that keeps the last answer does not fetch and parse it again.
 */
export async function hamtaArshjulOversikt(
  db: Kysely<Database>,
  kommun: string,
  ar: number,
  kandSeq?: number,
): Promise<(Omit<SparadArshjulOversikt, 'data'> & { data?: unknown }) | undefined> {
  // Read on every load of the year's page and its REST read: prepared (./beredda.ts).
  const [rad] = await lasBeredd(
    db,
    db
      .selectFrom('arshjul_oversikt')
      .select(['kommun_id', 'ar', 'seq', 'status'])
      .select((eb) =>
        eb
          .case()
          .when('seq', '=', kandSeq ?? -1)
          .then(null)
          .else(eb.ref('data'))
          .end()
          .as('data'),
      )
      .where('kommun_id', '=', kommun)
      .where('ar', '=', ar),
  );
  if (!rad) return undefined;
  return {
    kommun: rad.kommun_id,
    ar: rad.ar,
    seq: rad.seq,
    status: rad.status,
    ...(rad.data === null ? {} : { data: rad.data }),
  };
}
