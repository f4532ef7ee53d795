/**
 * `npm start` — the embedded default: a durable Temporal dev server (SQLite under var/), the worker and the
 * HTTP server on localhost, in one command. Ctrl-C stops them all. With TEMPORAL_ADDRESS set it uses that
 * server instead of starting its own.
 *
 * It owns its children: each runs in a process group of its own with a pid file in the data folder's run/, is
 * stopped on Ctrl-C, SIGTERM and SIGHUP and killed when this process exits, and a start after one that was killed
 * outright stops what that one left running (lifecycle/pidFiles). What does not wait for something else starts
 * at once: the servers' processes first, then the register, the workflow bundle and the worker as soon as what
 * each needs is there.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as TemporalClient from '@temporalio/client';
import { ConfigError, loadAllKommuner } from './config/load';
import type { KommunConfig } from './domain/kommun';
import { startPgliteThread, type PgliteThread } from './db/pgliteThread';
import { claimDataDir, runDir, stopLeftoverChildren } from './lifecycle/pidFiles';
import { startMailCatcher } from './mail/catcher';
import type * as ServicesModule from './services';
import { registerDir, readSettings, type Settings } from './settings';
import { startDevServer, type DevServer } from './temporal/devServer';
import type * as SearchAttributes from './temporal/searchAttributes';
import type * as WorkerModule from './temporal/worker';
import type * as WorkflowBundle from './temporal/workflowBundle';
import type * as WebServer from './webServer';

const log = (message: string) => console.log(`[arshjul] ${message}`);
/** ARSHJUL_START_TRACE=1: when each step of the start ends, in ms since the process started, on stderr. */
const trace = process.env.ARSHJUL_START_TRACE
  ? (step: string) => console.error(`[arshjul] ${performance.now().toFixed(0).padStart(5)} ms  ${step}`)
  : () => {};
trace("the start's own modules loaded");
const MAIL_HOST = '127.0.0.1';
/**
 * The catcher keeps the newest 200 messages across starts: it reads back every kept one as it starts, and a data
 * folder in use for weeks would otherwise make each start slower. What was sent is the register's mail log.
 */
const MAIL_KVAR = 200;

/** What to stop, in reverse order of starting. */
const stops: (() => Promise<void>)[] = [];
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (stops.length > 0) log('Stopping…');
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error('[arshjul] while stopping:', error);
    }
  }
  if (code === 0) log('Stopped.');
  process.exit(code);
}

/*
 * The rest of Årshjul is loaded once the servers' processes are started, so that they come up while it loads
 * (more than half a second of CPU): first the register, which then opens while the worker and the web app load.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function loadTheRegister() {
  const { openServices, syncKommuner } = require('./services') as typeof ServicesModule;
  const { cachedWorkflowBundle } = require('./temporal/workflowBundle') as typeof WorkflowBundle;
  return { openServices, syncKommuner, cachedWorkflowBundle };
}
function loadTheRest() {
  const { Connection } = require('@temporalio/client') as typeof TemporalClient;
  const { ensureSearchAttributes } = require('./temporal/searchAttributes') as typeof SearchAttributes;
  const { connectWorker, createWorker, installRuntime } = require('./temporal/worker') as typeof WorkerModule;
  const { createWebApp, listen } = require('./webServer') as typeof WebServer;
  return {
    Connection,
    ensureSearchAttributes,
    connectWorker,
    createWorker,
    installRuntime,
    createWebApp,
    listen,
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
type TheRegister = ReturnType<typeof loadTheRegister>;
type TheRest = ReturnType<typeof loadTheRest>;

/** Every task run to its end (each keeps its own stop once started); then the first failure, if any. */
async function allStarted<T extends readonly unknown[]>(
  tasks: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

const pidFile = (settings: Settings, name: string) =>
  path.join(runDir(settings.ARSHJUL_DATA_DIR), `${name}.pid`);
const relative = (file: string) => path.relative(process.cwd(), file);

/** The local mail catcher, unless SMTP_URL names a relay; resolves to its web UI's address. */
async function startCatcher(settings: Settings): Promise<string | undefined> {
  if (settings.SMTP_URL !== undefined) return undefined;
  log('Starting the local mail catcher (maildev)…');
  const catcher = await startMailCatcher({
    host: MAIL_HOST,
    smtpPort: settings.ARSHJUL_MAIL_SMTP_PORT,
    webPort: settings.ARSHJUL_MAIL_WEB_PORT,
    mailDirectory: path.join(settings.ARSHJUL_DATA_DIR, 'mail'),
    maxEmails: MAIL_KVAR,
    pidFile: pidFile(settings, 'maildev'),
  });
  stops.push(() => catcher.stop());
  trace('the mail catcher answers');
  return catcher.webUrl;
}

/** The Temporal dev server, unless TEMPORAL_ADDRESS names a server. */
async function startTemporal(settings: Settings): Promise<DevServer | undefined> {
  if (settings.TEMPORAL_ADDRESS !== undefined) return undefined;
  const dbFile = path.join(settings.ARSHJUL_DATA_DIR, 'temporal.sqlite');
  const logFile = path.join(settings.ARSHJUL_DATA_DIR, 'temporal.log');
  log(`Starting the Temporal dev server (state in ${relative(dbFile)}, log in ${relative(logFile)})…`);
  const devServer = await startDevServer({
    port: settings.TEMPORAL_PORT,
    uiPort: settings.TEMPORAL_UI_PORT,
    dbFile,
    logFile,
    pidFile: pidFile(settings, 'temporal'),
  });
  stops.push(() => devServer.stop());
  trace('the dev server answers');
  devServer.process.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `[arshjul] The Temporal dev server stopped unexpectedly (${signal ?? `code ${code}`}); see ${logFile}.`,
    );
    void shutdown(1);
  });
  return devServer;
}

