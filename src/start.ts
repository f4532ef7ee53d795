/**
 * `npm start` — the embedded default: a durable Temporal dev server (SQLite under var/), the worker and the
 * HTTP server on localhost, in one command. Ctrl-C stops them all. With TEMPORAL_ADDRESS set it uses that
 * server instead of starting its own.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ConfigError, loadAllKommuner } from './config/load';
import { claimDataDir, runDir, stopLeftoverChildren } from './lifecycle/pidFiles';
import { startMailCatcher } from './mail/catcher';
import { openServices, type Services } from './services';
import { readSettings } from './settings';
import { startDevServer, type DevServer } from './temporal/devServer';
import { ensureSearchAttributes } from './temporal/searchAttributes';
import { createWorker, installRuntime } from './temporal/worker';
import { cachedWorkflowBundle, type CachedBundle } from './temporal/workflowBundle';
import { startWebServer } from './webServer';

const log = (message: string) => console.log(`[arshjul] ${message}`);

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

/** Every task run to its end, its stop kept when it started; then the first failure, if any. */
async function allStarted<T extends readonly unknown[]>(
  tasks: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  const settings = readSettings();
  const kommuner = loadAllKommuner(settings.ARSHJUL_CONFIG_DIR);
  log(`Configuration: ${[...kommuner.values()].map((k) => k.kommun.namn).join(', ')}`);
  const dataDir = settings.ARSHJUL_DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  const release = claimDataDir(dataDir);
  process.once('exit', release);
  for (const stopped of await stopLeftoverChildren(dataDir))
    log(`Stopped ${stopped}, left running by an earlier start that did not stop.`);
  const pidFile = (name: string) => path.join(runDir(dataDir), `${name}.pid`);
  // Shutdown on signals is ours: the worker drains first, the dev server stops last.
  installRuntime(settings.ARSHJUL_WORKER_METRICS);

  // The mail catcher, the register, the dev server and the workflow bundle do not wait for each other.
  const mailHost = '127.0.0.1';
  const smtpUrl = settings.SMTP_URL ?? `smtp://${mailHost}:${settings.ARSHJUL_MAIL_SMTP_PORT}`;
  const startCatcher = async (): Promise<string | undefined> => {
    if (settings.SMTP_URL !== undefined) return undefined;
    log('Starting the local mail catcher (maildev)…');
    const catcher = await startMailCatcher({
      host: mailHost,
      smtpPort: settings.ARSHJUL_MAIL_SMTP_PORT,
      webPort: settings.ARSHJUL_MAIL_WEB_PORT,
      mailDirectory: path.join(dataDir, 'mail'),
      pidFile: pidFile('maildev'),
    });
    stops.push(() => catcher.stop());
    return catcher.webUrl;
  };
  const openRegister = async (): Promise<Services> => {
    log(
      `Opening the register (${settings.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${path.relative(process.cwd(), path.join(dataDir, 'register'))}`})…`,
    );
    const services = await openServices(settings, smtpUrl, kommuner);
    stops.push(() => services.close());
    return services;
  };
  const startTemporal = async (): Promise<DevServer | undefined> => {
    if (settings.TEMPORAL_ADDRESS !== undefined) return undefined;
    const dbFile = path.join(dataDir, 'temporal.sqlite');
    const logFile = path.join(dataDir, 'temporal.log');
    log(
      `Starting the Temporal dev server (state in ${path.relative(process.cwd(), dbFile)}, log in ${path.relative(process.cwd(), logFile)})…`,
    );
    const devServer = await startDevServer({
      port: settings.TEMPORAL_PORT,
      uiPort: settings.TEMPORAL_UI_PORT,
      dbFile,
      logFile,
      pidFile: pidFile('temporal'),
    });
    stops.push(() => devServer.stop());
    devServer.process.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `[arshjul] The Temporal dev server stopped unexpectedly (${signal ?? `code ${code}`}); see ${logFile}.`,
      );
      void shutdown(1);
    });
    return devServer;
  };
  const bundle = async (): Promise<CachedBundle> => {
    const cached = await cachedWorkflowBundle(path.join(dataDir, 'bundle'));
    log(
      cached.built ? 'Bundled the workflows (kept for the next start).' : 'Workflows: the bundle is current.',
    );
    return cached;
  };
  const [mailWeb, services, devServer, workflows] = await allStarted([
    startCatcher(),
    openRegister(),
    startTemporal(),
    bundle(),
  ]);
  const address = devServer?.address ?? settings.TEMPORAL_ADDRESS!;

  const clientConnection = await Connection.connect({ address });
  stops.push(() => clientConnection.close());
  // A server of our own has them from its flags; another one (a cluster) may need them registered.
  if (!devServer) await ensureSearchAttributes(clientConnection, settings.TEMPORAL_NAMESPACE);

  log('Starting the worker…');
  const { worker, connection: workerConnection } = await createWorker({
    address,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.ARSHJUL_TASK_QUEUE,
    activities: services.activities,
    workflowBundle: { codePath: workflows.codePath },
  });
  const running = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await running;
    await workerConnection.close();
  });
  running.catch((error: unknown) => {
    console.error('[arshjul] The worker failed:', error);
    void shutdown(1);
  });

  const web = await startWebServer(settings, services, clientConnection);
  stops.push(() => web.close());

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
    `  Temporal     ${address} (namespace ${settings.TEMPORAL_NAMESPACE}, task queue ${settings.ARSHJUL_TASK_QUEUE})`,
  );
  if (devServer) log(`  Temporal UI  http://127.0.0.1:${settings.TEMPORAL_UI_PORT}`);
  log(
    mailWeb
      ? `  mail         ${mailWeb} (every mail Årshjul sends is caught here)`
      : `  mail         via ${smtpUrl}`,
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
