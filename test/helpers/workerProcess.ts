/**
 * The standalone worker (`npm run worker`, src/worker.ts) as a real OS process, for the durability tests, which
 * kill it with SIGKILL and start it again; and the web app alone (`npm run web`, src/webapp.ts) for the cluster suite.
 * Each runs in a process group of its own: tsx starts the script in a child node process, and a kill must reach
 * both, as the kernel's OOM killer or a lost machine would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** What the worker is told through its environment (src/settings.ts). */
export interface WorkerEnv {
  TEMPORAL_ADDRESS: string;
  ARSHJUL_TASK_QUEUE: string;
  DATABASE_URL: string;
  SMTP_URL: string;
  ARSHJUL_BASE_URL: string;
  [name: string]: string;
}

export interface WorkerProcess {
  /** The tsx process's pid, which is also its process group's id. */
  pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Whether the process is still running. */
  running(): boolean;
  /** Resolves when the process has exited, with its exit code or signal. */
  exited: Promise<string>;
  /**
   * Sends `signal` to the whole process group and waits until every process of the group is gone; SIGKILL
   * after `graceMs` if a gentler signal did not end it.
   */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Every worker process started and not yet known to be gone, so `killAllWorkerProcesses` finds them. */
const live = new Set<WorkerProcess>();

/** Variables of the test process that must not leak into the worker and change what it connects to. */
const OWN_SETTINGS = /^(ARSHJUL_|TEMPORAL_|DATABASE_URL$|SMTP_URL$)/;

/**
 * Starts `tsx src/worker.ts` and resolves once it prints "polling" (the workflows are bundled at start, which
 * takes 5–15 s on two cores). Rejects, with its output, when it exits or does not poll within `timeoutMs`.
 */
export function startWorkerProcess(
  env: WorkerEnv,
  options: { timeoutMs?: number } = {},
): Promise<WorkerProcess> {
  return startScriptProcess('src/worker.ts', /\bpolling\b/, env, options);
}

/** Starts `tsx src/webapp.ts` and resolves once it listens; as `startWorkerProcess` otherwise. */
export function startWebProcess(
  env: WorkerEnv & { ARSHJUL_HTTP_PORT: string; ARSHJUL_SECRET: string },
  options: { timeoutMs?: number } = {},
): Promise<WorkerProcess> {
  return startScriptProcess('src/webapp.ts', /\blistening on\b/, env, options);
}

async function startScriptProcess(
  script: string,
  ready: RegExp,
  env: WorkerEnv,
  options: { timeoutMs?: number },
): Promise<WorkerProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)),
  );
  const child = spawn(TSX, [script], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${TSX} ${script}`);
  // Never leave a worker behind when the test process exits without stopping it.
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', killOnExit);

  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(signal ?? `code ${code}`);
    }),
  );

  const worker: WorkerProcess = {
    pid,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    exited,
    kill: async (signal = 'SIGKILL', graceMs = 10_000) => {
      killGroup(pid, signal);
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // tsx's child node process, which does the work, is in the same group: wait until it is gone too.
      await groupGone(pid, signal === 'SIGKILL' ? 5_000 : graceMs);
      live.delete(worker);
    },
  };
  live.add(worker);

  try {
    await readyOrExit(child, ready, exited, () => output, options.timeoutMs ?? 90_000);
  } catch (error) {
    await worker.kill('SIGKILL');
    throw error;
  }
  return worker;
}

/** Kills every worker process this test process started and has not killed yet (for afterAll). */
export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all([...live].map((w) => w.kill('SIGKILL')));
}

async function readyOrExit(
  child: ChildProcess,
  ready: RegExp,
  exited: Promise<string>,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onData: (() => void) | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        onData = () => {
          if (ready.test(output())) resolve();
        };
        child.stdout?.on('data', onData);
        onData();
      }),
      exited.then((how) => {
        throw new Error(`the process exited (${how}) before it was ready:\n${output()}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the process was not ready within ${timeoutMs} ms:\n${output()}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onData) child.stdout?.off('data', onData);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

async function groupGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) {
      killGroup(pid, 'SIGKILL');
      if (Date.now() > deadline + 5_000) throw new Error(`process group ${pid} is still there`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
