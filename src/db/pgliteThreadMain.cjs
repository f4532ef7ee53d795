/**
 * The thread a data folder's PGlite runs in (./pgliteThread.ts starts it): PostgreSQL in WebAssembly runs on the
 * thread that calls it, and opening it costs some 0.6 s of CPU, so `npm start` opens it here, on the other core,
 * while its main thread loads the worker and the web app. Plain CommonJS so that it loads the same under every
 * runner (node with the ts hook, tsx, Jest) without a transform.
 *
 * Messages in: `{ id, sql, params }` (one statement), `{ close: true }`. Out: `{ ready: true }` once open, or
 * `{ failed }`; `{ id, result }` or `{ id, error }` per statement; `{ closed: true }` last.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
// V8's compile cache of the process that started it, when it keeps one (scripts/ts-hook.cjs): PGlite's module is
// then not compiled again at every start.
if (workerData.compileCache) require('node:module').enableCompileCache?.(workerData.compileCache);
const { PGlite, types } = require('@electric-sql/pglite');

/** What an error carries across: its message and PostgreSQL's fields (SQLSTATE in `code`, detail, constraint…). */
function plain(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = { name: error.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return fields;
}

async function main() {
  let db;
  try {
    db = await PGlite.create({
      dataDir: workerData.dataDir,
      // The same parsers as an in-process PGlite (./database.ts): dates stay 'YYYY-MM-DD', bigints numbers.
      parsers: { [types.DATE]: (value) => value, [types.INT8]: Number },
    });
  } catch (error) {
    parentPort.postMessage({ failed: plain(error) });
    return;
  }
  parentPort.postMessage({ ready: true });
  // One statement at a time, in the order they came (the client's pool hands the connection out one by one).
  let queue = Promise.resolve();
  parentPort.on('message', (message) => {
    queue = queue.then(async () => {
      if (message.close) {
        if (!db.closed) await db.close();
        parentPort.postMessage({ closed: true });
        parentPort.close();
        return;
      }
      try {
        const result = await db.query(message.sql, message.params);
        parentPort.postMessage({
          id: message.id,
          result: {
            rows: result.rows,
            command: result.command,
            rowCount: result.rowCount,
            affectedRows: result.affectedRows,
          },
        });
      } catch (error) {
        parentPort.postMessage({ id: message.id, error: plain(error) });
      }
    });
  });
}

void main();
