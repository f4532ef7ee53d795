/**
 * The register's hot reads as prepared statements on PostgreSQL (src/db/beredda.ts): prepared once on a connection
 * and bound after; a read of varying shape is not prepared; and a read whose table another process's migration
 * changed under it (its result's columns: "cached plan must not change result type") is prepared again and
 * answers, its caller none the wiser. On PGlite the same reads run unprepared.
 */
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../src/db/database';
import type { Database } from '../../src/db/schema';
import { hamtaSession, skapaSession } from '../../src/db/sessioner';
import { oppnaUppgifter } from '../../src/db/uppgifter';
import { createTestSchema, type TestSchema } from '../helpers/postgres';

let schema: TestSchema | undefined;
let db: Kysely<Database> | undefined;

afterEach(async () => {
  await db?.destroy();
  await schema?.drop();
  db = undefined;
  schema = undefined;
});

const SESSION = {
  id: 'beredd-session',
  kommun: 'lund',
  person: 'kanslichef',
  skapad: new Date('2026-12-01T08:00:00Z'),
  giltigTill: new Date('2026-12-31T08:00:00Z'),
};

/** The statements prepared on the pool's one connection. */
const beredda = async (d: Kysely<Database>) =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(d)).rows.map(
    (r) => r.statement,
  );

it('prepares the hot reads once per connection, and again when a migration changed what one returns', async () => {
  schema = await createTestSchema('beredda');
  db = await openDatabase({ url: schema.url, poolMax: 1 });
  await skapaSession(db, SESSION);

  expect(await hamtaSession(db, SESSION.id)).toMatchObject({ person: 'kanslichef' });
  expect(await hamtaSession(db, 'ingen')).toBeUndefined();
  expect((await beredda(db)).filter((s) => s.includes('"sessioner"'))).toHaveLength(1);

  // The overview's page of a fixed shape is prepared; one for a list of people is not.
  await oppnaUppgifter(db, { kommun: 'lund', sida: 1, perSida: 50 });
  await oppnaUppgifter(db, { kommun: 'lund', sida: 2, perSida: 50 });
  await oppnaUppgifter(db, {
    kommun: 'lund',
    sida: 1,
    perSida: 50,
    tilldeladI: [{ person: 'x', organ: 'KS' }],
  });
  expect((await beredda(db)).filter((s) => s.includes('"uppgift"'))).toHaveLength(1);

  // Another process adds a column: the prepared `select *` can no longer be used; the read prepares it again.
  await schema.query('alter table sessioner add column anteckning text');
  expect(await hamtaSession(db, SESSION.id)).toMatchObject({ person: 'kanslichef' });
  expect((await beredda(db)).filter((s) => s.includes('"sessioner"'))).toHaveLength(2);
});

it('runs the same reads unprepared on PGlite', async () => {
  db = await openDatabase({});
  await skapaSession(db, SESSION);
  expect(await hamtaSession(db, SESSION.id)).toMatchObject({ person: 'kanslichef' });
  expect(await oppnaUppgifter(db, { kommun: 'lund', sida: 1, perSida: 50 })).toEqual({
    rader: [],
    totalt: 0,
  });
});
