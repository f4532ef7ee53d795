/**
 * A data folder's PGlite in a thread of its own (./pgliteThreadMain.cjs). PGlite runs PostgreSQL's code on the
 * thread that calls it: in-process, opening a data folder took some 0.6 s of `npm start`'s main thread, the thread
 * that also loads the worker and the web app, and each statement ran there too. In its own thread it opens on the
 * other core while the modules load, and statements cost the main thread a message each way.
 *
 * This module loads only Node's own: `npm start` starts the thread before it loads the register's modules.
 */
import { mkdirSync } from 'node:fs';
import { getCompileCacheDir } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { PgliteLike, PgliteResult } from './pglitePool';

export interface PgliteThread extends PgliteLike {
  /** Resolves once the data folder is open; rejects with PGlite's error when it cannot be. */
  readonly ready: Promise<void>;
}

interface Waiting {
  resolve: (result: PgliteResult<never>) => void;
  reject: (error: Error) => void;
}

type Plain = Record<string, unknown> & { message: string };

/** PGlite's error as the thread sent it: an Error with the same fields (`code`, `detail`, `constraint` …). */
function rebuilt(plain: Plain): Error {
  const { message, name, stack, ...fields } = plain;
  const error = Object.assign(new Error(message), fields);
  if (typeof name === 'string') error.name = name;
  if (typeof stack === 'string') error.stack = stack;
  return error;
}

/** Starts the thread on `dataDir` (created when missing); its first statement waits until it is open. */
export function startPgliteThread(dataDir: string): PgliteThread {
  mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(require.resolve('./pgliteThreadMain.cjs'), {
    workerData: { dataDir, compileCache: getCompileCacheDir() },
    // The thread needs none of the ts hook's or tsx's loaders: it is plain CommonJS.
    execArgv: [],
  });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let closed = false;
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  let markReady!: () => void;
  let markFailed!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  // A caller that never awaits `ready` still hears of the failure from its first statement.
  ready.catch(() => {});
  let markClosed!: () => void;
  const exited = new Promise<void>((resolve) => (markClosed = resolve));

  const failAll = (error: Error) => {
    failure ??= error;
    closed = true;
    markFailed(error);
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };

  worker.on('message', (message: Record<string, unknown>) => {
    if (message.ready) return markReady();
    if (message.failed) return failAll(rebuilt(message.failed as Plain));
    if (message.closed) return;
    const entry = waiting.get(message.id as number);
    if (!entry) return;
    waiting.delete(message.id as number);
    if (message.error) entry.reject(rebuilt(message.error as Plain));
    else entry.resolve(message.result as PgliteResult<never>);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => {
    if (closing === undefined) failAll(new Error(`the register's PGlite thread ended (exit code ${code})`));
    markClosed();
  });

  return {
    ready,
    get closed() {
      return closed;
    },
    async query<R>(sql: string, params: unknown[]): Promise<PgliteResult<R>> {
      await ready;
      if (closed) throw failure ?? new Error('the register is closed');
      const id = nextId++;
      return new Promise<PgliteResult<R>>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as Waiting['resolve'], reject });
        worker.postMessage({ id, sql, params });
      });
    },
    close() {
      closing ??= (async () => {
        if (!closed) {
          worker.postMessage({ close: true });
          closed = true;
        }
        await exited;
      })();
      return closing;
    },
  };
}
