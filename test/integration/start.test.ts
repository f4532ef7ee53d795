/**
 * `npm start` as a user runs it: it starts the dev server, the worker and the HTTP server, prints the URLs,
 * stops every child on Ctrl-C (SIGINT to the process group), and a second start finds the same data. A start
 * killed outright leaves its children to the next start, which stops them instead of taking them for its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { readPidFile } from '../../src/lifecycle/pidFiles';
import { startDevServer } from '../../src/temporal/devServer';
import { arshjul } from '../helpers/cli';
import { freePort } from '../helpers/freePort';

const ROOT = path.resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  /** npm's exit: a code, or the signal it died of (npm re-raises the SIGINT it forwarded). */
  exited: Promise<number | string | null>;
}

const startedGroups: number[] = [];

// A failed test must not leave an Årshjul or its dev server running.
afterEach(() => {
  for (const pgid of startedGroups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGINT');
    } catch {
      // already gone
    }
  }
});

function npmStart(env: NodeJS.ProcessEnv): Started {
  // Its own process group, so the test can send SIGINT to all of it as a terminal's Ctrl-C would.
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
  startedGroups.push(child.pid!);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

async function waitForOutput(started: Started, text: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`npm start did not print "${text}":\n${started.output()}`);
    if (started.child.exitCode !== null) throw new Error(`npm start exited early:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

/** A data folder of its own and free ports for every server of `npm start`. */
async function startEnv() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'arshjul-start-'));
  const [http, temporal, ui, smtp, mailWeb] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    ARSHJUL_DATA_DIR: dataDir,
    ARSHJUL_HTTP_PORT: String(http),
    TEMPORAL_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(ui),
    ARSHJUL_MAIL_SMTP_PORT: String(smtp),
    ARSHJUL_MAIL_WEB_PORT: String(mailWeb),
  };
  return { dataDir, http, temporal, ui, env };
}

/** The pid a pid file of `npm start` names (lifecycle/pidFiles), failing when it has none. */
function pidIn(dataDir: string, name: string): number {
  const entry = readPidFile(path.join(dataDir, 'run', `${name}.pid`));
  if (!entry) throw new Error(`no pid file run/${name}.pid in ${dataDir}`);
  return entry.pid;
}

it('runs, stops cleanly on Ctrl-C, and finds its workflows again after a restart', async () => {
  const { dataDir, http, temporal, ui, env } = await startEnv();
  const cliEnv = { TEMPORAL_ADDRESS: `127.0.0.1:${temporal}` };
  const today = dateInStockholm(Date.now());
  const protokoll = ['--kommun', 'lund', '--organ', 'KS', '--sammantrade', addDays(today, -7)];

  const first = npmStart(env);
  await waitForOutput(first, 'Press Ctrl-C to stop.');
  expect(first.output()).toContain(`http://127.0.0.1:${http}/healthz`);
  expect(first.output()).toContain(`Temporal UI  http://127.0.0.1:${ui}`);
  expect(await (await fetch(`http://127.0.0.1:${http}/healthz`)).json()).toEqual({
    status: 'ok',
    temporal: 'ok',
    register: 'ok',
    smtp: 'ok',
  });
  const frister = await fetch(
    `http://127.0.0.1:${http}/api/frister?sammantrade=2023-10-11&justering=2023-10-18&anslag=2023-10-19`,
  );
  expect(((await frister.json()) as { lagaKraft: string }).lagaKraft).toBe('2023-11-10');

  const started = await arshjul(
    [
      'overklagandetid',
      'start',
      ...protokoll,
      '--justering',
      addDays(today, -1),
      '--anslag',
      today,
      '--paragrafer',
      '1-3',
    ],
    cliEnv,
  );
  expect(started.stderr).toBe('');
  expect(JSON.parse(started.stdout).status).toBe('ANSLAGEN');

  const serverPid = findPid((cmd) => cmd.includes('start-dev') && cmd.includes(String(temporal)));
  const group = processGroup(first.child.pid!); // npm, sh, tsx, node: Årshjul's own processes
  expect(group.length).toBeGreaterThanOrEqual(2);
  expect(processAlive(serverPid)).toBe(true);
  process.kill(-first.child.pid!, 'SIGINT');
  expect([0, 'SIGINT']).toContain(await first.exited);
  expect(first.output()).toContain('[arshjul] Stopped.');
  expect(first.output()).not.toMatch(/while stopping|Error/);
  // Every process is gone: the Årshjul process and the dev server it started in its own process group.
  expect(await until(() => !processAlive(serverPid) && !group.some(processAlive), 15_000)).toBe(true);

  // Nothing left in the data folder's pid files.
  expect(readdirSync(path.join(dataDir, 'run')).filter((f) => f.endsWith('.pid'))).toEqual([]);

  const second = npmStart(env);
  await waitForOutput(second, 'Press Ctrl-C to stop.');
  // The workflows bundled by the first start are reused.
  expect(first.output()).toContain('Bundled the workflows');
  expect(second.output()).toContain('Workflows: the bundle is current.');
  const status = await arshjul(['overklagandetid', 'status', ...protokoll], cliEnv);
  expect(JSON.parse(status.stdout)).toMatchObject({ workflowStatus: 'RUNNING', status: 'ANSLAGEN' });
  process.kill(-second.child.pid!, 'SIGINT');
  expect([0, 'SIGINT']).toContain(await second.exited);
  expect(second.output()).toContain('[arshjul] Stopped.');
}, 300_000);

