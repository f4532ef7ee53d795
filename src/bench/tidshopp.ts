/**
 * The product on the Java time-skipping server (scripts/temporal-servers, as the workflow tests run it), its clock
 * starting at a given instant: the services as `npm start` opens them (the configs of `configDir`, the register in
 * a fresh PostgreSQL schema, mail to the run's catcher), a worker with the product's bundle, and — for commands
 * through the REST API — the web app on the same connection. Years run here in virtual time.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { openServices, type Services } from '../services';
import { readSettings } from '../settings';
import { ensureSearchAttributes } from '../temporal/searchAttributes';
import { resultWithClockHeld } from '../temporal/timeSkippingResult';
import { startWebServer, type WebServer } from '../webServer';
import type { Klocka } from './arsdrivare';
import { ledigPort, PRODUKTKO, type Miljo } from './miljo';

const ROOT = path.resolve(__dirname, '../..');

export interface Tidshopp extends Klocka {
  client: Client;
  services: Services;
  registerUrl: string;
  web?: WebServer;
  /** The result of a year whose reports are all done: waited for with the clock held (temporal/timeSkippingResult). */
  slutet<T>(workflowId: string): Promise<T>;
  /** Runs `work` with the product's worker (or another: the floor's); the worker stops when it settles. */
  medWorker<T>(work: () => Promise<T>, annan?: AnnanWorker): Promise<T>;
  stang(): Promise<void>;
}

/** A worker other than the product's, on the same server: its bundle, its task queue and its activities. */
export interface AnnanWorker {
  bunt: WorkflowBundle;
  taskQueue: string;
  activities: object;
}

let testServer: string | undefined;
const STALL_MS = 120_000;
/** A year whose reports are all done ends in a moment: after this long, the bench says which did not. */
const SLUT_MS = 120_000;

export async function startaTidshopp(
  m: Miljo,
  opt: { startAt: string; configDir: string; schema: string; web: boolean },
): Promise<Tidshopp> {
  testServer ??= execFileSync('bash', [path.join(ROOT, 'scripts/temporal-servers'), 'path', 'test'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: testServer },
      extraArgs: ['--initial-time', opt.startAt],
    },
  });
  const stopp: (() => Promise<void>)[] = [() => env.teardown()];
  let stangd = false;
  const stang = async () => {
    if (stangd) return;
    stangd = true;
    for (const s of stopp.reverse()) await s();
  };
  // Stopped with the run too, should it be interrupted (Ctrl-C) before the caller's own stang().
  m.korning.efter(stang);
  try {
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
    const registerUrl = await m.postgres.schema(opt.schema);
    const settings = readSettings({
      ARSHJUL_CONFIG_DIR: opt.configDir,
      ARSHJUL_DATA_DIR: m.korning.dir,
      ARSHJUL_HTTP_PORT: String(await ledigPort()),
      ARSHJUL_TASK_QUEUE: PRODUKTKO,
      DATABASE_URL: registerUrl,
      SMTP_URL: m.smtpUrl,
      ARSHJUL_SECRET: m.settings.ARSHJUL_SECRET,
    });
    const services = await openServices(settings, m.smtpUrl);
    stopp.push(() => services.close());
    const web = opt.web ? await startWebServer(settings, services, env.connection) : undefined;
    if (web) stopp.push(() => web.close());
    return {
      client: env.client,
      services,
      registerUrl,
      ...(web ? { web } : {}),
      now: async () => (await env.currentTimeMs()) ?? 0,
      slutet: (workflowId) => resultWithClockHeld(env, workflowId, SLUT_MS),
      advance: async (ms) => {
        if (ms <= 0) return;
        // The Java test server has been seen to stop skipping time under several years at once: after
        // STALL_MS of wall time with the clock where it was, the run stops and says so instead of hanging.
        const fore = (await env.currentTimeMs()) ?? 0;
        let timer: NodeJS.Timeout | undefined;
        const stall = new Promise<'stall'>((r) => (timer = setTimeout(() => r('stall'), STALL_MS)));
        const utfall = await Promise.race([env.sleep(ms).then(() => 'ok' as const), stall]);
        clearTimeout(timer);
        if (utfall === 'stall' && ((await env.currentTimeMs()) ?? 0) === fore)
          throw new Error(
            `time skipping stalled at ${new Date(fore).toISOString()} (no virtual time passed in ${STALL_MS / 1000} s)`,
          );
      },
      async medWorker(work, annan) {
        const worker = await Worker.create({
          connection: env.nativeConnection,
          namespace: env.namespace ?? 'default',
          taskQueue: annan?.taskQueue ?? PRODUKTKO,
          workflowBundle: annan?.bunt ?? m.buntar.produkt,
          activities: annan?.activities ?? services.activities,
        });
        return worker.runUntil(work());
      },
      stang,
    };
  } catch (error) {
    await stang();
    throw error;
  }
}
