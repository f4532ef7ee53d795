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
  /**
   * The process's write number: grows with each of its writes. A write with a lower one than the row's is
   * ignored, so an older write that arrives late never overwrites a newer one. A write without one (by hand,
   * or from a process started before it came) is applied as before and keeps the row's number.
   */
  seq?: number;
}

/** A report's status once it will move no more: done, or its process cancelled or ended without finishing. */
export const AVSLUTADE_RAPPORTSTATUSAR = ['KLAR', 'AVBRUTEN'] as const;

/** A report whose process was cancelled (its year stopped, or it alone) or ended without finishing. */
export const AVBRUTEN = 'AVBRUTEN';

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
      seq: input.seq ?? null,
    }))
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
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
          seq: eb.fn.coalesce('excluded.seq', 'rapport.seq'),
          uppdaterad: eb.fn('now'),
        }))
        // Staleness guard: a numbered write older than (or the same as) the stored one changes nothing.
        .where((eb) =>
          eb.or([
            eb('excluded.seq', 'is', null),
            eb('rapport.seq', 'is', null),
            eb('rapport.seq', '<', eb.ref('excluded.seq')),
          ]),
        ),
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
    ...(row.seq !== null ? { seq: row.seq } : {}),
    uppdaterad: row.uppdaterad,
  };
}

/**
 * The reports whose plan puts a step (beredning, beslut, KF) on this meeting: the ärenden the report processes
 * bring to its föredragningslista. Matched by jsonb containment on the stored plan. A cancelled report (its
 * year stopped, or it alone) brings nothing: its ärende will not reach the meeting.
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
    .where('status', '!=', AVBRUTEN)
    .orderBy('id')
    .execute();
  const rapporter = await Promise.all(rows.map((r) => hamtaRapport(db, r.id)));
  return rapporter.filter((r): r is RapportRad => r !== undefined);
}

/** The kommun's report rows still open (neither done nor cancelled): what the reconciliation checks. */
export async function oppnaRapporter(db: Kysely<Database>, kommun: string): Promise<RapportRad[]> {
  const rows = await db
    .selectFrom('rapport')
    .select('id')
    .where('kommun_id', '=', kommun)
    .where('status', 'not in', [...AVSLUTADE_RAPPORTSTATUSAR])
    .orderBy('id')
    .execute();
  const rapporter = await Promise.all(rows.map((r) => hamtaRapport(db, r.id)));
  return rapporter.filter((r): r is RapportRad => r !== undefined);
}

/**
 * Closes a row whose process has ended without closing it (the reconciliation): only while the row is still
 * as it was read (`fran`: its status and seq), so a write that came meanwhile is never overwritten. True when
 * the row was changed.
 */
export async function stangRapport(
  db: Kysely<Database>,
  input: { id: string; status: string; fran: { status: string; seq?: number } },
): Promise<boolean> {
  const result = await db
    .updateTable('rapport')
    .set({ status: input.status, uppdaterad: sql<Date>`now()` })
    .where('id', '=', input.id)
    .where('status', '=', input.fran.status)
    .where((eb) => (input.fran.seq === undefined ? eb('seq', 'is', null) : eb('seq', '=', input.fran.seq)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