it('stops the children of a start killed outright before it starts its own, and runs once per data folder', async () => {
  const { dataDir, http, temporal, env } = await startEnv();
  const first = npmStart(env);
  await waitForOutput(first, 'Press Ctrl-C to stop.');
  const arshjulPid = pidIn(dataDir, 'arshjul');
  const serverPid = pidIn(dataDir, 'temporal');
  const catcherPid = pidIn(dataDir, 'maildev');
  expect(serverPid).toBe(findPid((cmd) => cmd.includes('start-dev') && cmd.includes(String(temporal))));

  // kill -9: no handler runs, and the children, each in a process group of its own, stay.
  process.kill(arshjulPid, 'SIGKILL');
  await first.exited;
  expect(await until(() => !processAlive(arshjulPid), 15_000)).toBe(true);
  expect(processAlive(serverPid)).toBe(true);
  expect(processAlive(catcherPid)).toBe(true);

  const second = npmStart(env);
  await waitForOutput(second, 'Press Ctrl-C to stop.');
  expect(second.output()).toContain(`Stopped the Temporal dev server (pid ${serverPid}), left running by`);
  expect(second.output()).toContain(
    `Stopped the mail catcher (maildev) (pid ${catcherPid}), left running by`,
  );
  expect(processAlive(serverPid)).toBe(false);
  expect(processAlive(catcherPid)).toBe(false);
  const newServer = pidIn(dataDir, 'temporal');
  expect(newServer).not.toBe(serverPid);
  expect(newServer).toBe(findPid((cmd) => cmd.includes('start-dev') && cmd.includes(String(temporal))));
  expect(await (await fetch(`http://127.0.0.1:${http}/healthz`)).json()).toEqual({
    status: 'ok',
    temporal: 'ok',
    register: 'ok',
    smtp: 'ok',
  });

  // A third start on the same data folder refuses, and touches nothing of the second.
  const third = npmStart({ ...env, ARSHJUL_HTTP_PORT: String(await freePort()) });
  expect(await third.exited).toBe(1);
  expect(third.output()).toContain(`Årshjul already runs on the data folder ${dataDir}`);
  expect(processAlive(newServer)).toBe(true);

  process.kill(-second.child.pid!, 'SIGINT');
  expect([0, 'SIGINT']).toContain(await second.exited);
  expect(await until(() => !processAlive(newServer), 15_000)).toBe(true);
  expect(readdirSync(path.join(dataDir, 'run')).filter((f) => f.endsWith('.pid'))).toEqual([]);
}, 300_000);

it('never takes a server someone else runs on its port for the one it started', async () => {
  const port = await freePort();
  const other = await startDevServer({ port });
  try {
    // The other server answers on the port all along; the new one cannot listen there and stops.
    await expect(startDevServer({ port, startTimeoutMs: 60_000 })).rejects.toThrow(
      /The Temporal dev server exited with .* before it answered/,
    );
  } finally {
    await other.stop();
  }
}, 120_000);

it('stops at start-up on an invalid configuration, naming the file, line, path and rule', async () => {
  const configDir = mkdtempSync(path.join(tmpdir(), 'arshjul-config-'));
  cpSync(path.join(ROOT, 'config/lund.yaml'), path.join(configDir, 'lund.yaml'));
  const file = path.join(configDir, 'lund.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('bereder: KS', 'bereder: KSX'));
  const run = npmStart({ ARSHJUL_CONFIG_DIR: configDir, ARSHJUL_HTTP_PORT: String(await freePort()) });
  expect(await run.exited).toBe(1);
  expect(run.output()).toMatch(
    /Ogiltig konfiguration i .*lund\.yaml:\d+: organ\.2\.bereder: okänt organ "KSX".*\[regel: organ_finns\]/,
  );
  expect(run.output()).toContain('Start-up stopped');
  expect(run.output()).not.toContain('Starting the Temporal dev server');
});

/** The pids in process group `pgid`, from /proc/<pid>/stat (field 5). */
function processGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The pid of the one process whose command line matches, from /proc. */
function findPid(matches: (cmdline: string[]) => boolean): number {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (cmdline.length > 0 && matches(cmdline)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  if (found.length !== 1) throw new Error(`expected one matching process, found ${found.length}`);
  return found[0]!;
}
