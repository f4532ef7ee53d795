/**
 * A real SMTP server on loopback for the mail tests (smtp-server, no auth, no TLS), which parses every message
 * it accepts with mailparser and keeps it. It can refuse mail for a while (a 451, as a relay does under load),
 * refuse given addresses for good (a 550 to RCPT TO, as for a mailbox that does not exist),
 * or be stopped and started again on the same port, to test what an SMTP outage does. It can also hold its answer
 * to a message's DATA (`holdNext`): a message is only accepted when its 250 is sent, so a client that goes away
 * while its message is held never delivered it, and the message is discarded — exactly as a real MTA does.
 *
 * Also here: `InMemoryMailLogg`, a test double of the register's mail log — not of SMTP, which is real.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { MailLogg } from '../../src/activities/mail';
import { freePort } from './freePort';

export interface ReceivedMail extends ParsedMail {
  /** The SMTP envelope: who the message was really delivered to (RCPT TO), whatever the headers say. */
  envelope: { mailFrom: string; rcptTo: string[] };
  /** The message as it came over the wire. */
  raw: Buffer;
}

export interface TestSmtp {
  host: string;
  port: number;
  /** `smtp://127.0.0.1:<port>`, for createMailTransport. */
  url: string;
  /** Every message accepted so far, in order. */
  messages(): ReceivedMail[];
  clear(): void;
  /** While true, every MAIL FROM is answered `451 4.3.0` (temporary failure). */
  refuse(on: boolean): void;
  /** How many messages were answered 451 by `refuse` so far. */
  refusals(): number;
  /**
   * From now on, RCPT TO this address is answered `550 5.1.1` (no such mailbox: refused for good), or with
   * `451` a temporary `451 4.2.1`; `false` accepts it again.
   */
  refuseRecipient(address: string, answer?: 550 | 451 | false): void;
  /** Stops listening (connections are refused) until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
  /**
   * From the next message on (or after `after` more have been accepted), hold the answer to every message's
   * DATA until `release()`: the message is received in full, but neither accepted nor refused. Resolves with
   * the first message held. A held message whose client disconnects is discarded (see `discarded()`).
   */
  holdNext(options?: { after?: number }): Promise<ReceivedMail>;
  /** The messages held now, waiting for their answer. */
  held(): ReceivedMail[];
  /** The messages that were held when their client went away: never accepted, so never in `messages()`. */
  discarded(): ReceivedMail[];
  /** Stops holding: every held message whose client is still there is accepted (250). Returns how many. */
  release(): number;
}

interface Held {
  mail: ReceivedMail;
  session: SMTPServerSession;
  accept(): void;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const host = '127.0.0.1';
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let refusing = false;
  const refusedRecipients = new Map<string, 550 | 451>();
  let server: SMTPServer | undefined;
  /** While holding: how many more messages to accept before holding begins (0: hold every one). */
  let acceptBeforeHold: number | undefined;
  /** Whether `holdNext` was ever called: from then on, clients may go away while their message is held. */
  let holding = false;
  let onFirstHeld: ((mail: ReceivedMail) => void) | undefined;
  const held: Held[] = [];
  let refusals = 0;
  const discarded: ReceivedMail[] = [];

  const create = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      logger: false,
      closeTimeout: 500,
      onMailFrom(_address: SMTPServerAddress, _session, callback) {
        if (!refusing) return callback();
        refusals++;
        const error = new Error('4.3.0 Tillfälligt fel, försök igen senare') as Error & {
          responseCode: number;
        };
        error.responseCode = 451;
        callback(error);
      },
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const answer = refusedRecipients.get(address.address.toLowerCase());
        if (!answer) return callback();
        const error = new Error(
          answer === 550
            ? `5.1.1 <${address.address}>: Recipient address rejected: User unknown`
            : `4.2.1 <${address.address}>: Mailbox temporarily unavailable, try again later`,
        ) as Error & { responseCode: number };
        error.responseCode = answer;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              const mail = Object.assign(parsed, {
                raw,
                envelope: {
                  mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  rcptTo: session.envelope.rcptTo.map((r) => r.address),
                },
              });
              if (acceptBeforeHold === 0) {
                const accept = () => {
                  received.push(mail);
                  callback();
                };
                held.push({ mail, session, accept });
                onFirstHeld?.(mail);
                onFirstHeld = undefined;
                return;
              }
              if (acceptBeforeHold !== undefined) acceptBeforeHold--;
              received.push(mail);
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
      onClose(session) {
        // The client went away before its message was answered: it was never accepted.
        for (let i = held.length - 1; i >= 0; i--) {
          if (held[i]!.session === session) discarded.push(...held.splice(i, 1).map((h) => h.mail));
        }
      },
    });

  const start = async () => {
    if (server) return;
    const s = create();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        resolve();
      });
    });
    // A client that goes away while its message is held (a worker killed) resets its connection in the middle
    // of a transaction, which smtp-server emits as an 'error': expected then, and nothing to stop for. Any
    // other error is thrown as before, when nothing listened.
    s.on('error', (error: NodeJS.ErrnoException) => {
      if (holding && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return;
      throw error;
    });
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await start();
  return {
    host,
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...received],
    clear: () => void received.splice(0),
    refuse: (on) => void (refusing = on),
    refusals: () => refusals,
    refuseRecipient: (address, answer = 550) =>
      void (answer
        ? refusedRecipients.set(address.toLowerCase(), answer)
        : refusedRecipients.delete(address.toLowerCase())),
    stop,
    start,
    close: stop,
    holdNext: ({ after = 0 } = {}) =>
      new Promise<ReceivedMail>((resolve) => {
        holding = true;
        acceptBeforeHold = after;
        onFirstHeld = resolve;
      }),
    held: () => held.map((h) => h.mail),
    discarded: () => [...discarded],
    release: () => {
      acceptBeforeHold = undefined;
      onFirstHeld = undefined;
      const accepted = held.splice(0);
      for (const h of accepted) h.accept();
      return accepted.length;
    },
  };
}

