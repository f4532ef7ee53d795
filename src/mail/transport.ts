/**
 * The SMTP connection mail goes out through: the local mail catcher under `npm start` (src/mail/catcher.ts), a
 * real relay in production (`SMTP_URL`, e.g. `smtp://user:pass@relay.kommun.se:587`).
 */
import nodemailer, { type Transporter } from 'nodemailer';

/** Where maildev listens under `npm start`. */
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';

/**
 * Timeouts well inside the mail activity's start-to-close timeout (one minute), so a hanging server fails the
 * attempt with a clear error and Temporal retries it, instead of the attempt timing out with no reason.
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  dnsTimeout: 10_000,
  socketTimeout: 30_000,
} as const;

/**
 * Connections kept open and reused across messages: a new SMTP connection per message (TCP, greeting, EHLO,
 * STARTTLS, AUTH) cost most of a year's mail time. A few at once, each closed after a while unused — before the
 * socket timeout, and before a relay drops it — and renewed after a number of messages.
 */
export const SMTP_POOL = {
  pool: true,
  maxConnections: 5,
  maxMessages: 100,
  idleTimeout: 20_000,
} as const;

/**
 * A pooled nodemailer SMTP transport for `smtpUrl` (`smtp://` with opportunistic STARTTLS, or `smtps://`), one
 * per process, shared by every sender; `close()` ends its connections.
 */
export function createMailTransport(smtpUrl: string = DEFAULT_SMTP_URL): Transporter {
  return nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS, ...SMTP_POOL });
}
