/**
 * The task read model: the latest snapshot of every human task and its history, written by the task
 * workflow's activity after each transition, read by "Mina uppgifter" and the kanslichef's dashboard.
 */
import { sql, type Kysely, type QueryCreator } from 'kysely';
import { dateInStockholm, type IsoDate } from '../domain/datum';
import {
  utfallAv,
  type Handelse,
  type HandelseTyp,
  type UppgiftState,
  type UppgiftStatus,
  type UppgiftTyp,
  type UppgiftUtfall,
} from '../domain/uppgift';
import { auditInsert } from './audit';
import { lasBeredd, mall } from './beredda';
import { json, type Database } from './schema';

export interface UppgiftRad {
  id: string;
  kommun: string;
  organ?: string;
  typ: UppgiftTyp;
  titel: string;
  processId: string;
  processTitel: string;
  tilldelad: string;
  delegater: string[];
  forfaller: IsoDate;
  status: UppgiftStatus;
  /** Open and its due date has passed (relative to `idag`). */
  forsenad: boolean;
  skapad: Date;
  avslutad?: Date;
  senastAndrad: Date;
  utfall?: UppgiftUtfall;
}

export interface UppgiftFilter {
  kommun?: string;
  /** The assignee or one of the delegates. */
  person?: string;
  status?: string[];
  /** Only the tasks of these processes (report ids). */
  processer?: string[];
  /** What "overdue" is measured against; today in Stockholm when left out. */
  idag?: IsoDate;
}

/** What the kanslichef's overview asks of the open tasks: filters and a page. */
export interface OppnaUrval {
  kommun: string;
  organ?: string;
  typ?: UppgiftTyp;
  /** The assignee or one of the delegates. */
  person?: string;
  /** Only tasks assigned to one of these people, each in the organ given (`null`: a task of no organ). */
  tilldeladI?: { person: string; organ: string | null }[];
  /** 1-based. */
  sida: number;
  perSida: number;
  idag?: IsoDate;
}

/** The columns the overview shows, and no more. */
export type Oversiktsrad = Pick<
  UppgiftRad,
  'id' | 'organ' | 'typ' | 'titel' | 'tilldelad' | 'forfaller' | 'forsenad'
>;

/**
 * Stores the snapshot, the events not stored yet and their audit entries in ONE statement (data-modifying CTEs:
 * atomic as a transaction, one round trip where begin, two or three inserts and commit were four or five — the
 * task's most frequent write); returns the seqs that were new. The events' foreign key to the task is checked at
 * the statement's end, after the task's row is in. An event stored before under its seq is replaced by this
 * state's when they differ and this state is not older than the stored one (a workflow task retried).
 */
