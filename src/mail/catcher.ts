/**
 * The local mail catcher of `npm start`: maildev 2, which takes every message on an SMTP port and shows it in a
 * web UI (REST under `/email`), so a user can read what Årshjul sent without a mail server.
 *
 * maildev 2.2 rather than 3.0: 3.0 loads jsdom, fastify, ajv and an MCP server before it answers — 1.7–2.0 s of CPU
 * against 0.8–1.1 s for 2.2, on the same two cores the start shares with the dev server and Årshjul — and takes
 * 9–10 ms of CPU per message against 5.8 ms (100 messages with an .ics each, measured side by side). What 3.0 had
 * and 2.2 lacks, keeping only the newest messages, is done here before it starts (`keepNewest`).
 *
 * A child process, not in-process: it installs its own SIGINT/SIGTERM handlers that would race `npm start`'s
 * ordered shutdown, and its modules would load on the thread that starts Årshjul.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { getCompileCacheDir } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePidFile } from '../lifecycle/pidFiles';
import { groupListensOn, killGroup } from '../lifecycle/processes';

const MAILDEV_BIN = path.resolve(__dirname, '../../node_modules/maildev/bin/maildev');

export interface MailCatcherOptions {
  smtpPort: number;
  webPort: number;
  /** Both servers listen here only. */
  host?: string;
  /** Where the messages are kept (survive a restart); a temporary folder, removed on stop, when left out. */
  mailDirectory?: string;
  /**
   * The most messages it keeps across starts (the newest; older ones are removed from the folder before it
   * starts). maildev reads back every kept message when it starts, so an unbounded folder makes each start
   * slower than the last. Unbounded when left out.
   */
  maxEmails?: number;
  /** Where maildev's own output goes (default: discarded). */
  logFile?: string;
  /** A pid file kept while the catcher runs (lifecycle/pidFiles). */
  pidFile?: string;
  startTimeoutMs?: number;
}

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

/**
 * How often the start asks whether the catcher answers: it comes up in about a second and `npm start` waits on it,
 * so finely (each ask is a local connect or two).
 */
const POLL_MS = 25;

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  if (!existsSync(MAILDEV_BIN)) {
    throw new Error(`maildev is not installed (${MAILDEV_BIN} is missing); run npm install.`);
  }
  const host = options.host ?? '127.0.0.1';
  const directory = options.mailDirectory ?? mkdtempSync(path.join(tmpdir(), 'arshjul-maildev-'));
  mkdirSync(directory, { recursive: true });
  const args = [
    MAILDEV_BIN,
    '--smtp',
    String(options.smtpPort),
    '--ip',
    host,
    '--web',
    String(options.webPort),
    '--web-ip',
    host,
    '--mail-directory',
    directory,
  ];
  if (options.maxEmails !== undefined) keepNewest(directory, options.maxEmails);
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  // Its own process group and its mail folder as working directory:
  // Ctrl-C reaches only the parent, which stops the catcher in its turn.
  // V8's compile cache of this process (scripts/ts-hook.cjs) serves maildev's modules as well (a fifth of
  // maildev 3's start; not measured apart for 2.2).
  const compileCache = getCompileCacheDir();
  const child = spawn(process.execPath, args, {
    cwd: directory,
    stdio: ['ignore', out, out],
    detached: true,
    ...(compileCache ? { env: { ...process.env, NODE_COMPILE_CACHE: compileCache } } : {}),
  });
  const forgetPid =
    options.pidFile && child.pid !== undefined
      ? writePidFile(options.pidFile, child.pid, 'the mail catcher (maildev)')
      : () => {};
  const killOnExit = () => killGroup(child.pid);
  process.once('exit', killOnExit);
  child.once('exit', () => {
    process.off('exit', killOnExit);
    forgetPid();
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));

  const smtpUrl = `smtp://${host}:${options.smtpPort}`;
  const webUrl = `http://${host}:${options.webPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    }
    if (!options.mailDirectory) rmSync(directory, { recursive: true, force: true });
  };

  const timeout = options.startTimeoutMs ?? 20_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(
        `The mail catcher (maildev) ${exited} before it answered on ${smtpUrl} and ${webUrl}` +
          (options.logFile ? ` (its log: ${options.logFile})` : '') +
          '. Is one of the ports taken?',
      );
    }
    // Ours, not a catcher someone else left on the ports.
    const holds = (port: number) => groupListensOn(child.pid!, port) !== false;
    if (
      (await webAnswers(webUrl)) &&
      (await smtpGreets(host, options.smtpPort)) &&
      holds(options.smtpPort) &&
      holds(options.webPort)
    ) {
      return { smtpUrl, webUrl, stop };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The mail catcher (maildev) did not answer on ${smtpUrl} and ${webUrl} within ${timeout} ms.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Removes all but the newest `count` messages from maildev's folder: each is `<id>.eml`, its attachments in the
 * folder `<id>/`.
 */
function keepNewest(directory: string, count: number): void {
  const messages = readdirSync(directory)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => ({ id: name.slice(0, -'.eml'.length), at: statSync(path.join(directory, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { id } of messages.slice(count)) {
    rmSync(path.join(directory, `${id}.eml`), { force: true });
    rmSync(path.join(directory, id), { recursive: true, force: true });
  }
}

async function webAnswers(webUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${webUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** True when an SMTP server on `host:port` sends its 220 greeting. */
function smtpGreets(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString('utf8').startsWith('220')));
  });
}
