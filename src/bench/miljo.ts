/**
 * The real parts the bench runs against, started by the bench itself on free loopback ports and in a temporary
 * folder (never the ports or folders of `npm start` or the tests): the Temporal dev server (scripts/temporal-servers,
 * durable in SQLite as `npm start` runs it), the mail catcher (maildev, src/mail/catcher.ts), the register in a
 * schema of its own on the project's PostgreSQL (scripts/postgres, or DATABASE_URL), the product's worker and web
 * app as `npm start` wires them (openServices, startWebServer), and beside them the floor: a worker with one trivial
 * workflow (./bar/workflow.ts). `stang()` stops every one of them, in reverse order.
 */
import { ledigPort } from '../lifecycle/ledigPort';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import pg from 'pg';
import { nySession, SESSION_COOKIE } from '../api/session';
import { startMailCatcher } from '../mail/catcher';
import { openServices, type Services } from '../services';
import { readSettings, type Settings } from '../settings';
import { startDevServer, type DevServer } from '../temporal/devServer';
import { startWebServer, type WebServer } from '../webServer';

const ROOT = path.resolve(__dirname, '../..');
export const PRODUKTKO = 'bench-arshjul';
export const BARKO = 'bench-bar';
const HEMLIGHET = 'bench-hemlighet-som-bara-gäller-den-här-körningen';

export { ledigPort };

const tyst = { trace() {}, debug() {}, info() {}, log() {}, warn: console.warn, error: console.error };

/** The product's workflows and the floor's, bundled once per run. */
export async function buntar(): Promise<{ produkt: WorkflowBundle; bar: WorkflowBundle }> {
  const [produkt, bar] = await Promise.all([
    bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: tyst }),
    bundleWorkflowCode({ workflowsPath: require.resolve('./bar/workflow'), logger: tyst }),
  ]);
  return { produkt, bar };
}

/** The project's PostgreSQL (DATABASE_URL, else scripts/postgres url): schemas made and dropped per run. */
export class Postgres {
  private readonly admin: pg.Client;
  private readonly schemas: string[] = [];
  private constructor(readonly url: string) {
    this.admin = new pg.Client({ connectionString: url });
  }

  static async oppna(): Promise<Postgres> {
    const url =
      process.env.DATABASE_URL ??
      execFileSync('bash', [path.join(ROOT, 'scripts/postgres'), 'url'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim();
    const p = new Postgres(url);
    await p.admin.connect();
    return p;
  }

  /** A new empty schema; the URL whose connections use it. */
  async schema(namn: string): Promise<string> {
    const schema = `bench_${process.pid}_${namn}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    await this.admin.query(`drop schema if exists ${schema} cascade`);
    await this.admin.query(`create schema ${schema}`);
    this.schemas.push(schema);
    const url = new URL(this.url);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  }

  /** Bytes of every table and index in the schema of `url`. */
  async storlek(url: string): Promise<number> {
    const schema = /search_path=([a-z0-9_]+)/.exec(decodeURIComponent(url))![1]!;
    const { rows } = await this.admin.query<{ b: string }>(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as b from pg_class c
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind in ('r', 'm')`,
      [schema],
    );
    return Number(rows[0]!.b);
  }

  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.admin.query<R>(text, values);
  }

  async stang(): Promise<void> {
    for (const s of this.schemas.reverse()) await this.admin.query(`drop schema if exists ${s} cascade`);
    await this.admin.end();
  }
}

/** Folders and stops of one run: everything started is stopped, in reverse order, whatever happened. */
export class Korning {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'arshjul-bench-'));
  private readonly stopp: (() => Promise<void>)[] = [];
  private stangd = false;

  private readonly sena: Promise<void>[] = [];

  /** True once stopping has begun (Ctrl-C): whatever starts after is stopped at once. */
  get stanger(): boolean {
    return this.stangd;
  }

  efter(stopp: () => Promise<void>): void {
    if (this.stangd)
      this.sena.push(stopp().catch((error: unknown) => console.error('[bench] while stopping:', error)));
    else this.stopp.push(stopp);
  }

  private stangning: Promise<void> | undefined;

  /** Stops everything, once; a second call waits for the first. */
  stang(): Promise<void> {
    return (this.stangning ??= this.stangAllt());
  }

  private async stangAllt(): Promise<void> {
    this.stangd = true;
    for (const stopp of this.stopp.reverse()) {
      try {
        await stopp();
      } catch (error) {
        console.error('[bench] while stopping:', error);
      }
    }
    await Promise.all(this.sena);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What was started while stopping, stopped too (after an interrupted measure has settled). */
  async stangSena(): Promise<void> {
    await Promise.all(this.sena);
  }
}