export async function sparaUppgift(db: Kysely<Database>, state: UppgiftState): Promise<number[]> {
  const { spec, historik } = state;
  const forsta = historik[0]!;
  const sista = historik[historik.length - 1]!;
  const utfall = utfallAv(state);
  const audit = historik
    .filter((h) => h.aktor !== undefined)
    .map((h) => ({
      nyckel: `uppgift:${spec.id}:${h.seq}`,
      tid: new Date(h.tid),
      aktor: h.aktor,
      paUppdragAv: h.paUppdragAv,
      handling: h.typ,
      objekt: `uppgift:${spec.id}`,
      detaljer: detaljerAv(h),
    }));
  // The audit entries' CTE is run, never read: the main statement's type need not know its name.
  const bas =
    audit.length > 0
      ? (db.with('granskning', (d) => auditInsert(d, audit)) as unknown as QueryCreator<Database>)
      : db;
  const nya = await bas
    .with('rad', (d) =>
      d
        .insertInto('uppgift')
        .values({
          id: spec.id,
          kommun_id: spec.kommun,
          organ: spec.organ ?? null,
          typ: spec.typ,
          titel: spec.titel,
          process_id: spec.process.id,
          process_titel: spec.process.titel,
          tilldelad: state.tilldelad,
          delegater: state.delegater,
          forfaller: state.forfaller,
          status: state.status,
          skapad: new Date(forsta.tid),
          avslutad: utfall ? new Date(utfall.tid) : null,
          senast_andrad: new Date(sista.tid),
          senaste_seq: sista.seq,
          utfall: json(utfall),
        })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              tilldelad: eb.ref('excluded.tilldelad'),
              delegater: eb.ref('excluded.delegater'),
              forfaller: eb.ref('excluded.forfaller'),
              status: eb.ref('excluded.status'),
              avslutad: eb.ref('excluded.avslutad'),
              senast_andrad: eb.ref('excluded.senast_andrad'),
              senaste_seq: eb.ref('excluded.senaste_seq'),
              utfall: eb.ref('excluded.utfall'),
            }))
            // An attempt that timed out may still land after its retry wrote a newer state: it must not win.
            .whereRef('uppgift.senaste_seq', '<=', 'excluded.senaste_seq'),
        ),
    )
    .insertInto('uppgift_handelse')
    .values(historik.map((h) => handelseRad(spec.id, h)))
    .onConflict((oc) =>
      oc
        .columns(['uppgift_id', 'seq'])
        .doUpdateSet((eb) => Object.fromEntries(ERSATTBARA.map((k) => [k, eb.ref(`excluded.${k}`)])))
        // A workflow task retried after its worker died makes its events anew (their times are the retry's),
        // and the retry's are the run's: they replace what the lost attempt stored under the same seq, as the
        // snapshot above does — never an older state landing late (the snapshot's guard, read before this
        // statement), and never a row rewritten to what it already holds.
        .where(
          sql<boolean>`(select senaste_seq from uppgift where id = ${spec.id}) <= ${sista.seq}
            and (${kolumner('uppgift_handelse')}) is distinct from (${kolumner('excluded')})`,
        ),
    )
    // Inserted, not replaced: xmax is 0 only on a row this statement inserted.
    .returning(['seq', sql<boolean>`xmax = 0`.as('ny')])
    .execute();
  return nya
    .filter((r) => r.ny)
    .map((r) => r.seq)
    .sort((a, b) => a - b);
}

export async function hamtaUppgift(
  db: Kysely<Database>,
  id: string,
  idag: IsoDate = idagIStockholm(),
): Promise<UppgiftRad | undefined> {
  // Read before every command on a task: prepared (./beredda.ts).
  const [row] = await lasBeredd(db, uppgiftQuery(db, idag).where('id', '=', id));
  return row && uppgiftRad(row);
}

/**
 * Open tasks first, by due date (so the overdue ones lead, the most overdue first); then the closed ones,
 * the most recently closed first.
 */
export async function listaUppgifter(db: Kysely<Database>, filter: UppgiftFilter): Promise<UppgiftRad[]> {
  if (filter.status !== undefined && filter.status.length === 0) return [];
  let query = uppgiftQuery(db, filter.idag ?? idagIStockholm());
  if (filter.kommun !== undefined) query = query.where('kommun_id', '=', filter.kommun);
  const person = filter.person;
  if (person !== undefined) {
    query = query.where((eb) => eb.or([eb('tilldelad', '=', person), delegatIn(person)]));
  }
  if (filter.status !== undefined) query = query.where('status', 'in', filter.status);
  if (filter.processer !== undefined) {
    if (filter.processer.length === 0) return [];
    query = query.where('process_id', 'in', filter.processer);
  }
  const rows = await query
    .orderBy(sql`status = 'OPPEN'`, 'desc')
    .orderBy(sql`case when status = 'OPPEN' then forfaller end`, 'asc')
    .orderBy('avslutad', (ob) => ob.desc().nullsLast())
    .orderBy('id')
    .execute();
  return rows.map(uppgiftRad);
}

/** `delegater @> array[person]`: the GIN index on delegater serves it (`person = any(delegater)` it does not). */
const delegatIn = (person: string) => sql<boolean>`delegater @> array[${person}]::text[]`;

/** What selects the open tasks of the overview (its filters, `OppnaUrval`'s). */
type Oppnafilter = Pick<OppnaUrval, 'kommun' | 'organ' | 'typ' | 'person' | 'tilldeladI'>;

/**
 * The open tasks that pass the filters. `status` is written out, not a parameter: a prepared statement's generic
 * plan can then still use the partial index uppgift_oppna (open tasks only), which a parameter could not prove.
 */
