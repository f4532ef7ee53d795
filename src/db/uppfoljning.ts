/**
 * The follow-up in the register: the kommun's objects (mål, indikatorer, uppdrag, verksamheter) and each report's
 * values for them. A save writes a report's whole follow-up in one transaction — objects upserted, the report's
 * values for them replaced, the audit entry — so an import is stored whole or not at all.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { IsoDate } from '../domain/datum';
import type { Objekt, ObjektSlag, Varde } from '../domain/uppfoljning/modell';
import { skrivAudit, type AuditPost } from './audit';
import { json, type Database, type UppfoljningVardeTable } from './schema';

/** An object's key in the kommun: an uppdrag is the kommun's, a mål, indikator or verksamhet its organ's year's. */
export function objektNyckel(o: Pick<Objekt, 'slag' | 'id' | 'organ' | 'ar'>): string {
  return o.slag === 'UPPDRAG' ? o.id : `${o.organ[0]}/${o.ar}/${o.id}`;
}

export interface SparadUppfoljning {
  kommun: string;
  rapportId: string;
  period: IsoDate;
  objekt: Objekt[];
  varden: Varde[];
  av: string;
  tid: Date;
  audit: AuditPost;
}

/** A report's value with the period and the object's key it belongs to. */
export interface VardeRad extends Varde {
  rapportId: string;
  period: IsoDate;
  nyckel: string;
  sparadAv: string;
  sparad: Date;
}

export interface ObjektFilter {
  kommun: string;
  organ?: string;
  slag?: ObjektSlag;
  /** Objects first followed up this year or before. */
  arTill?: number;
  ar?: number;
  /** Words in the title or the data (case-insensitive). */
  sok?: string;
}

export async function sparaUppfoljning(db: Kysely<Database>, input: SparadUppfoljning): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const nycklar: string[] = [];
    for (const o of input.objekt) {
      const nyckel = objektNyckel(o);
      nycklar.push(nyckel);
      await trx
        .insertInto('uppfoljning_objekt')
        .values({
          kommun_id: input.kommun,
          nyckel,
          id: o.id,
          slag: o.slag,
          organ: o.organ,
          ar: o.ar,
          titel: o.titel,
          data: json(o.data)!,
          slutdatum: o.slutdatum ?? null,
          uppdaterad: input.tid,
        })
        .onConflict((oc) =>
          oc.columns(['kommun_id', 'nyckel']).doUpdateSet((eb) => ({
            titel: eb.ref('excluded.titel'),
            data: eb.ref('excluded.data'),
            slutdatum: eb.ref('excluded.slutdatum'),
            uppdaterad: eb.ref('excluded.uppdaterad'),
            // An uppdrag followed up by one more nämnd is still one uppdrag; the year it began stays the first.
            organ: sql<
              string[]
            >`array(select distinct unnest(uppfoljning_objekt.organ || excluded.organ) order by 1)`,
            ar: sql<number>`least(uppfoljning_objekt.ar, excluded.ar)`,
          })),
        )
        .execute();
    }
    if (nycklar.length > 0) {
      await trx
        .deleteFrom('uppfoljning_varde')
        .where('rapport_id', '=', input.rapportId)
        .where('nyckel', 'in', nycklar)
        .execute();
    }
    const perId = new Map(input.objekt.map((o) => [o.id, objektNyckel(o)]));
    for (const v of input.varden) {
      const nyckel = perId.get(v.objektId);
      if (!nyckel) continue;
      await trx
        .insertInto('uppfoljning_varde')
        .values({
          rapport_id: input.rapportId,
          kommun_id: input.kommun,
          nyckel,
          period: input.period,
          bedomning: v.bedomning?.text ?? null,
          bedomning_steg: v.bedomning?.steg ?? null,
          trend: v.trend?.text ?? null,
          trend_steg: v.trend?.steg ?? null,
          kommentar: v.kommentar ?? null,
          utfall: v.utfall ?? null,
          prognos: v.prognos ?? null,
          budget: v.budget ?? null,
          utfall_belopp: v.utfallBelopp ?? null,
          prognos_belopp: v.prognosBelopp ?? null,
          avvikelse: v.avvikelse ?? null,
          sparad_av: input.av,
          sparad: input.tid,
        })
        .execute();
    }
    await skrivAudit(trx, [input.audit]);
  });
}

