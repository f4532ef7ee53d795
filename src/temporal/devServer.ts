/**
 * Runs the Temporal dev server (durable when given a SQLite file) as a child process and waits until it answers.
 * The binary comes from scripts/temporal-servers, which builds and caches it on first use.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type * as TemporalClient from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { writePidFile } from '../lifecycle/pidFiles';
import { groupListensOn, killGroup } from '../lifecycle/processes';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';

const SCRIPT = path.resolve(__dirname, '../../scripts/temporal-servers');

export interface DevServerOptions {
  port: number;
  /** SQLite file: state survives a restart. In memory when left out. */
  dbFile?: string;
  /** Web UI port; headless when left out. */
  uiPort?: number;
  namespace?: string;
  /** Where the server's own log goes (default: discarded). */
  logFile?: string;
  /** A pid file kept while the server runs (lifecycle/pidFiles). */
  pidFile?: string;
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The dev server's name of each search attribute type (the bench starts the server alone with them too). */
export const SA_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/** The temporal binary's path; builds it on first use (progress goes to stderr). */
export function devServerBinary(): string {
  return execFileSync('bash', [SCRIPT, 'path', 'dev'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const binary = devServerBinary();
  const namespace = options.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    namespace,
  ];
  args.push('--log-format', 'pretty', '--log-level', 'warn');
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.uiPort) args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  for (const key of ALL_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${SA_TYPE_NAMES[key.type]}`);

  return startServerProcess(binary, args, {
    what: 'The Temporal dev server',
    address: `127.0.0.1:${options.port}`,
    namespace,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.pidFile ? { pidFile: options.pidFile } : {}),
    ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}),
    hint: 'Is the port taken by another server? Set TEMPORAL_PORT to use another one.',
  });
}

/**
 * Runs a Temporal server (`command args`) as a child process in a process group of its own — Ctrl-C reaches only
 * the parent, which stops the worker first and the server last — and waits until it answers on `address` with
 * `namespace`, from a socket the child itself holds: a server someone else left on the port is never taken for it.
 * `stop()` sends SIGTERM and, after `stopTimeoutMs`, SIGKILL; the group is killed when the parent exits.
 */
export async function startServerProcess(
  command: string,
  args: string[],
  options: {
    what: string;
    address: string;
    namespace: string;
    env?: NodeJS.ProcessEnv;
    logFile?: string;
    pidFile?: string;
    startTimeoutMs?: number;
    stopTimeoutMs?: number;
    hint?: string;
  },
): Promise<DevServer> {
  const { what, address, namespace } = options;
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(command, args, {
    stdio: ['ignore', out, out],
    detached: true,
    ...(options.env ? { env: options.env } : {}),
  });
  const forgetPid =
    options.pidFile && child.pid !== undefined
      ? writePidFile(options.pidFile, child.pid, what.replace(/^The /, 'the '))
      : () => {};
  // Never leave a server behind when the parent exits without stopping it.
  const killOnExit = () => killGroup(child.pid);
  process.once('exit', killOnExit);
  child.once('exit', () => {
    process.off('exit', killOnExit);
    forgetPid();
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 10_000);
    await done;
    clearTimeout(timer);
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const host = address.slice(0, address.lastIndexOf(':'));
  for (;;) {
    if (exited) {
      throw new Error(
        `${what} ${exited} before it answered on ${address}` +
          (options.logFile ? ` (its log: ${options.logFile})` : '') +
          (options.hint ? `. ${options.hint}` : '') +
          (options.logFile ? `\nThe log's last lines:\n${lastLines(options.logFile, 5)}` : ''),
      );
    }
    // A TCP connection first: a gRPC connection refused before the server listens is retried only after
    // grpc-js's reconnect backoff (a second), so asking at once would see the server that much later.
    if (
      (await acceptsConnections(host, port)) &&
      (await answers(address, namespace)) &&
      groupListensOn(child.pid!, port) !== false
    )
      return { address, process: child, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${what} did not answer on ${address} within ${timeoutMs} ms.`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-n)
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
      .join('\n');
  } catch {
    return '(none)';
  }
}

/** True when something on `host:port` accepts a TCP connection (cheap: nothing is sent). */
function acceptsConnections(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

/** True when a Temporal frontend answers on `address` and `namespace` exists. */
export async function answers(address: string, namespace = 'default', timeoutMs = 2000): Promise<boolean> {
  // Loaded at the first ask, not with this module: `npm start` spawns the server before it loads the client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connection } = require('@temporalio/client') as typeof TemporalClient;
  let connection: TemporalClient.Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection!.workflowService.describeNamespace({ namespace }),
    );
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}
