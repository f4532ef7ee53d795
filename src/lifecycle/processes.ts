/**
 * What Linux tells about a process through /proc: when it started (so that a pid file never names another process
 * that got the same pid later), whether it listens on a port, and stopping its process group. Elsewhere (no /proc)
 * the answers are `undefined` and the callers fall back to what they can check.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined when gone. */
export function startTimeOf(pid: number): string | undefined {
  try {
    // State is field 3, the start time field 22.
    return fieldsAfterCommand(readFileSync(`/proc/${pid}/stat`, 'utf8'))[19];
  } catch {
    return undefined;
  }
}

/** True while `pid` runs (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return fieldsAfterCommand(readFileSync(`/proc/${pid}/stat`, 'utf8'))[0] !== 'Z';
  } catch {
    return true; // no /proc: kill(0) is all there is
  }
}

/**
 * Whether `pid` holds a listening TCP socket on `port` (IPv4 or IPv6, any address); undefined without /proc.
 * A readiness check asks it, so that a server left on the port by someone else is never taken for our child.
 */
export function listensOn(pid: number, port: number): boolean | undefined {
  const inodes = listeningInodes(port);
  if (inodes === undefined) return undefined;
  if (inodes.size === 0) return false;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
    } catch {
      return false;
    }
  });
}

/**
 * Whether a process of the group `pgid` (a child spawned detached leads its own) listens on `port`: the child
 * itself, or one it started (a script that runs the server without exec). Undefined without /proc.
 */
export function groupListensOn(pgid: number, port: number): boolean | undefined {
  const own = listensOn(pgid, port);
  if (own !== false) return own;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === pgid) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(fieldsAfterCommand(stat)[2]) === pgid && listensOn(Number(entry), port) === true;
    } catch {
      return false;
    }
  });
}

/** The fields of /proc/<pid>/stat after the command (in parentheses, which may hold spaces): state first. */
function fieldsAfterCommand(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The inodes of the sockets listening on `port`, from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  let found = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    found = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue; // 0A: LISTEN
      if (Number.parseInt(fields[1]!.split(':')[1]!, 16) === port) inodes.add(fields[9]!);
    }
  }
  return found ? inodes : undefined;
}

/** SIGKILL to the process group `pgid` at once (for an exiting parent, which cannot wait). */
export function killGroup(pgid: number | undefined): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Stops the process group led by `pid` (each child runs in one of its own): SIGTERM, then SIGKILL after
 * `graceMs`. Resolves once the leader is gone.
 */
export async function stopGroup(pid: number, graceMs = 5_000): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  if (await gone(pid, graceMs)) return;
  signal('SIGKILL');
  if (!(await gone(pid, graceMs))) throw new Error(`process ${pid} did not stop on SIGKILL`);
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