function objektAvRad(r: Selectable<Database['uppfoljning_objekt']>): Objekt & { nyckel: string } {
  return {
    nyckel: r.nyckel,
    id: r.id,
    slag: r.slag as ObjektSlag,
    organ: r.organ,
    ar: r.ar,
    titel: r.titel,
    data: r.data as Record<string, string>,
    ...(r.slutdatum ? { slutdatum: r.slutdatum } : {}),
  };
}

export async function lasObjekt(
  db: Kysely<Database>,
  filter: ObjektFilter,
): Promise<(Objekt & { nyckel: string })[]> {
  let q = db.selectFrom('uppfoljning_objekt').selectAll().where('kommun_id', '=', filter.kommun);
  if (filter.organ !== undefined) q = q.where(sql<boolean>`${filter.organ} = any(organ)`);
  if (filter.slag !== undefined) q = q.where('slag', '=', filter.slag);
  if (filter.arTill !== undefined) q = q.where('ar', '<=', filter.arTill);
  if (filter.ar !== undefined) q = q.where('ar', '=', filter.ar);
  if (filter.sok) {
    const monster = `%${filter.sok.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('titel', 'ilike', monster),
        eb(sql`data::text`, 'ilike', monster),
        eb('id', 'ilike', monster),
      ]),
    );
  }
  const rows = await q.orderBy('slag').orderBy('ar').orderBy('id').execute();
  return rows.map(objektAvRad);
}

function vardeAvRad(r: Selectable<UppfoljningVardeTable>, objektId: string): VardeRad {
  const tal = (n: number | null) => (n === null ? undefined : Number(n));
  const v: VardeRad = {
    objektId,
    rapportId: r.rapport_id,
    period: r.period,
    nyckel: r.nyckel,
    sparadAv: r.sparad_av,
    sparad: r.sparad,
  };
  if (r.bedomning !== null) v.bedomning = { text: r.bedomning, steg: r.bedomning_steg ?? '' };
  if (r.trend !== null) v.trend = { text: r.trend, steg: r.trend_steg ?? '' };
  if (r.kommentar !== null) v.kommentar = r.kommentar;
  if (r.utfall !== null) v.utfall = r.utfall;
  if (r.prognos !== null) v.prognos = r.prognos;
  const tal1 = {
    budget: tal(r.budget),
    utfallBelopp: tal(r.utfall_belopp),
    prognosBelopp: tal(r.prognos_belopp),
    avvikelse: tal(r.avvikelse),
  };
  for (const [k, n] of Object.entries(tal1))
    if (n !== undefined) (v as unknown as Record<string, number>)[k] = n;
  return v;
}

/** The values with the id of their object (the kommun's own id), to be narrowed by the caller. */
const vardenMedObjekt = (db: Kysely<Database>) =>
  db
    .selectFrom('uppfoljning_varde')
    .innerJoin('uppfoljning_objekt', (j) =>
      j
        .onRef('uppfoljning_objekt.kommun_id', '=', 'uppfoljning_varde.kommun_id')
        .onRef('uppfoljning_objekt.nyckel', '=', 'uppfoljning_varde.nyckel'),
    )
    .selectAll('uppfoljning_varde')
    .select('uppfoljning_objekt.id as objekt_id');

/** The values of the objects `nycklar` in every report, the oldest period first (an uppdrag's history). */
export async function vardehistorik(
  db: Kysely<Database>,
  kommun: string,
  nycklar: readonly string[],
): Promise<VardeRad[]> {
  if (nycklar.length === 0) return [];
  const rows = await vardenMedObjekt(db)
    .where('uppfoljning_varde.kommun_id', '=', kommun)
    .where('uppfoljning_varde.nyckel', 'in', [...nycklar])
    .orderBy('uppfoljning_varde.period')
    .orderBy('uppfoljning_varde.rapport_id')
    .execute();
  return rows.map((r) => vardeAvRad(r, r.objekt_id));
}

/** One report's values. */
export async function rapportensVarden(db: Kysely<Database>, rapportId: string): Promise<VardeRad[]> {
  const rows = await vardenMedObjekt(db)
    .where('uppfoljning_varde.rapport_id', '=', rapportId)
    .orderBy('uppfoljning_varde.nyckel')
    .execute();
  return rows.map((r) => vardeAvRad(r, r.objekt_id));
}
