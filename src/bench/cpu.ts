/**
 * Where a measure's CPU went: the bench's own process (worker, web app, client and mail catcher share it), the
 * Temporal server and the PostgreSQL server, read from Linux's /proc (utime + stime of every thread of a process)
 * before and after a run. On a system without /proc the meter reads nothing and the measure prints no split.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuDelar {
  /** This Node process: every thread (the main loop, the workflow thread, the SDK's core). */
  node: number;
  temporal: number;
  postgres: number;
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** Seconds of CPU a process has used, or undefined when it cannot be read. */
function processSekunder(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces and parentheses: utime and stime are the 12th and 13th.
    const falt = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(falt[11]) + Number(falt[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Every PostgreSQL server process on the machine (the postmaster and its backends). */
function postgresPids(): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  });
}

function lasning(temporalPid: number | undefined): CpuDelar | undefined {
  const node = processSekunder(process.pid);
  if (node === undefined) return undefined;
  const temporal = temporalPid === undefined ? 0 : (processSekunder(temporalPid) ?? 0);
  // A backend that ended during the run took its seconds with it: the split is a floor for PostgreSQL.
  const postgres = postgresPids().reduce((s, pid) => s + (processSekunder(pid) ?? 0), 0);
  return { node, temporal, postgres };
}

/** Starts a reading; `stopp()` gives the seconds each part used since, or undefined without /proc. */
export function cpuMatare(temporalPid: number | undefined): { stopp: () => CpuDelar | undefined } {
  const fore = lasning(temporalPid);
  return {
    stopp: () => {
      const efter = lasning(temporalPid);
      if (!fore || !efter) return undefined;
      return {
        node: efter.node - fore.node,
        temporal: efter.temporal - fore.temporal,
        postgres: Math.max(0, efter.postgres - fore.postgres),
      };
    },
  };
}

/** Sums readings (a side's rounds). */
export function summa(delar: readonly CpuDelar[]): CpuDelar {
  return delar.reduce(
    (s, d) => ({
      node: s.node + d.node,
      temporal: s.temporal + d.temporal,
      postgres: s.postgres + d.postgres,
    }),
    {
      node: 0,
      temporal: 0,
      postgres: 0,
    },
  );
}