type Status = 'RESERVERAD' | 'SKICKAD' | 'AVVISAD';

/**
 * Test double of the register's mail log (src/db implements `MailLogg` on PostgreSQL). Keeps the entries in a
 * map with the same answers: 'NY' on the first reservation of a key, then 'RESERVERAD' until it is marked sent
 * or refused, then 'SKICKAD' or 'AVVISAD' (a repeated mark changes nothing); a reservation about to send holds
 * the key (`upptagen` seconds, or until released) and meanwhile another one about to send gets 'UPPTAGEN'.
 * `failNextMark` makes the next `markeraMailSkickat` throw, as a crash after sending would.
 */
export class InMemoryMailLogg implements MailLogg {
  readonly entries = new Map<
    string,
    Parameters<MailLogg['reserveraMail']>[0] & {
      status: Status;
      /** Epoch ms until which an attempt holds it. */
      upptagenTill?: number;
      messageId?: string;
      skickad?: Date;
      svar?: string;
      avvisad?: Date;
    }
  >();
  failNextMark = false;

  reserveraMail(entry: Parameters<MailLogg['reserveraMail']>[0]): Promise<'NY' | 'UPPTAGEN' | Status> {
    const existing = this.entries.get(entry.nyckel);
    const upptagenTill = entry.upptagen !== undefined ? Date.now() + entry.upptagen * 1000 : undefined;
    if (!existing) {
      this.entries.set(entry.nyckel, { ...entry, status: 'RESERVERAD', upptagenTill });
      return Promise.resolve('NY');
    }
    if (upptagenTill === undefined || existing.status !== 'RESERVERAD')
      return Promise.resolve(existing.status);
    if ((existing.upptagenTill ?? 0) > Date.now()) return Promise.resolve('UPPTAGEN');
    existing.upptagenTill = upptagenTill;
    return Promise.resolve('RESERVERAD');
  }

  slappMail(nyckel: string): Promise<void> {
    const entry = this.entries.get(nyckel);
    if (entry?.status === 'RESERVERAD') entry.upptagenTill = undefined;
    return Promise.resolve();
  }

  markeraMailSkickat(nyckel: string, messageId: string, tid: Date): Promise<void> {
    if (this.failNextMark) {
      this.failNextMark = false;
      return Promise.reject(new Error('the register is unavailable (simulated crash after sending)'));
    }
    return this.markera('markeraMailSkickat', nyckel, { status: 'SKICKAD', messageId, skickad: tid });
  }

  markeraMailAvvisat(nyckel: string, svar: string, tid: Date): Promise<void> {
    return this.markera('markeraMailAvvisat', nyckel, { status: 'AVVISAD', svar, avvisad: tid });
  }

  private markera(
    what: string,
    nyckel: string,
    outcome: { status: Status; messageId?: string; skickad?: Date; svar?: string; avvisad?: Date },
  ): Promise<void> {
    const entry = this.entries.get(nyckel);
    if (!entry) return Promise.reject(new Error(`${what}: ${nyckel} was never reserved`));
    // The first outcome is the one on record, as in the register.
    if (entry.status === 'RESERVERAD') this.entries.set(nyckel, { ...entry, ...outcome });
    return Promise.resolve();
  }

  mailStatusar(nycklar: readonly string[]): Promise<Map<string, Status>> {
    const known = nycklar.flatMap((n) => {
      const entry = this.entries.get(n);
      return entry ? [[n, entry.status] as const] : [];
    });
    return Promise.resolve(new Map(known));
  }

  /** The keys marked sent. */
  skickade(): string[] {
    return [...this.entries.values()].filter((e) => e.status === 'SKICKAD').map((e) => e.nyckel);
  }
}
