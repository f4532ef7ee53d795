/**
 * overview: the kanslichef's open-task overview (the Årshjulet page's list: the first page of the kommun's open
 * tasks and their total, read by the register's oppnaUppgifter as the page calls it) over `antal` seeded tasks — Lund's, `andelOppna` of
 * them open, spread over ten years of due dates — against the raw SQL of what one page shows: the shown columns
 * of the first 50 open tasks by due date, straight on the same PostgreSQL. In verbose mode the EXPLAIN of both.
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { openRegister } from '../../db/register';
import type { Database } from '../../db/schema';
import { oppnaUppgifter } from '../../db/uppgifter';
import type { Postgres } from '../miljo';
import { ababProv, kvoter, median, type Matresultat } from '../statistik';
import { nu } from '../uppgifter';

const SIDA = 50;
/** The Årshjulet page's first page with no filter. */
const URVAL = { kommun: 'lund', sida: 1, perSida: SIDA } as const;
const RA_SQL = `select id, titel, tilldelad, forfaller, status, forfaller < current_date as forsenad
  from uppgift where kommun_id = $1 and status = 'OPPEN' order by forfaller, id limit ${SIDA}`;

/** `antal` tasks of Lund: every `1 / andelOppna`-th open, the others done, due over ten years. */
async function seeda(c: pg.Client, antal: number, andelOppna: number): Promise<void> {
  const varannan = Math.max(1, Math.round(1 / andelOppna));
  await c.query(
    `insert into uppgift (id, kommun_id, organ, typ, titel, process_id, process_titel, tilldelad, delegater,
       forfaller, status, skapad, avslutad, senast_andrad, senaste_seq)
     select 'lund/seed/' || g || '/utkast-1', 'lund', 'KS', 'utkast', 'Skriv rapporten ' || g, 'lund/seed/' || g,
       'Rapport ' || g, case g % 3 when 0 then 'handlaggare-ks' when 1 then 'handlaggare-ks-2' else 'kanslichef' end,
       '{}', date '2017-01-01' + (g % 3650), case when g % $2 = 0 then 'OPPEN' else 'KLAR' end,
       now(), case when g % $2 = 0 then null else now() end, now(), 1
     from generate_series(1, $1) g`,
    [antal, varannan],
  );
  await c.query('analyze uppgift');
}

async function tid(las: () => Promise<unknown>): Promise<number> {
  const t0 = nu();
  await las();
  return nu() - t0;
}

export async function matOversikt(
  postgres: Postgres,
  opt: { rounds: number; n: number; antal: number; andelOppna: number; verbose: boolean },
): Promise<Matresultat> {
  const url = await postgres.schema('oversikt');
  const register = await openRegister({ url });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await seeda(c, opt.antal, opt.andelOppna);
    const produkt = () => register.oppnaUppgifter(URVAL);
    const ra = () => c.query(RA_SQL, ['lund']);
    const oppna = (await produkt()).rader.length;
    await ra();
    const prov = await ababProv(
      opt.rounds,
      opt.n,
      () => tid(produkt),
      () => tid(ra),
    );
    const a = prov.a.map(median);
    const b = prov.b.map(median);
    const detaljer: Record<string, number | string> = {
      'A median ms': median(a),
      'B median ms': median(b),
      'tasks seeded': opt.antal,
      'rows A returns (its first page)': oppna,
      'rows B returns (a page)': SIDA,
    };
    const planA = await explain(c, url);
    const planB = (await c.query<{ 'QUERY PLAN': string }>(`explain ${RA_SQL}`, ['lund'])).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    detaljer['A uses an index'] = /Index|Bitmap/.test(planA) ? 'yes' : 'no (seq scan)';
    detaljer['A sorts'] = /Sort/.test(planA) ? 'yes' : 'no';
    if (opt.verbose) detaljer.explain = `A (the product's query):\n${planA}\n\nB (raw SQL):\n${planB}`;
    return {
      name: `overview (kanslichef's open tasks over ${opt.antal} tasks vs raw SQL)`,
      a: `register.oppnaUppgifter: page 1 (${SIDA} rows) and the total, as the Årshjulet page calls it`,
      b: `raw SQL: the shown columns of the first ${SIDA} open tasks by due date (one page)`,
      ratioOf: 'median A ms / median B ms, per round',
      kvoter: kvoter(a, b),
      goal: 1.5,
      n: opt.n,
      rounds: opt.rounds,
      absoluta: [],
      detaljer,
    };
  } finally {
    await c.end();
    await register.close();
  }
}

/** EXPLAIN of the SQL the product sends for the overview, caught from kysely's log. */
async function explain(c: pg.Client, url: string): Promise<string> {
  let fangad: CompiledQuery | undefined;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') fangad ??= e.query;
    },
  });
  try {
    await oppnaUppgifter(db, URVAL);
  } finally {
    await db.destroy();
  }
  if (!fangad) return '(no query caught)';
  const { rows } = await c.query<{ 'QUERY PLAN': string }>(`explain ${fangad.sql}`, [...fangad.parameters]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
