/** Reports (verksamhetsplan, delårsrapport, …): one row each, rewritten at every step of their process. */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { json } from './schema';

export interface SparadRapport {
  id: string;
  kommun: string;
  organ: string;
  slag: string;
  period: string;
  titel: string;
  status: string;
  diarienummer?: string;
  plan?: unknown;
  /** Documents that joined the ärende: the revisorer's bedömning (kept once stored). */
  handlingar?: { titel: string; datum: string; text?: string }[];
}

export interface RapportRad extends SparadRapport {
  /** The registered ärende, once the report has a diarienummer. */
  arendeId?: string;
  uppdaterad: Date;
}

export async function sparaRapport(db: Kysely<Database>, input: SparadRapport): Promise<void> {
  const diarienummer = input.diarienummer ?? null;
  await db
    .insertInto('rapport')
    .values((eb) => ({
      id: input.id,
      kommun_id: input.kommun,
      organ: input.organ,
      slag: input.slag,
      period: input.period,
      titel: input.titel,
      status: input.status,
      diarienummer,
      arende_id: eb
        .selectFrom('arende')
        .select('arende.id')
        .where('arende.kommun_id', '=', input.kommun)
        .where('arende.diarienummer', '=', diarienummer),
      plan: json(input.plan),
      handlingar: json(input.handlingar),
    }))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        organ: eb.ref('excluded.organ'),
        slag: eb.ref('excluded.slag'),
        period: eb.ref('excluded.period'),
        titel: eb.ref('excluded.titel'),
        status: eb.ref('excluded.status'),
        // A step that does not mention the diarienummer (or the plan) keeps the one stored.
        diarienummer: eb.fn.coalesce('excluded.diarienummer', 'rapport.diarienummer'),
        arende_id: eb.fn.coalesce('excluded.arende_id', 'rapport.arende_id'),
        plan: eb.fn.coalesce('excluded.plan', 'rapport.plan'),
        handlingar: eb.fn.coalesce('excluded.handlingar', 'rapport.handlingar'),
        uppdaterad: eb.fn('now'),
      })),
    )
    .execute();
}

export async function hamtaRapport(db: Kysely<Database>, id: string): Promise<RapportRad | undefined> {
  const row = await db.selectFrom('rapport').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    kommun: row.kommun_id,
    organ: row.organ,
    slag: row.slag,
    period: row.period,
    titel: row.titel,
    status: row.status,
    ...(row.diarienummer !== null ? { diarienummer: row.diarienummer } : {}),
    ...(row.arende_id !== null ? { arendeId: row.arende_id } : {}),
    ...(row.plan !== null ? { plan: row.plan } : {}),
    ...(row.handlingar !== null ? { handlingar: row.handlingar as SparadRapport['handlingar'] } : {}),
    uppdaterad: row.uppdaterad,
  };
}

/**
 * The reports whose plan puts a step (beredning, beslut, KF) on this meeting: the ärenden the report processes
 * bring to its föredragningslista. Matched by jsonb containment on the stored plan.
 */
export async function rapporterForSammantrade(
  db: Kysely<Database>,
  motet: { kommun: string; organ: string; datum: string },
): Promise<RapportRad[]> {
  const pattern = JSON.stringify({ steg: [{ sammantrade: { organ: motet.organ, datum: motet.datum } }] });
  const rows = await db
    .selectFrom('rapport')
    .select('id')
    .where('kommun_id', '=', motet.kommun)
    .where(sql<boolean>`plan @> ${pattern}::jsonb`)
    .orderBy('id')
    .execute();
  const rapporter = await Promise.all(rows.map((r) => hamtaRapport(db, r.id)));
  return rapporter.filter((r): r is RapportRad => r !== undefined);
}