function oppnaQuery(db: Kysely<Database>, f: Oppnafilter) {
  let query = db
    .selectFrom('uppgift')
    .where('kommun_id', '=', f.kommun)
    .where('status', '=', sql.lit('OPPEN'));
  if (f.organ !== undefined) query = query.where('organ', '=', f.organ);
  if (f.typ !== undefined) query = query.where('typ', '=', f.typ);
  const person = f.person;
  if (person !== undefined)
    query = query.where((eb) => eb.or([eb('tilldelad', '=', person), delegatIn(person)]));
  const par = f.tilldeladI;
  if (par !== undefined) {
    query = query.where((eb) =>
      eb.or(
        par.map((p) =>
          eb.and([
            eb('tilldelad', '=', p.person),
            p.organ === null ? eb('organ', 'is', null) : eb('organ', '=', p.organ),
          ]),
        ),
      ),
    );
  }
  return query;
}

/**
 * The total: of every open task of the kommun (by organ and kind), the trigger-kept count (migration 0015) — a
 * lookup of a few rows; of one person's tasks it is counted over the page's selection instead.
 */
function antalQuery(db: Kysely<Database>, f: Oppnafilter) {
  let query = db
    .selectFrom('uppgift_oppna_antal')
    .select(sql<string>`coalesce(sum(antal), 0)`.as('n'))
    .where('kommun_id', '=', f.kommun);
  if (f.organ !== undefined) query = query.where('organ', '=', f.organ);
  if (f.typ !== undefined) query = query.where('typ', '=', f.typ);
  return query;
}

/** A page of the overview: its columns, in the order the index gives, with the total on each row when asked. */
function sidaQuery(
  db: Kysely<Database>,
  f: Oppnafilter,
  s: { idag: IsoDate; perSida: number; offset: number; raknat: boolean },
) {
  return oppnaQuery(db, f)
    .select(['id', 'organ', 'typ', 'titel', 'tilldelad', 'forfaller'])
    .select(sql<boolean>`forfaller < ${s.idag}::date`.as('forsenad'))
    .$if(s.raknat, (q) => q.select(antalQuery(db, f).as('totalt')))
    .orderBy('forfaller')
    .orderBy('id')
    .limit(s.perSida)
    .offset(s.offset);
}

/** Which of organ (`o`), kind (`t`) and person (`p`) filter a page of fixed shape. */
type Sidform = `${'o' | ''}${'t' | ''}${'p' | ''}`;
/** A page's values; organ, kind and person where its form names them. */
interface Sidvarden {
  kommun: string;
  organ?: string;
  typ?: UppgiftTyp;
  person?: string;
  idag: IsoDate;
  perSida: number;
  offset: number;
}

function sidform(f: Oppnafilter): Sidform {
  return `${f.organ !== undefined ? 'o' : ''}${f.typ !== undefined ? 't' : ''}${f.person !== undefined ? 'p' : ''}` as Sidform;
}

/**
 * The page on every load of the kanslichef's overview, of one of its fixed shapes: built once, prepared (./beredda.ts).
 * Of every open task (no person) it carries the total.
 */
const fastSida = mall((db, form: Sidform, p: Sidvarden) =>
  sidaQuery(
    db,
    {
      kommun: p.kommun,
      // Placeholders all (never undefined); `mall` refuses a call that leaves out one the form uses.
      ...(form.includes('o') ? { organ: p.organ! } : {}),
      ...(form.includes('t') ? { typ: p.typ! } : {}),
      ...(form.includes('p') ? { person: p.person! } : {}),
    },
    { idag: p.idag, perSida: p.perSida, offset: p.offset, raknat: !form.includes('p') },
  ),
);

/**
 * The open tasks of a kommun that pass the filters, one page of them, by due date (so the overdue lead, the most
 * overdue first), and how many there are in all. The partial index uppgift_oppna (kommun, due date, id; open
 * only) hands them over in that order: a page reads its rows and no more, whatever the number of tasks.
 */
