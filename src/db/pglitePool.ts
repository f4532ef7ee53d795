/**
 * One PGlite instance dressed as the pool kysely's PostgresDialect expects. PGlite is a single connection,
 * so a checkout holds it exclusively until released: a kysely transaction (begin … commit on one checkout)
 * then cannot interleave with another caller's statements, and concurrent callers simply queue.
 */
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** What a statement gives back: PGlite's own result, or its copy from a PGlite thread (./pgliteThread.ts). */
export interface PgliteResult<R> {
  rows: R[];
  command?: string;
  rowCount?: number;
  affectedRows?: number;
}

/** A PGlite instance in this thread, or one in a thread of its own. */
export interface PgliteLike {
  readonly closed: boolean;
  query<R>(sql: string, params: unknown[]): Promise<PgliteResult<R>>;
  close(): Promise<void>;
}

export function pglitePool(pglite: PgliteLike): PostgresPool {
  // Each checkout waits for the one before it to be released.
  let queue: Promise<void> = Promise.resolve();

  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const turn = queue;
      queue = queue.then(() => released);
      await turn;
      if (pglite.closed) {
        release();
        throw new Error('the register is closed');
      }
      let held = true;
      return {
        query: async <R>(sql: string, parameters: ReadonlyArray<unknown>) => {
          if (!held) throw new Error('query on a released PGlite connection');
          const result = await pglite.query<R>(sql, [...parameters]);
          return {
            command: (result.command ?? 'SELECT') as PostgresQueryResult<R>['command'],
            rowCount: result.rowCount ?? result.affectedRows ?? 0,
            rows: result.rows,
          };
        },
        release: () => {
          held = false;
          release();
        },
      } as PostgresPoolClient;
    },
    async end() {
      // Waits for the checkout in use, if any, so a close never cuts a transaction in half.
      await queue;
      if (!pglite.closed) await pglite.close();
    },
  };
}
