/**
 * Opens the register's database — a PostgreSQL server through `pg`, or PGlite (PostgreSQL in WASM) in a data
 * folder or in memory — behind one kysely instance, and brings its schema up to date.
 */
import type * as PGliteModule from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type PostgresPool } from 'kysely';
import pg from 'pg';
import { BereddaSatser, beredandeKlient, registreraBeredda } from './beredda';
import { migrationProvider } from './migrations';
import { pglitePool } from './pglitePool';
import { startPgliteThread, type PgliteThread } from './pgliteThread';
import type { Database } from './schema';

export interface DatabaseOptions {
  /** `postgres://…` (or `postgresql://…`): a PostgreSQL server. Anything else: PGlite. */
  url?: string;
  /** PGlite's data folder, created when missing; `undefined` keeps the database in memory. */
  dataDir?: string;
  /** The data folder's PGlite, its thread already started (`npm start` starts it first); else started here. */
  pgliteThread?: PgliteThread;
  /** PostgreSQL: connections at most (default 10); sized to the worker's activity concurrency by the services. */
  poolMax?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/** Opens the database and runs every pending migration. */
export async function openDatabase(options: DatabaseOptions): Promise<Kysely<Database>> {
  // PostgreSQL: the hot reads are prepared on each connection (./beredda.ts).
  const satser = new BereddaSatser();
  const postgres = isPostgresUrl(options.url);
  const pool = postgres ? postgresPool(options.url!, options.poolMax ?? 10, satser) : await pglite(options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (postgres) registreraBeredda(db, satser);
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/**
 * Calendar dates stay `YYYY-MM-DD` strings: as `Date`s they would be midnight in the process's time zone, a
 * different day on the other side of UTC. Bigints (bigserial ids, counts) become numbers; the register's
 * stay far below 2^53. Set per pool, not on pg's global parser table, which other code in the process shares.
 */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    if (oid === pg.types.builtins.INT8) return Number;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/**
 * Timeouts inside an activity's own (one minute): a connection the server does not give, or a statement that
 * hangs on a lock, fails the attempt with a reason, and Temporal retries it.
 */
export const PG_TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 30_000,
} as const;

function postgresPool(url: string, max: number, satser: BereddaSatser): PostgresPool {
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    max,
    ...PG_TIMEOUTS,
    Client: beredandeKlient(satser),
  });
  // An idle connection the server dropped (restart, failover): the pool replaces it, and the next query that
  // cannot be served fails where a caller sees it. Unhandled, this event would end the process.
  pool.on('error', (error) =>
    console.error(`register: lost an idle PostgreSQL connection: ${error.message}`),
  );
  return pool;
}

/**
 * A data folder's PGlite runs in a thread of its own (./pgliteThread.ts); an in-memory one (the tests') in this
 * thread, its module loaded only then.
 */
async function pglite({ dataDir, pgliteThread }: DatabaseOptions): Promise<PostgresPool> {
  if (pgliteThread !== undefined || dataDir !== undefined) {
    const thread = pgliteThread ?? startPgliteThread(dataDir!);
    try {
      await thread.ready;
    } catch (error) {
      await thread.close();
      throw error;
    }
    return pglitePool(thread);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PGlite, types } = require('@electric-sql/pglite') as typeof PGliteModule;
  const instance = await PGlite.create({
    // PGlite parses dates to `Date` by default; the same rule as for pg above (and in ./pgliteThreadMain.cjs).
    parsers: { [types.DATE]: (value: string) => value, [types.INT8]: Number },
  });
  return pglitePool(instance);
}

/**
 * Runs the pending migrations. Two processes opening the same database at once are safe: kysely's migrator
 * creates its tables tolerating a concurrent creator, then takes a PostgreSQL advisory lock and reads which
 * migrations ran inside that lock, so the second process waits and finds nothing left to do.
 */
async function migrate(db: Kysely<Database>): Promise<void> {
  // Its bookkeeping tables go in the schema the register's tables go in (the first on the search_path), so
  // that another schema's `kysely_migration` in the same database is not mistaken for ours.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined || schema === null) {
    throw new Error('the register needs a schema to create its tables in: the search_path names none');
  }
  if (await allApplied(db, schema)) return;
  // Unordered: migrations are numbered on branches worked on side by side (0012, 0013, 0014 …), and a database
  // that ran a higher number first must still take a lower one merged later.
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableSchema: schema,
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(
      `register: migration ${failed ?? '(setup)'} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * True when exactly the migrations this code knows have run — the usual start, which then reads one table
 * instead of the migrator's catalogue queries, lock and transaction (a third of a second on PGlite). Anything
 * else (a first start, a pending migration, one this code does not know) goes through the migrator.
 */
async function allApplied(db: Kysely<Database>, schema: string): Promise<boolean> {
  const known = Object.keys(await migrationProvider.getMigrations());
  try {
    const { rows } = await sql<{
      name: string;
    }>`select name from ${sql.id(schema, 'kysely_migration')}`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false; // no migration table yet
  }
}
