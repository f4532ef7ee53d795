/**
 * `npm start` — the embedded default: a durable Temporal dev server (SQLite under var/), the worker and the
 * HTTP server on localhost, in one command. Ctrl-C stops them all. With TEMPORAL_ADDRESS set it uses that
 * server instead of starting its own.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ConfigError, loadAllKommuner } from './config/load';
import { readSettings } from './settings';
import { startDevServer, type DevServer } from './temporal/devServer';
import { startMailCatcher } from './mail/catcher';
import { openServices } from './services';
import { ensureSearchAttributes } from './temporal/searchAttributes';
import { createWorker, installRuntime } from './temporal/worker';
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

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const settings = readSettings();
  const kommuner = loadAllKommuner(settings.ARSHJUL_CONFIG_DIR);
  log(`Configuration: ${[...kommuner.values()].map((k) => k.kommun.namn).join(', ')}`);
  mkdirSync(settings.ARSHJUL_DATA_DIR, { recursive: true });

  let smtpUrl = settings.SMTP_URL;
  let mailWeb: string | undefined;
  if (smtpUrl === undefined) {
    log('Starting the local mail catcher (maildev)…');
    const catcher = await startMailCatcher({
      host: '127.0.0.1',
      smtpPort: settings.ARSHJUL_MAIL_SMTP_PORT,
      webPort: settings.ARSHJUL_MAIL_WEB_PORT,
      mailDirectory: path.join(settings.ARSHJUL_DATA_DIR, 'mail'),
    });
    stops.push(() => catcher.stop());
    smtpUrl = catcher.smtpUrl;
    mailWeb = catcher.webUrl;
  }
  log(
    `Opening the register (${settings.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${path.relative(process.cwd(), path.join(settings.ARSHJUL_DATA_DIR, 'register'))}`})…`,
  );
  const services = await openServices(settings, smtpUrl);
  stops.push(() => services.close());
  // Shutdown on signals is ours: the worker drains first, the dev server stops last.
  installRuntime(settings.ARSHJUL_WORKER_METRICS);

  let address = settings.TEMPORAL_ADDRESS;
  let devServer: DevServer | undefined;
  if (address === undefined) {
    const dbFile = path.join(settings.ARSHJUL_DATA_DIR, 'temporal.sqlite');
    const logFile = path.join(settings.ARSHJUL_DATA_DIR, 'temporal.log');
    log(
      `Starting the Temporal dev server (state in ${path.relative(process.cwd(), dbFile)}, log in ${path.relative(process.cwd(), logFile)})…`,
    );
    devServer = await startDevServer({
      port: settings.TEMPORAL_PORT,
      uiPort: settings.TEMPORAL_UI_PORT,
      dbFile,
      logFile,
    });
    stops.push(() => devServer!.stop());
    devServer.process.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `[arshjul] The Temporal dev server stopped unexpectedly (${signal ?? `code ${code}`}); see ${logFile}.`,
      );
      void shutdown(1);
    });
    address = devServer.address;
  }

  const clientConnection = await Connection.connect({ address });
  stops.push(() => clientConnection.close());
  // A server of our own has them from its flags; another one (a cluster) may need them registered.
  if (!devServer) await ensureSearchAttributes(clientConnection, settings.TEMPORAL_NAMESPACE);

  log('Starting the worker (bundling the workflows)…');
  const { worker, connection: workerConnection } = await createWorker({
    address,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.ARSHJUL_TASK_QUEUE,
    activities: services.activities,
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
  log('Årshjul is running:');
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
