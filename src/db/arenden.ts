/**
 * Ärenden and their diarienummer. A diarium numbers its ärenden 1, 2, 3 … per year with no gaps and no
 * duplicates, also when many registrations run at once on several connections or processes.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { formatDiarienummer } from '../domain/numrering';
import { isUniqueViolation } from './pgFel';
import type { ArendeTable, Database } from './schema';

export interface NyttArende {
  /** Idempotency key: a second registration with the same key returns the first one's ärende. */
  nyckel: string;
  kommun: string;
  diarium: string;
  ar: number;
  rubrik: string;
  organ: string;
  /** The kommun's diarienummer format (config `diarienummer.format`). */
  format: string;
  registreradAv: string;
  tid: Date;
}

export interface RegistreratArende {
  arendeId: string;
  diarienummer: string;
  lopnummer: number;
}

export interface ArendeRad extends RegistreratArende {
  kommun: string;
  diarium: string;
  ar: number;
  rubrik: string;
  organ: string;
  registreradAv: string;
  registreradTid: Date;
  nyckel: string;
  /** Closed: every recipient of its beslut has acknowledged the protokollsutdrag. */
  avslutat?: { tid: Date; genom: string };
}

export async function registreraArende(db: Kysely<Database>, input: NyttArende): Promise<RegistreratArende> {
  const earlier = await arendeMedNyckel(db, input.nyckel);
  if (earlier) return earlier;
  try {
    return await db.transaction().execute(async (trx) => {
      // The upsert takes the counter row's lock until commit, so concurrent registrations in the same diarium
      // and year queue here; a rollback (below, or a crash) returns the number, which leaves no gap.
      const { senaste: lopnummer } = await trx
        .insertInto('diarie_lopnummer')
        .values({ kommun_id: input.kommun, diarium: input.diarium, ar: input.ar, senaste: 1 })
        .onConflict((oc) =>
          oc
            .columns(['kommun_id', 'diarium', 'ar'])
            .doUpdateSet((eb) => ({ senaste: eb('diarie_lopnummer.senaste', '+', 1) })),
        )
        .returning('senaste')
        .executeTakeFirstOrThrow();
      const arende: RegistreratArende = {
        arendeId: randomUUID(),
        diarienummer: formatDiarienummer(input.format, {
          diarium: input.diarium,
          ar: input.ar,
          nr: lopnummer,
        }),
        lopnummer,
      };
      await trx
        .insertInto('arende')
        .values({
          id: arende.arendeId,
          kommun_id: input.kommun,
          diarium: input.diarium,
          ar: input.ar,
          lopnummer,
          diarienummer: arende.diarienummer,
          rubrik: input.rubrik,
          organ: input.organ,
          registrerad_av: input.registreradAv,
          registrerad_tid: input.tid,
          nyckel: input.nyckel,
        })
        .execute();
      return arende;
    });
  } catch (error) {
    // A concurrent call with the same key committed first (it held the counter lock, we then hit the unique
    // key): our transaction rolled back, number included, and theirs is the ärende.
    if (isUniqueViolation(error)) {
      const theirs = await arendeMedNyckel(db, input.nyckel);
      if (theirs) return theirs;
    }
    throw error;
  }
}

export async function hamtaArende(db: Kysely<Database>, id: string): Promise<ArendeRad | undefined> {
  const row = await db.selectFrom('arende').selectAll().where('id', '=', id).executeTakeFirst();
  return row && arendeRad(row);
}

export interface ArendeFilter {
  kommun: string;
  ar?: number;
  organ?: string;
  diarium?: string;
}

/** The kommun's ärenden, the newest diarienummer first within each diarium and year. */
export async function listaArenden(db: Kysely<Database>, filter: ArendeFilter): Promise<ArendeRad[]> {
  let query = db.selectFrom('arende').selectAll().where('kommun_id', '=', filter.kommun);
  if (filter.ar !== undefined) query = query.where('ar', '=', filter.ar);
  if (filter.organ !== undefined) query = query.where('organ', '=', filter.organ);
  if (filter.diarium !== undefined) query = query.where('diarium', '=', filter.diarium);
  const rows = await query.orderBy('ar', 'desc').orderBy('diarium').orderBy('lopnummer', 'desc').execute();
  return rows.map(arendeRad);
}

function arendeRad(row: Selectable<ArendeTable>): ArendeRad {
  return {
    arendeId: row.id,
    diarienummer: row.diarienummer,
    lopnummer: row.lopnummer,
    kommun: row.kommun_id,
    diarium: row.diarium,
    ar: row.ar,
    rubrik: row.rubrik,
    organ: row.organ,
    registreradAv: row.registrerad_av,
    registreradTid: row.registrerad_tid,
    nyckel: row.nyckel,
    ...(row.avslutat !== null ? { avslutat: { tid: row.avslutat, genom: row.avslutat_genom ?? '' } } : {}),
  };
}

/**
 * Closes the ärende with this diarienummer, by the beslut that ends it, once: a second call keeps the first
 * closing. Answers whether the register has the ärende (one registered elsewhere is not).
 */
export async function avslutaArende(
  db: Kysely<Database>,
  input: { kommun: string; diarienummer: string; genom: string; tid: Date },
): Promise<boolean> {
  const row = await db
    .updateTable('arende')
    .set((eb) => ({
      avslutat: eb.fn.coalesce('avslutat', eb.val(input.tid)),
      avslutat_genom: eb.fn.coalesce('avslutat_genom', eb.val(input.genom)),
    }))
    .where('kommun_id', '=', input.kommun)
    .where('diarienummer', '=', input.diarienummer)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

async function arendeMedNyckel(db: Kysely<Database>, nyckel: string): Promise<RegistreratArende | undefined> {
  return db
    .selectFrom('arende')
    .select(['id as arendeId', 'diarienummer', 'lopnummer'])
    .where('nyckel', '=', nyckel)
    .executeTakeFirst();
}
