/**
 * The audit log: who did what, on whose behalf, when. Append-only; each entry has a key, so an activity that
 * is retried after it wrote (but before Temporal heard so) does not write twice.
 */
import type { Kysely, QueryCreator } from 'kysely';
import { json, type Database } from './schema';

export interface AuditPost {
  nyckel: string;
  tid: Date;
  /** A person id; absent for what Årshjul did by itself. */
  aktor?: string;
  /** When the actor acted for someone else (a delegate or a kanslichef for the assignee). */
  paUppdragAv?: string;
  /** What was done, e.g. `GODKAND`, `DELEGERAD`. */
  handling: string;
  /** What it was done to, e.g. `uppgift:<id>`, `arende:<id>`. */
  objekt: string;
  detaljer?: unknown;
}

export interface AuditRad extends AuditPost {
  id: number;
}

/** Writes the entries not there yet; returns the keys that were new. */
export async function skrivAudit(db: Kysely<Database>, poster: AuditPost[]): Promise<string[]> {
  if (poster.length === 0) return [];
  const rows = await auditInsert(db, poster).returning('nyckel').execute();
  return rows.map((r) => r.nyckel);
}

/** The insert of `poster` (each once: a key already logged is passed over), to run alone or in a CTE. */
export function auditInsert(db: QueryCreator<Database>, poster: AuditPost[]) {
  return db
    .insertInto('audit_logg')
    .values(
      poster.map((p) => ({
        nyckel: p.nyckel,
        tid: p.tid,
        aktor: p.aktor ?? null,
        pa_uppdrag_av: p.paUppdragAv ?? null,
        handling: p.handling,
        objekt: p.objekt,
        detaljer: json(p.detaljer),
      })),
    )
    .onConflict((oc) => oc.column('nyckel').doNothing());
}

export async function auditLogg(db: Kysely<Database>, filter: { objekt?: string } = {}): Promise<AuditRad[]> {
  let query = db.selectFrom('audit_logg').selectAll();
  if (filter.objekt !== undefined) query = query.where('objekt', '=', filter.objekt);
  const rows = await query.orderBy('tid').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    nyckel: r.nyckel,
    tid: r.tid,
    ...(r.aktor !== null ? { aktor: r.aktor } : {}),
    ...(r.pa_uppdrag_av !== null ? { paUppdragAv: r.pa_uppdrag_av } : {}),
    handling: r.handling,
    objekt: r.objekt,
    ...(r.detaljer !== null ? { detaljer: r.detaljer } : {}),
  }));
}
