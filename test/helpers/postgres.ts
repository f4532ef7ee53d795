/**
 * PostgreSQL for the register's integration tests. globalSetup finds the server once per run
 * (`ARSHJUL_TEST_DATABASE_URL`, else `scripts/postgres url`, which starts Debian's cluster); each suite then
 * works in a schema of its own, chosen through the connection's search_path, so test files running in
 * parallel never see each other's tables.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

export const DATABASE_URL_ENV = 'ARSHJUL_TEST_DATABASE_URL';
/** Set by globalSetup when no server could be found: the PostgreSQL suites fail with this message. */
const DATABASE_ERROR_ENV = 'ARSHJUL_TEST_DATABASE_ERROR';

const SCRIPT = path.resolve(__dirname, '../../scripts/postgres');

/**
 * For globalSetup: makes sure `ARSHJUL_TEST_DATABASE_URL` is set. A missing server does not stop the run —
 * the Temporal tests need none — but is remembered, so each PostgreSQL suite fails saying what to do.
 */
export async function locatePostgres(): Promise<void> {
  if (process.env[DATABASE_URL_ENV]) return;
  try {
    process.env[DATABASE_URL_ENV] = await runScript();
  } catch (error) {
    process.env[DATABASE_ERROR_ENV] = error instanceof Error ? error.message : String(error);
  }
}

/** `scripts/postgres url`, its progress shown as it goes. */
function runScript(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, 'url'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && stdout.trim() !== '') resolve(stdout.trim());
      else
        reject(
          new Error(
            `scripts/postgres url failed (exit ${code}): ${stderr.trim() || 'no message'} ` +
              `— or set ${DATABASE_URL_ENV} to a PostgreSQL database the tests may create schemas in`,
          ),
        );
    });
  });
}

export function testDatabaseUrl(): string {
  const url = process.env[DATABASE_URL_ENV];
  if (url) return url;
  throw new Error(
    process.env[DATABASE_ERROR_ENV] ??
      `${DATABASE_URL_ENV} is not set: run the tests through jest (globalSetup finds PostgreSQL)`,
  );
}

export interface TestSchema {
  /** The test database's URL with the schema as the only entry of the search_path. */
  url: string;
  name: string;
  /** Runs SQL as the test role outside the register, e.g. to look at kysely's own tables. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

let schemas = 0;

/** A new, empty schema for one suite; `drop()` removes it and everything in it. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const base = testDatabaseUrl();
  const name = `test_${label}_${process.pid}_${Date.now()}_${++schemas}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    url: url.toString(),
    name,
    query,
    drop: async () => {
      await query(`drop schema ${name} cascade`);
    },
  };
}
