/**
 * The register's hot reads as named prepared statements on PostgreSQL (issue 16): a read that runs on every page
 * load or request — the kanslichef's overview, a session, the year's overview, a task — is parsed and planned by
 * the server once per connection, not on each call. Only reads that opt in (`lasBeredd`, `mall`) are prepared,
 * and only reads of a fixed shape should (one SQL text whatever the values): the statements a connection holds are
 * then bounded by the code, and the registry refuses more than `MAX_BEREDDA` texts besides. A `mall` is also built
 * and compiled by kysely once per shape instead of at each call, which for the overview's page cost as much as a
 * third of the read.
 *
 * A statement the server can no longer use as prepared — a migration run by another process changed a table it
 * reads so that its result's columns changed ("cached plan must not change result type", SQLSTATE 0A000) — is
 * prepared again under a new name and the read retried once; PostgreSQL itself re-plans a prepared statement
 * after any other change to what it reads. Reads in a transaction are never prepared (a failed statement would
 * abort the transaction). PGlite runs every read as before: it is one connection in the same process, with
 * nothing to save on the wire.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

/** Fixed-shape reads number a handful; this only stops a read of varying shape from preparing without bound. */
export const MAX_BEREDDA = 64;

/** Names per SQL text for one pool's connections. */
export class BereddaSatser {
  readonly #namn = new Map<string, string>();
  #nasta = 1;

  constructor(private readonly max = MAX_BEREDDA) {}

  /** Marks a text as a hot read; false when the registry is full (the text then runs unprepared). */
  markera(text: string): boolean {
    if (this.#namn.has(text)) return true;
    if (this.#namn.size >= this.max) return false;
    this.#namn.set(text, this.#nyttNamn());
    return true;
  }

  /** The statement name of a marked text. */
  namn(text: string): string | undefined {
    return this.#namn.get(text);
  }

  /** A new name for a text whose statement the server refused: every connection prepares it afresh. */
  fornya(text: string): string | undefined {
    if (!this.#namn.has(text)) return undefined;
    const namn = this.#nyttNamn();
    this.#namn.set(text, namn);
    return namn;
  }

  get antal(): number {
    return this.#namn.size;
  }

  #nyttNamn(): string {
    return `arshjul_${this.#nasta++}`;
  }
}

/** "cached plan must not change result type": the prepared statement is stale after a change to a table. */
function inaktuell(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '0A000';
}

/**
 * pg's client for the pool: a query whose text the registry marked runs as a named statement (pg parses it on
 * the connection's first use and binds it after), anything else as before.
 */
export function beredandeKlient(satser: BereddaSatser): typeof pg.Client {
  return class BeredandeKlient extends pg.Client {
    override query(...args: unknown[]): never {
      const [text, values] = args;
      const namn = args.length === 2 && typeof text === 'string' ? satser.namn(text) : undefined;
      if (namn === undefined) return (super.query as (...a: unknown[]) => never).apply(this, args);
      const sql = text as string;
      const kor = (name: string) => super.query({ name, text: sql, values: values as unknown[] });
      return kor(namn).catch((error: unknown) => {
        const nytt = inaktuell(error) ? satser.fornya(sql) : undefined;
        if (nytt === undefined) throw error;
        return kor(nytt);
      }) as never;
    }
  } as typeof pg.Client;
}

/** Each PostgreSQL database's registry; a transaction or a PGlite database has none. */
const registren = new WeakMap<Kysely<Database>, BereddaSatser>();

export function registreraBeredda(db: Kysely<Database>, satser: BereddaSatser): void {
  registren.set(db, satser);
}

/**
 * Runs a fixed-shape read, as a prepared statement where the database has them. The same rows as
 * `query.execute()`.
 */
export async function lasBeredd<R>(db: Kysely<Database>, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  registren.get(db)?.markera(compiled.sql);
  return (await db.executeQuery(compiled)).rows;
}

/** Where a template read takes one of its values at each call. */
class Plats {
  constructor(readonly namn: string) {}
}

/**
 * A hot read of a few fixed shapes, built and compiled once per database and shape, then bound to each call's
 * values and run as `lasBeredd` runs it. `bygg` gets `p`, whose fields are placeholders it may only hand to the
 * query as values (`where('kommun_id', '=', p.kommun)`, `limit(p.perSida)`): the shape — which filters, which
 * columns — comes from `form` alone, and each form is one SQL text. A value the call leaves out is refused.
 */
export function mall<F extends string, V extends object, R>(
  bygg: (db: Kysely<Database>, form: F, p: V) => Compilable<R>,
): (db: Kysely<Database>, form: F, varden: V) => Promise<R[]> {
  const byggda = new WeakMap<Kysely<Database>, Map<F, CompiledQuery<R>>>();
  const platser = new Proxy({}, { get: (_, namn) => new Plats(String(namn)) }) as V;
  return async (db, form, varden) => {
    let former = byggda.get(db);
    if (!former) byggda.set(db, (former = new Map()));
    let byggd = former.get(form);
    if (!byggd) {
      byggd = bygg(db, form, platser).compile();
      former.set(form, byggd);
      registren.get(db)?.markera(byggd.sql);
    }
    const parameters = byggd.parameters.map((v) => {
      if (!(v instanceof Plats)) return v;
      const varde = (varden as Record<string, unknown>)[v.namn];
      if (varde === undefined) throw new Error(`register: the read's value "${v.namn}" is missing`);
      return varde;
    });
    return (await db.executeQuery<R>({ ...byggd, parameters })).rows;
  };
}