/**
 * Without DATABASE_URL the register is PGlite in the data folder, opened in a thread of its own: started before
 * the register's modules load, so that it opens on the other core meanwhile.
 */
function startRegisterThread(settings: Settings): PgliteThread | undefined {
  if (settings.DATABASE_URL) return undefined;
  log(`Opening the register (PGlite in ${relative(registerDir(settings))})…`);
  const thread = startPgliteThread(registerDir(settings));
  // Closed with the register once that is open; closed here when the start stops before that.
  stops.push(() => thread.close());
  return thread;
}

async function openRegister(
  app: TheRegister,
  settings: Settings,
  kommuner: Map<string, KommunConfig>,
  pgliteThread: PgliteThread | undefined,
): Promise<ServicesModule.Services> {
  if (settings.DATABASE_URL) log('Opening the register (PostgreSQL)…');
  const smtpUrl = settings.SMTP_URL ?? `smtp://${MAIL_HOST}:${settings.ARSHJUL_MAIL_SMTP_PORT}`;
  // Synced with the configuration apart (syncKommuner), while the worker is created.
  const services = await app.openServices(settings, smtpUrl, kommuner, false, pgliteThread);
  stops.push(() => services.close());
  trace('the register is open');
  return services;
}

async function syncKommuner(
  app: TheRegister,
  services: ServicesModule.Services,
): Promise<ServicesModule.Services> {
  await app.syncKommuner(services);
  trace("the register's kommuner in line with the configuration");
  return services;
}

/** The workflow bundle's code, read while the rest loads (the worker then parses it without waiting for a read). */
async function bundle(app: TheRegister, settings: Settings): Promise<string> {
  const cached = await app.cachedWorkflowBundle(path.join(settings.ARSHJUL_DATA_DIR, 'bundle'));
  trace(cached.built ? 'the workflows bundled' : 'the workflow bundle is current');
  log(
    cached.built ? 'Bundled the workflows (kept for the next start).' : 'Workflows: the bundle is current.',
  );
  return readFile(cached.codePath, 'utf8');
}

/** The worker, created but not yet polling (`runWorker`). */
async function createTheWorker(
  app: TheRest,
  settings: Settings,
  address: string,
  connection: WorkerModule.CreatedWorker['connection'],
  services: ServicesModule.Services,
  code: string,
): Promise<WorkerModule.CreatedWorker> {
  log('Starting the worker…');
  const { worker } = await app.createWorker({
    address,
    connection,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.ARSHJUL_TASK_QUEUE,
    activities: services.activities,
    activityConcurrency: settings.ARSHJUL_ACTIVITY_CONCURRENCY,
    workflowBundle: { code },
  });
  trace('the worker is created');
  return { worker, connection };
}

/** The worker polls from here on. */
function runWorker({ worker, connection }: WorkerModule.CreatedWorker): void {
  const running = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await running;
    await connection.close();
  });
  running.catch((error: unknown) => {
    console.error('[arshjul] The worker failed:', error);
    void shutdown(1);
  });
}

