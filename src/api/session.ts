/**
 * Who is signed in — the one thing the pages (src/web/) and the REST API (./rest/) both ask of a request. The
 * session is a signed cookie (8 hours; HttpOnly, SameSite=Lax, Secure behind TLS) naming the kommun and the
 * person; the person's name and roles come from the config at every request, so a role taken away takes effect at
 * once. A form's CSRF token is derived from the session. Signing in (by mail link or the kommun's IdP) is
 * src/web/inloggning/.
 */
import { createHmac } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { Request, Response } from 'express';
import type { KommunConfig, Person } from '../domain/kommun';
import { z } from '../domain/validering';
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
  hemlighet: string;
  baseUrl: string;
  nu?: () => number;
}

const sessionSchema = z
  .object({ kommun: z.string().min(1), person: z.string().min(1), giltigTill: z.int().positive() })
  .strict();

/** Only a path on this site: no scheme, no host, no `//` (an open redirect would make the link a phishing aid). */
export function sakerDestination(till: unknown): string {
  return typeof till === 'string' && /^\/(?![/\\])[^\s]*$/.test(till) ? till : '/uppgifter';
}

export function createSessioner(deps: SessionDeps) {
  const nu = deps.nu ?? Date.now;
  const secure = deps.baseUrl.startsWith('https:');
  const csrfFor = (sessionToken: string) =>
    createHmac('sha256', deps.hemlighet).update(`arshjul-csrf.${sessionToken}`).digest('base64url');

  /** The signed-in person, or undefined (an invalid or expired cookie counts as none). */
  const session = (req: Request): Session | undefined => {
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!token) return undefined;
    const result = verifiera('session', token, sessionSchema, deps.hemlighet, nu());
    if (!result.ok) return undefined;
    const config = deps.kommuner.get(result.varde.kommun);
    const person = config?.personer.find((p) => p.id === result.varde.person);
    if (!person) return undefined;
    return {
      kommun: result.varde.kommun,
      person: person.id,
      namn: person.namn,
      roller: person.roller,
      csrf: csrfFor(token),
    };
  };

  /** Signs the person in: the session cookie (signed, 8 hours), then on to `till` on this site. */
  const loggaIn = (res: Response, vem: { kommun: string; person: string }, till: unknown) => {
    const giltigTill = nu() + SESSION_TIMMAR * 3_600_000;
    const token = signera('session', { kommun: vem.kommun, person: vem.person, giltigTill }, deps.hemlighet);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_TIMMAR * 3_600_000,
    });
    res.redirect(303, sakerDestination(till));
  };

  const loggaUt = (res: Response) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/logga-in');
  };

  return { session, loggaIn, loggaUt };
}

export type Sessioner = ReturnType<typeof createSessioner>;