export async function oppnaUppgifter(
  db: Kysely<Database>,
  urval: OppnaUrval,
): Promise<{ rader: Oversiktsrad[]; totalt: number }> {
  if (urval.tilldeladI !== undefined && urval.tilldeladI.length === 0) return { rader: [], totalt: 0 };
  const idag = urval.idag ?? idagIStockholm();
  const offset = (urval.sida - 1) * urval.perSida;
  // A list of people gives the page a shape of its own per length: built and run as it comes.
  const fast = urval.tilldeladI === undefined;
  const raknat = fast && urval.person === undefined;
  const rader = fast
    ? await fastSida(db, sidform(urval), { ...urval, idag, offset })
    : await sidaQuery(db, urval, { idag, perSida: urval.perSida, offset, raknat }).execute();
  const forsta = rader[0] as { totalt?: string } | undefined;
  // A page past the last has no row to carry the total: it is read by itself.
  const totalt =
    raknat && forsta?.totalt !== undefined
      ? Number(forsta.totalt)
      : Number(
          (
            await (
              raknat
                ? antalQuery(db, urval)
                : oppnaQuery(db, urval).select((eb) => eb.fn.countAll<number>().as('n'))
            ).executeTakeFirstOrThrow()
          ).n,
        );
  return {
    rader: rader.map((r) => ({
      id: r.id,
      ...(r.organ !== null ? { organ: r.organ } : {}),
      typ: r.typ as UppgiftTyp,
      titel: r.titel,
      tilldelad: r.tilldelad,
      forfaller: r.forfaller,
      forsenad: r.forsenad,
    })),
    totalt,
  };
}

export async function uppgiftshistorik(db: Kysely<Database>, id: string): Promise<Handelse[]> {
  const rows = await db
    .selectFrom('uppgift_handelse')
    .selectAll()
    .where('uppgift_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    typ: r.typ as HandelseTyp,
    tid: r.tid.getTime(),
    ...(r.aktor !== null ? { aktor: r.aktor } : {}),
    ...(r.pa_uppdrag_av !== null ? { paUppdragAv: r.pa_uppdrag_av } : {}),
    ...(r.kommentar !== null ? { kommentar: r.kommentar } : {}),
    ...(r.till !== null ? { till: r.till } : {}),
    ...(r.forfaller !== null ? { forfaller: r.forfaller } : {}),
    ...(r.mottagare !== null ? { mottagare: r.mottagare } : {}),
  }));
}

function uppgiftQuery(db: Kysely<Database>, idag: IsoDate) {
  return db
    .selectFrom('uppgift')
    .selectAll()
    .select(sql<boolean>`status = 'OPPEN' and forfaller < ${idag}::date`.as('forsenad'));
}

type UppgiftRow = Awaited<ReturnType<ReturnType<typeof uppgiftQuery>['executeTakeFirstOrThrow']>>;

function uppgiftRad(r: UppgiftRow): UppgiftRad {
  return {
    id: r.id,
    kommun: r.kommun_id,
    ...(r.organ !== null ? { organ: r.organ } : {}),
    typ: r.typ as UppgiftTyp,
    titel: r.titel,
    processId: r.process_id,
    processTitel: r.process_titel,
    tilldelad: r.tilldelad,
    delegater: r.delegater,
    forfaller: r.forfaller,
    status: r.status as UppgiftStatus,
    forsenad: r.forsenad,
    skapad: r.skapad,
    ...(r.avslutad !== null ? { avslutad: r.avslutad } : {}),
    senastAndrad: r.senast_andrad,
    ...(r.utfall !== null ? { utfall: r.utfall as UppgiftUtfall } : {}),
  };
}

/** An event's columns that a retried workflow task may make anew (all but its key), as `tabell`'s. */
const ERSATTBARA = [
  'typ',
  'tid',
  'aktor',
  'pa_uppdrag_av',
  'kommentar',
  'till',
  'forfaller',
  'mottagare',
] as const;
const kolumner = (tabell: string) => sql.join(ERSATTBARA.map((k) => sql.ref(`${tabell}.${k}`)));

function handelseRad(uppgiftId: string, h: Handelse) {
  return {
    uppgift_id: uppgiftId,
    seq: h.seq,
    typ: h.typ,
    tid: new Date(h.tid),
    aktor: h.aktor ?? null,
    pa_uppdrag_av: h.paUppdragAv ?? null,
    kommentar: h.kommentar ?? null,
    till: h.till ?? null,
    forfaller: h.forfaller ?? null,
    mottagare: h.mottagare ?? null,
  };
}

/** What the audit entry adds to the event's type: the comment and what changed. */
function detaljerAv(h: Handelse): Record<string, unknown> | undefined {
  const detaljer = {
    ...(h.kommentar !== undefined ? { kommentar: h.kommentar } : {}),
    ...(h.till !== undefined ? { till: h.till } : {}),
    ...(h.forfaller !== undefined ? { forfaller: h.forfaller } : {}),
  };
  return Object.keys(detaljer).length > 0 ? detaljer : undefined;
}

function idagIStockholm(): IsoDate {
  return dateInStockholm(Date.now());
}