async function connectClient(
  app: TheRest,
  settings: Settings,
  address: string,
  ownServer: boolean,
): Promise<TemporalClient.Connection> {
  const connection = await app.Connection.connect({ address });
  stops.push(() => connection.close());
  trace('the client is connected');
  // A server of our own has them from its flags; another one (a cluster) may need them registered.
  if (!ownServer) await app.ensureSearchAttributes(connection, settings.TEMPORAL_NAMESPACE);
  return connection;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  const settings = readSettings();
  const kommuner = loadAllKommuner(settings.ARSHJUL_CONFIG_DIR);
  trace('the settings and the configuration read');
  log(`Configuration: ${[...kommuner.values()].map((k) => k.kommun.namn).join(', ')}`);
  mkdirSync(settings.ARSHJUL_DATA_DIR, { recursive: true });
  process.once('exit', claimDataDir(settings.ARSHJUL_DATA_DIR));
  for (const stopped of await stopLeftoverChildren(settings.ARSHJUL_DATA_DIR))
    log(`Stopped ${stopped}, left running by an earlier start that did not stop.`);
  trace('the data folder claimed');

  const catcherStarted = startCatcher(settings);
  const temporalStarted = startTemporal(settings);
  const registerThread = startRegisterThread(settings);
  const register = loadTheRegister();
  trace("the register's modules loaded");
  const registerOpened = openRegister(register, settings, kommuner, registerThread);
  const bundled = bundle(register, settings);
  const app = loadTheRest();
  trace("the worker's and the web app's modules loaded");
  // Shutdown on signals is ours: the worker drains first, the dev server stops last.
  app.installRuntime(settings.ARSHJUL_WORKER_METRICS);
  trace('the SDK runtime installed');
  const address = temporalStarted.then((server) => server?.address ?? settings.TEMPORAL_ADDRESS!);
  // The worker's connection is made as soon as the server answers. Once the register is open the worker is
  // created first: its bundle parsed here, then its workflow thread starts (a third of a second of CPU on the
  // other core), while this one brings the register in line with the configuration and builds the web app. The
  // worker polls once the register is synced; the web app listens (and /healthz answers) once everything runs.
  const workerConnected = address.then((at) => app.connectWorker(at));
  const workerCreating = Promise.all([address, workerConnected, registerOpened, bundled]).then(
    ([at, connection, services, code]) => ({
      created: createTheWorker(app, settings, at, connection, services, code),
    }),
  );
  const workerCreated = workerCreating.then(({ created }) => created);
  // After the turn in which the worker's thread was started.
  const kommunerSynced = workerCreating
    .then(() => new Promise((resolve) => setImmediate(resolve)))
    .then(() => registerOpened)
    .then((services) => syncKommuner(register, services));
  const workerRunning = Promise.all([workerCreated, kommunerSynced]).then(([worker]) => runWorker(worker));
  const clientConnected = Promise.all([address, temporalStarted]).then(([at, server]) =>
    connectClient(app, settings, at, server !== undefined),
  );
  const webBuilt = Promise.all([kommunerSynced, clientConnected]).then(([services, connection]) => {
    const built = app.createWebApp(settings, services, connection);
    trace('the web app is built');
    return built;
  });
  const [mailWeb, devServer, webApp] = await allStarted([
    catcherStarted,
    temporalStarted,
    webBuilt,
    registerOpened,
    kommunerSynced,
    workerConnected,
    workerCreated,
    workerRunning,
    clientConnected,
  ]);

  const web = await app.listen(webApp, settings);
  stops.push(() => web.close());
  trace('the web app listens');

  const base = web.address;
  log(`Årshjul is running (ready in ${(performance.now() / 1000).toFixed(1)} s):`);
  log(
    `  sign in      ${base}/logga-in (a configured e-mail address, e.g. kanslichef@lund.example.org; the link arrives in the mail catcher)`,
  );
  log(`  årshjulet    ${base}/arshjul (the kanslichef: start the year, follow it, remind)`);
  log(`  tasks        ${base}/uppgifter`);
  log(`  meetings     ${base}/sammantraden (the sekreterare)`);
  log(`  anslagstavla ${base}/anslagstavla/lund (public)`);
  log(`  REST API     ${base}/api/docs (OpenAPI 3.1 at ${base}/api/openapi.json)`);
  log(`  health       ${base}/healthz (Prometheus metrics at ${base}/metrics)`);
  log(
    `  Temporal     ${await address} (namespace ${settings.TEMPORAL_NAMESPACE}, task queue ${settings.ARSHJUL_TASK_QUEUE})`,
  );
  if (devServer) log(`  Temporal UI  http://127.0.0.1:${settings.TEMPORAL_UI_PORT}`);
  log(
    mailWeb
      ? `  mail         ${mailWeb} (every mail Årshjul sends is caught here)`
      : `  mail         via ${settings.SMTP_URL}`,
  );
  log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    console.error('[arshjul] Start-up stopped: fix the configuration above and run `npm start` again.');
  } else {
    console.error('[arshjul] Start-up failed:', error instanceof Error ? error.message : error);
  }
  void shutdown(1);
});
