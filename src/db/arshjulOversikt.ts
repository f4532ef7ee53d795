/**
 * The year's overview as its årshjul last wrote it (issue 16): one row per kommun and year, read by the year's
 * page and REST read instead of a workflow query. A write with a lower `seq` than the stored one is ignored.
 * The reports' steps are the register's own rows (their tasks, their rows): the read says whether they changed.
 */
import { sql, type Kysely } from 'kysely';
import { handelserFranRegistret, type RapportHandelser } from '../domain/arshjul';
import type { UppgiftStatus, UppgiftTyp } from '../domain/uppgift';
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
      rapporter: rapportIds(input.data),
    })
    .onConflict((oc) =>
      oc
        .columns(['kommun_id', 'ar'])
        .doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          status: eb.ref('excluded.status'),
          data: eb.ref('excluded.data'),
          rapporter: eb.ref('excluded.rapporter'),
          uppdaterad: eb.ref('excluded.uppdaterad'),
        }))
        .whereRef('arshjul_oversikt.seq', '<', 'excluded.seq'),
    )
    .execute();
}

/** The ids of the plans in an årshjul's data (`ArshjulData.planer`). */
function rapportIds(data: unknown): string[] {
  const planer = (data as { planer?: unknown } | null)?.planer;
  if (!Array.isArray(planer)) return [];
  return planer.flatMap((p) => {
    const id = (p as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}

export interface LastArshjulOversikt extends Omit<SparadArshjulOversikt, 'data'> {
  data?: unknown;
  /**
   * Where the year's reports' own rows stand: their tasks' and rows' counts and write numbers. It changes with
   * every write to any of them (each such write raises its row's number), so a reader whose last view was built
   * at the same `seq` and `steg` has the current one.
   */
  steg: string;
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
): Promise<LastArshjulOversikt | undefined> {
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
      .select(
        sql<string>`(select count(*) || ':' || coalesce(sum(u.senaste_seq), 0) from uppgift u
            where u.process_id = any(arshjul_oversikt.rapporter))
          || '/' || (select count(*) || ':' || count(r.diarienummer) || ':' || coalesce(sum(r.seq), 0) from rapport r
            where r.id = any(arshjul_oversikt.rapporter))`.as('steg'),
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
    steg: rad.steg,
    ...(rad.data === null ? {} : { data: rad.data }),
  };
}

/**
 * The reports' steps as the register records them (`handelserFranRegistret`): each step's latest task, the
 * diarienummer, and every report that has a row (it has started). Read when a view is built, and by the årshjul
 * to reconcile after it continues as new.
 */
export async function rapporternasSteg(
  db: Kysely<Database>,
  rapportIds: string[],
): Promise<Record<string, RapportHandelser>> {
  if (rapportIds.length === 0) return {};
  // Read again whenever a step's task changes: only the columns a step is made of (the one who did it out of the
  // outcome, as text), prepared, one SQL text for any number of reports.
  const [uppgifter, rapporter] = await Promise.all([
    lasBeredd(
      db,
      db
        .selectFrom('uppgift')
        .select([
          'id',
          'process_id',
          'typ',
          'organ',
          'tilldelad',
          'forfaller',
          'status',
          'skapad',
          'avslutad',
        ])
        .select(sql<string | null>`utfall->>'aktor'`.as('utford_av'))
        .where(sql<boolean>`process_id = any(${rapportIds}::text[])`)
        .orderBy('skapad')
        .orderBy('id'),
    ),
    lasBeredd(
      db,
      db
        .selectFrom('rapport')
        .select(['id', 'diarienummer'])
        .where(sql<boolean>`id = any(${rapportIds}::text[])`),
    ),
  ]);
  return handelserFranRegistret(
    uppgifter.map((u) => ({
      id: u.id,
      processId: u.process_id,
      typ: u.typ as UppgiftTyp,
      ...(u.organ !== null ? { organ: u.organ } : {}),
      tilldelad: u.tilldelad,
      forfaller: u.forfaller,
      status: u.status as UppgiftStatus,
      skapad: u.skapad.getTime(),
      ...(u.avslutad !== null ? { avslutad: u.avslutad.getTime() } : {}),
      ...(u.utford_av ? { utfordAv: u.utford_av } : {}),
    })),
    Object.fromEntries(rapporter.map((r) => [r.id, r.diarienummer ?? undefined])),
  );
}
