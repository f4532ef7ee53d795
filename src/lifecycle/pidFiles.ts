/**
 * `npm start`'s pid files, in `run/` of the data folder: its own (one start per data folder) and one per child it
 * runs (the Temporal dev server, the mail catcher). Each child runs in a process group of its own so that Ctrl-C
 * reaches only the parent, which stops them in order; a parent killed outright (kill -9, the OOM killer) cannot,
 * and leaves them running. The next start finds them by their pid files and stops them before it starts its own,
 * instead of taking a server orphaned on the same port for its own.
 *
 * A pid file holds the process's start time as well: a pid reused by another process after a reboot is never
 * taken for ours.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from '../domain/validering';
import { isRunning, startTimeOf, stopGroup } from './processes';

const OWN = 'arshjul.pid';

const pidFileSchema = z.object({
  pid: z.number().int().positive(),
  /** Absent where /proc is not: such a process is never stopped by a later start. */
  startTime: z.string().optional(),
  what: z.string(),
});
type PidFile = z.infer<typeof pidFileSchema>;

export function runDir(dataDir: string): string {
  return path.join(dataDir, 'run');
}

/** Writes `file` for `pid`; returns what removes it again. */
export function writePidFile(file: string, pid: number, what: string): () => void {
  mkdirSync(path.dirname(file), { recursive: true });
  const startTime = startTimeOf(pid);
  const content: PidFile = { pid, what, ...(startTime ? { startTime } : {}) };
  writeFileSync(file, `${JSON.stringify(content)}\n`);
  return () => {
    // Only our own: a later start may have written the file anew.
    if (readPidFile(file)?.pid === pid) rmSync(file, { force: true });
  };
}

export function readPidFile(file: string): PidFile | undefined {
  try {
    const parsed = pidFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** True while the process the file names still runs (the same process: same pid, same start time). */
function stillRuns(entry: PidFile): boolean {
  return entry.startTime !== undefined && isRunning(entry.pid) && startTimeOf(entry.pid) === entry.startTime;
}

/**
 * Makes this process the data folder's `npm start`: refuses while another one runs on it (two would share the
 * embedded register and the dev server's SQLite file), and returns what releases it.
 */
export function claimDataDir(dataDir: string): () => void {
  const file = path.join(runDir(dataDir), OWN);
  const other = readPidFile(file);
  if (other && other.pid !== process.pid && stillRuns(other)) {
    throw new Error(
      `Årshjul already runs on the data folder ${dataDir} (pid ${other.pid}): stop it first (Ctrl-C where it ` +
        `runs, or kill ${other.pid}), or set ARSHJUL_DATA_DIR to another folder.`,
    );
  }
  return writePidFile(file, process.pid, 'npm start');
}

/**
 * Stops every child an earlier start left running (its pid file still there, the process the same) and removes
 * the pid files of those already gone. Returns what was stopped, e.g. `the Temporal dev server (pid 4711)`.
 */
export async function stopLeftoverChildren(dataDir: string): Promise<string[]> {
  const dir = runDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.pid') && name !== OWN);
  } catch {
    return [];
  }
  const stopped: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const entry = readPidFile(file);
    if (entry && stillRuns(entry)) {
      await stopGroup(entry.pid);
      stopped.push(`${entry.what} (pid ${entry.pid})`);
    }
    rmSync(file, { force: true });
  }
  return stopped;
}
