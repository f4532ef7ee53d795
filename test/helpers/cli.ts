/**
 * Runs the real `arshjul` CLI in a child process, as a user would. Asynchronous on purpose: a worker in the
 * test process must keep polling while the CLI waits for it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** `tsx src/cli/main.ts ARGS` — the script behind `npm run arshjul`. */
export function arshjul(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return run(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...args], env);
}

/** Exactly the documented interface: `npm run --silent arshjul -- ARGS`. */
export function npmRunArshjul(args: string[]): Promise<CliRun> {
  return run('npm', ['run', '--silent', 'arshjul', '--', ...args], {});
}
