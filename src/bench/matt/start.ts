/**
 * start: `npm start` from the command to a healthy /healthz, warm (its data folder kept from a first, unmeasured
 * start: the register and the dev server's SQLite exist), against the Temporal dev server alone from its command
 * to answering (describeNamespace), warm on its own SQLite file — both polled every 50 ms, both on free ports,
 * both stopped (SIGTERM to the process group) before the next. The goal is absolute (≤ 3 s), so the ratio is
 * against it: A seconds / 3; the floor's seconds stand beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { answers, devServerBinary, SA_TYPE_NAMES } from '../../temporal/devServer';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { ledigPort, type Korning } from '../miljo';
import { abab, median, type Matresultat } from '../statistik';
import { nu } from '../uppgifter';

const ROOT = path.resolve(__dirname, '../../..');
const MAL_S = 3;
const RENSA = ['DATABASE_URL', 'SMTP_URL', 'TEMPORAL_ADDRESS', 'ARSHJUL_BASE_URL', 'ARSHJUL_WORKER_METRICS'];

async function tills(
  what: string,
  ok: () => Promise<boolean>,
  child: ChildProcess,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited before it was healthy`);
    if (await ok()) return;
    if (Date.now() > deadline) throw new Error(`${what} not healthy within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM to the child's process group, SIGKILL after 20 s; resolves when it has exited. */
async function stoppa(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }, 20_000);
  await done;
  clearTimeout(timer);
}

async function miljo(dir: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of RENSA) delete env[k];
  return {
    ...env,
    ARSHJUL_DATA_DIR: dir,
    ARSHJUL_HTTP_PORT: String(await ledigPort()),
    TEMPORAL_PORT: String(await ledigPort()),
    TEMPORAL_UI_PORT: String(await ledigPort()),
    ARSHJUL_MAIL_SMTP_PORT: String(await ledigPort()),
    ARSHJUL_MAIL_WEB_PORT: String(await ledigPort()),
  };
}

/** Seconds from `npm start` to 200 on /healthz; stopped after. */
async function npmStart(dir: string, kvar: Set<ChildProcess>, avbruten: () => boolean): Promise<number> {
  const env = await miljo(dir);
  const logg = path.join(dir, '..', 'npm-start.log');
  const out = openSync(logg, 'a');
  const t0 = nu();
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', out, out], detached: true });
  kvar.add(child);
  try {
    if (avbruten()) throw new Error('interrupted');
    const url = `http://127.0.0.1:${env.ARSHJUL_HTTP_PORT}/healthz`;
    await tills(
      'npm start',
      async () => {
        try {
          return (await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200;
        } catch {
          return false;
        }
      },
      child,
    );
    return (nu() - t0) / 1000;
  } catch (error) {
    let sista = '(none)';
    try {
      sista = readFileSync(logg, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    } catch {
      // the run's folder is gone: interrupted
    }
    throw new Error(`${(error as Error).message}; its output's last lines:\n${sista}`);
  } finally {
    await stoppa(child);
    kvar.delete(child);
  }
}

/** Seconds from the dev server's command to its answer; stopped after. */
async function devServerAlone(
  binary: string,
  dbFile: string,
  kvar: Set<ChildProcess>,
  avbruten: () => boolean,
): Promise<number> {
  const port = await ledigPort();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default'];
  args.push('--log-format', 'pretty', '--log-level', 'warn', '--db-filename', dbFile, '--headless');
  for (const key of ALL_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${SA_TYPE_NAMES[key.type]}`);
  const t0 = nu();
  const child = spawn(binary, args, { stdio: 'ignore', detached: true });
  kvar.add(child);
  try {
    if (avbruten()) throw new Error('interrupted');
    await tills('the dev server', () => answers(`127.0.0.1:${port}`, 'default', 1000), child);
    return (nu() - t0) / 1000;
  } finally {
    await stoppa(child);
    kvar.delete(child);
  }
}

export async function matStart(korning: Korning, opt: { rounds: number }): Promise<Matresultat> {
  const dir = korning.dir;
  const avbruten = () => korning.stanger;
  const kvar = new Set<ChildProcess>();
  korning.efter(async () => {
    for (const c of kvar) await stoppa(c);
  });
  const binary = devServerBinary();
  const appDir = path.join(dir, 'start-var');
  const devFile = path.join(dir, 'start-dev.sqlite');
  // Unmeasured first starts: after them both are warm.
  await npmStart(appDir, kvar, avbruten);
  await devServerAlone(binary, devFile, kvar, avbruten);
  const { a, b } = await abab(
    opt.rounds,
    () => npmStart(appDir, kvar, avbruten),
    () => devServerAlone(binary, devFile, kvar, avbruten),
  );
  return {
    name: '`npm start` to healthy, warm',
    a: '`npm start` (its data folder from an earlier start) until GET /healthz answers 200',
    b: 'the Temporal dev server alone (its SQLite from an earlier start) until it answers describeNamespace',
    ratioOf: `against the goal: A seconds / ${MAL_S} s, per round`,
    kvoter: a.map((s) => s / MAL_S),
    goal: 1,
    n: 1,
    rounds: opt.rounds,
    absoluta: [{ label: 'seconds', value: median(a), unit: 's', goal: MAL_S, cmp: 'le' }],
    detaljer: {
      'A median s': median(a),
      'B median s (dev server alone)': median(b),
      'A/B (vs floor)': median(a) / median(b),
    },
  };
}