export interface Miljo {
  korning: Korning;
  postgres: Postgres;
  settings: Settings;
  services: Services;
  dev: DevServer;
  client: Client;
  web: WebServer;
  buntar: { produkt: WorkflowBundle; bar: WorkflowBundle };
  /** The catcher's SMTP URL. */
  smtpUrl: string;
  registerUrl: string;
  /** A signed-in session of a configured person (its row in the register), as its cookie `name=value`. */
  kaka(kommun: string, person: string): Promise<string>;
  /** Starts a worker for `taskQueue` on the dev server; stopped with the run. */
  worker(taskQueue: string, bunt: WorkflowBundle, activities?: object): Promise<void>;
}

export async function startaMiljo(
  korning: Korning,
  postgres: Postgres,
  logg: (s: string) => void,
): Promise<Miljo> {
  logg('bundling the workflows (product and floor)…');
  const b = await buntar();
  const [temporalPort, smtpPort, mailWebPort, httpPort] = await Promise.all([
    ledigPort(),
    ledigPort(),
    ledigPort(),
    ledigPort(),
  ]);
  logg(`starting the Temporal dev server on 127.0.0.1:${temporalPort}…`);
  const dev = await startDevServer({
    port: temporalPort,
    dbFile: path.join(korning.dir, 'temporal.sqlite'),
    logFile: path.join(korning.dir, 'temporal.log'),
  });
  korning.efter(() => dev.stop());
  logg(`starting the mail catcher on 127.0.0.1:${smtpPort}…`);
  const catcher = await startMailCatcher({
    host: '127.0.0.1',
    smtpPort,
    webPort: mailWebPort,
    mailDirectory: path.join(korning.dir, 'mail'),
  });
  korning.efter(() => catcher.stop());
  const registerUrl = await postgres.schema('register');
  const settings = readSettings({
    ARSHJUL_HTTP_PORT: String(httpPort),
    ARSHJUL_DATA_DIR: korning.dir,
    TEMPORAL_ADDRESS: dev.address,
    ARSHJUL_TASK_QUEUE: PRODUKTKO,
    DATABASE_URL: registerUrl,
    SMTP_URL: catcher.smtpUrl,
    ARSHJUL_SECRET: HEMLIGHET,
  });
  const services = await openServices(settings, catcher.smtpUrl);
  korning.efter(() => services.close());
  const connection = await Connection.connect({ address: dev.address });
  korning.efter(() => connection.close());
  const client = new Client({ connection });

  const worker: Miljo['worker'] = async (taskQueue, bunt, activities) => {
    const nc = await NativeConnection.connect({ address: dev.address });
    const w = await Worker.create({
      connection: nc,
      taskQueue,
      workflowBundle: bunt,
      ...(activities ? { activities } : {}),
    });
    const running = w.run();
    korning.efter(async () => {
      w.shutdown();
      await running;
      await nc.close();
    });
  };
  await worker(PRODUKTKO, b.produkt, services.activities);
  await worker(BARKO, b.bar);
  const web = await startWebServer(settings, services, connection);
  korning.efter(() => web.close());
  logg(`product: web ${web.address}, worker on ${PRODUKTKO}; floor: worker on ${BARKO}`);

  return {
    korning,
    postgres,
    settings,
    services,
    dev,
    client,
    web,
    buntar: b,
    smtpUrl: catcher.smtpUrl,
    registerUrl,
    kaka: async (kommun, person) =>
      `${SESSION_COOKIE}=${(await nySession(services, { kommun, person }, Date.now())).token}`,
    worker,
  };
}
