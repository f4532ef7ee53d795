/**
 * Who is signed in — the one thing the pages (src/web/) and the REST API (./rest/) both ask of a request. The
 * session is a row in the register (person, kommun, created, expires, revoked) named by a random id that the
 * cookie carries, signed with the session key (8 hours; HttpOnly, SameSite=Lax, Secure behind TLS). Every request
 * reads the row, so signing out — or an administrator's "logga ut överallt" — ends the session at once, on every
 * web instance. The person's name and roles come from the config at every request, so a role taken away takes
 * effect at once. A form's CSRF token is derived from the session id with the form key. Signing in (by mail link
 * or the kommun's IdP) is src/web/inloggning/.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { Register } from '../db/register';
import type { KommunConfig, Person } from '../domain/kommun';
import { z } from '../domain/validering';
import { hmac, type Hemlighet } from '../security/nycklar';
import { signera, verifiera } from '../security/signerat';

export const SESSION_COOKIE = 'arshjul_session';
const SESSION_TIMMAR = 8;

export interface Session {
  kommun: string;
  person: string;
  namn: string;
  /** The person's roles from the config, each for an organ or (kanslichef, registrator, admin) the kommun. */
  roller: Person['roller'];
  csrf: string;
}

export interface SessionDeps {
  kommuner: Map<string, KommunConfig>;
  register: Pick<
    Register,
    'skapaSession' | 'hamtaSession' | 'aterkallaSession' | 'aterkallaPersonensSessioner' | 'rensaSessioner'
  >;
  hemlighet: Hemlighet;
  baseUrl: string;
  nu?: () => number;
}

const sessionSchema = z.object({ sid: z.string().min(32), giltigTill: z.int().positive() }).strict();

/** The register's key of a session: the hash of its id, so a copy of the table signs no one in. */
const radId = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/** A path of the REST API's. */
export const arApi = (sokvag: string) => sokvag === '/api' || sokvag.startsWith('/api/');

/** Only a path on this site: no scheme, no host, no `//` (an open redirect would make the link a phishing aid). */
export function sakerDestination(till: unknown): string {
  return typeof till === 'string' && /^\/(?![/\\])[^\s]*$/.test(till) ? till : '/uppgifter';
}

interface Last {
  sid: string;
  session: Session;
}

/**
 * A new session of `vem`: its row in the register (under a hash of its id, so the register never holds a usable
 * id) and the signed token the cookie carries. Sign-in uses it; so does the bench, for its signed-in clients.
 */
export async function nySession(
  deps: Pick<SessionDeps, 'register' | 'hemlighet'>,
  vem: { kommun: string; person: string },
  skapad: number,
): Promise<{ token: string }> {
  const id = randomBytes(32).toString('base64url');
  const giltigTill = skapad + SESSION_TIMMAR * 3_600_000;
  await deps.register.rensaSessioner(new Date(skapad));
  await deps.register.skapaSession({
    id: radId(id),
    kommun: vem.kommun,
    person: vem.person,
    skapad: new Date(skapad),
    giltigTill: new Date(giltigTill),
  });
  return { token: signera('session', { sid: id, giltigTill }, deps.hemlighet) };
}

export function createSessioner(deps: SessionDeps) {
  const nu = deps.nu ?? Date.now;
  const secure = deps.baseUrl.startsWith('https:');
  const lasta = new WeakMap<Request, Last | undefined>();
  const pagaende = new WeakMap<Request, Promise<void>>();

  const sid = (req: Request): string | undefined => {
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!token) return undefined;
    const result = verifiera('session', token, sessionSchema, deps.hemlighet, nu());
    return result.ok ? result.varde.sid : undefined;
  };

  /** The request's session from the register: a revoked or expired row, or a person no longer in the config, is none. */
  const lasRad = async (req: Request, id: string): Promise<void> => {
    const rad = await deps.register.hamtaSession(radId(id));
    if (!rad || rad.aterkallad !== null || rad.giltigTill.getTime() <= nu()) return;
    const person = deps.kommuner.get(rad.kommun)?.personer.find((p) => p.id === rad.person);
    if (!person) return;
    lasta.set(req, {
      sid: id,
      session: {
        kommun: rad.kommun,
        person: person.id,
        namn: person.namn,
        roller: person.roller,
        csrf: hmac(deps.hemlighet, 'formular', `csrf.${id}`),
      },
    });
  };

  /**
   * Reads the request's session from the register once, before any page, endpoint or error page asks for it. A
   * page waits for it here. A request to the REST API goes on at once: the API's gate waits for it (`vanta`)
   * beside the register read its endpoint needs (a command's task row), so the two round trips overlap.
   */
  const las = (req: Request, _res: Response, next: NextFunction) => {
    const id = sid(req);
    if (id === undefined) return next();
    const last = lasRad(req, id);
    if (!arApi(req.path)) return void last.then(() => next(), next);
    // Handled here as well, so a request that never reaches the gate leaves no unhandled rejection behind.
    last.catch(() => undefined);
    pagaende.set(req, last);
    next();
  };

  /** Until `las` has read the request's session (a REST request's; a page's was read before it went on). */
  const vanta = (req: Request): Promise<void> => pagaende.get(req) ?? Promise.resolve();

  /** Whether the request carries a session cookie this installation signed (its row still to be checked). */
  const harSessionskaka = (req: Request): boolean => pagaende.has(req) || lasta.has(req);

  /** The signed-in person, or undefined: what `las` found for this request. */
  const session = (req: Request): Session | undefined => lasta.get(req)?.session;

  /** Signs the person in: a new session row and its cookie (8 hours), then on to `till` on this site. */
  const loggaIn = async (res: Response, vem: { kommun: string; person: string }, till: unknown) => {
    const { token } = await nySession(deps, vem, nu());
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_TIMMAR * 3_600_000,
    });
    res.redirect(303, sakerDestination(till));
  };

  /** Ends this request's session in the register (the cookie alone would stay valid) and clears the cookie. */
  const loggaUt = async (req: Request, res: Response) => {
    const last = lasta.get(req);
    if (last) await deps.register.aterkallaSession(radId(last.sid), new Date(nu()));
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    res.redirect(303, '/logga-in');
  };

  /** Ends every session of the person, in every browser; returns how many were live. */
  const loggaUtOveralt = (vem: { kommun: string; person: string }) =>
    deps.register.aterkallaPersonensSessioner({ ...vem, tid: new Date(nu()) });

  return { las, vanta, harSessionskaka, session, loggaIn, loggaUt, loggaUtOveralt };
}

export type Sessioner = ReturnType<typeof createSessioner>;
