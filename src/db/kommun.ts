/**
 * The kommun as configured, copied into the register at start so that dashboards and reports can join on
 * organs and people. Idempotent: running it again with the same config changes nothing.
 */
import type { Kysely } from 'kysely';
import type { KommunConfig } from '../domain/kommun';
import type { Database } from './schema';

export async function syncKommun(db: Kysely<Database>, config: KommunConfig): Promise<void> {
  const kommunId = config.kommun.id;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('kommun')
      .values({ id: kommunId, namn: config.kommun.namn })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ namn: eb.ref('excluded.namn') })))
      .execute();

    await trx
      .insertInto('organ')
      .values(
        config.organ.map((organ) => ({
          kommun_id: kommunId,
          kortnamn: organ.kortnamn,
          namn: organ.namn,
          typ: organ.typ,
          bereder: organ.bereder ?? null,
          // The config's default, resolved here so the register says which diarium an organ registers in.
          diarium: organ.diarium ?? organ.kortnamn,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['kommun_id', 'kortnamn']).doUpdateSet((eb) => ({
          namn: eb.ref('excluded.namn'),
          typ: eb.ref('excluded.typ'),
          bereder: eb.ref('excluded.bereder'),
          diarium: eb.ref('excluded.diarium'),
        })),
      )
      .execute();

    await trx
      .insertInto('person')
      .values(
        config.personer.map((person) => ({
          kommun_id: kommunId,
          id: person.id,
          namn: person.namn,
          epost: person.epost,
          titel: person.titel ?? null,
          chef: person.chef ?? null,
          ersattare: person.ersattare,
          roller: JSON.stringify(person.roller),
          aktiv: true,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['kommun_id', 'id']).doUpdateSet((eb) => ({
          namn: eb.ref('excluded.namn'),
          epost: eb.ref('excluded.epost'),
          titel: eb.ref('excluded.titel'),
          chef: eb.ref('excluded.chef'),
          ersattare: eb.ref('excluded.ersattare'),
          roller: eb.ref('excluded.roller'),
          aktiv: true,
        })),
      )
      .execute();

    // Someone who left keeps their row: the record says who acted, years later.
    await trx
      .updateTable('person')
      .set({ aktiv: false })
      .where('kommun_id', '=', kommunId)
      .where(
        'id',
        'not in',
        config.personer.map((p) => p.id),
      )
      .where('aktiv', '=', true)
      .execute();
  });
}

export interface PersonRad {
  kommun: string;
  id: string;
  namn: string;
  epost: string;
  titel?: string;
  chef?: string;
  ersattare: string[];
  roller: unknown;
  aktiv: boolean;
}

export interface OrganRad {
  kommun: string;
  kortnamn: string;
  namn: string;
  typ: string;
  bereder?: string;
  diarium: string;
}

export async function personer(db: Kysely<Database>, kommun: string): Promise<PersonRad[]> {
  const rows = await db
    .selectFrom('person')
    .selectAll()
    .where('kommun_id', '=', kommun)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    kommun: r.kommun_id,
    id: r.id,
    namn: r.namn,
    epost: r.epost,
    ...(r.titel !== null ? { titel: r.titel } : {}),
    ...(r.chef !== null ? { chef: r.chef } : {}),
    ersattare: r.ersattare,
    roller: r.roller,
    aktiv: r.aktiv,
  }));
}

export async function organ(db: Kysely<Database>, kommun: string): Promise<OrganRad[]> {
  const rows = await db
    .selectFrom('organ')
    .selectAll()
    .where('kommun_id', '=', kommun)
    .orderBy('kortnamn')
    .execute();
  return rows.map((r) => ({
    kommun: r.kommun_id,
    kortnamn: r.kortnamn,
    namn: r.namn,
    typ: r.typ,
    ...(r.bereder !== null ? { bereder: r.bereder } : {}),
    diarium: r.diarium,
  }));
}
