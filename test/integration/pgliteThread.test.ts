/**
 * A data folder's PGlite in a thread of its own (src/db/pgliteThread.ts): what a statement gives back and what an
 * error carries cross the thread as they are in-process, statements keep their order, a transaction holds the
 * connection, and a folder that cannot be opened or a closed thread gives a clear error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { openDatabase } from '../../src/db/database';
import { sqlstate } from '../../src/db/pgFel';
import { pglitePool } from '../../src/db/pglitePool';
import { startPgliteThread, type PgliteThread } from '../../src/db/pgliteThread';

const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-pglite-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a PGlite thread on a data folder', () => {
  let thread: PgliteThread;
  beforeAll(async () => {
    thread = startPgliteThread(path.join(dir, 'a'));
    await thread.ready;
  });
  afterAll(() => thread.close());

  it('gives back rows with the in-process parsers: dates as text, bigints as numbers, timestamps as Dates', async () => {
    const at = new Date('2026-03-01T09:30:00.000Z');
    const { rows } = await thread.query<{ dag: string; antal: number; tid: Date; data: unknown }>(
      `select date '2026-02-28' as dag, 9007199254740991::int8 as antal, $1::timestamptz as tid,
              $2::jsonb as data`,
      [at, JSON.stringify({ paragraf: 7, namn: 'Årsredovisning' })],
    );
    expect(rows).toEqual([
      { dag: '2026-02-28', antal: 9007199254740991, tid: at, data: { paragraf: 7, namn: 'Årsredovisning' } },
    ]);
    // A Date of this process's own realm (Jest's test realm is another, so not `toBeInstanceOf`).
    expect(Object.prototype.toString.call(rows[0]!.tid)).toBe('[object Date]');
  });

  it("carries PostgreSQL's error across: SQLSTATE, message, detail and constraint", async () => {
    await thread.query('create table t (id int primary key, namn text not null)', []);
    await thread.query('insert into t values (1, $1)', ['ett']);
    const error = await thread.query('insert into t values (1, $1)', ['igen']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(sqlstate(error)).toBe('23505');
    expect(error).toMatchObject({
      message: expect.stringContaining('duplicate key'),
      constraint: 't_pkey',
      detail: 'Key (id)=(1) already exists.',
    });
    // The thread goes on after an error.
    expect((await thread.query<{ n: number }>('select count(*)::int as n from t', [])).rows).toEqual([
      { n: 1 },
    ]);
  });

  it('runs statements in the order they were sent, and a kysely transaction on one checkout', async () => {
    const db = new Kysely<{ t: { id: number; namn: string } }>({
      dialect: new PostgresDialect({ pool: pglitePool(thread) }),
    });
    const sent = Array.from({ length: 50 }, (_, i) =>
      thread.query('insert into t values ($1, $2)', [i + 100, `rad ${i}`]),
    );
    await Promise.all(sent);
    const ids = await thread.query<{ id: number }>('select id from t where id >= 100 order by id', []);
    expect(ids.rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 100));

    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ id: 2, namn: 'två' }).execute();
        throw new Error('ångrad');
      }),
    ).rejects.toThrow('ångrad');
    const rolledBack = await sql<{ n: number }>`select count(*)::int as n from t where id = 2`.execute(db);
    expect(rolledBack.rows).toEqual([{ n: 0 }]);
  });
});

it('refuses statements once closed, and keeps what was written for the next thread on the folder', async () => {
  const folder = path.join(dir, 'b');
  const first = startPgliteThread(folder);
  await first.query('create table beslut (nr int)', []);
  await first.query('insert into beslut values (1), (2)', []);
  await first.close();
  expect(first.closed).toBe(true);
  await expect(first.query('select 1', [])).rejects.toThrow('the register is closed');

  const second = startPgliteThread(folder);
  try {
    expect((await second.query<{ n: number }>('select count(*)::int as n from beslut', [])).rows).toEqual([
      { n: 2 },
    ]);
  } finally {
    await second.close();
  }
});

it('a folder PGlite cannot open: openDatabase fails with its error and leaves no thread running', async () => {
  // A data folder of another PostgreSQL version.
  const folder = path.join(dir, 'c');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'PG_VERSION'), '9.6\n');
  const thread = startPgliteThread(folder);
  await expect(thread.ready).rejects.toThrow();
  await expect(openDatabase({ pgliteThread: thread })).rejects.toThrow();
  expect(thread.closed).toBe(true);
});
