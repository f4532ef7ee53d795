/**
 * Sign-in by e-mail link — the handläggare already work from their mail. `/logga-in` asks for the address and
 * mails a link (signed, single-use, 15 minutes); the link's page has a button, whose POST sets the session cookie
 * (signed, 8 hours, HttpOnly, SameSite=Lax, Secure behind TLS) and goes on to where the user was headed, e.g.
 * the task a mail linked to. The answer to an address is the same whether it is known or not; sign-in mail is
 * rate-limited per address and per client. Forms carry a CSRF token derived from the session.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Register } from '../db/register';
import { personNamn, type KommunConfig, type Person } from '../domain/kommun';
import { z } from '../domain/validering';
import { render } from '../domain/motesmeddelanden';
import { createSender, type MailDeps } from '../activities/mail';
import { signera, verifiera, type TokenFel } from '../security/signerat';
import { oidcRouter, type OidcSettings } from './oidc';
import { e, sida, stycken } from './sida';

export const SESSION_COOKIE = 'arshjul_session';
const LANK_MINUTER = 15;
const SESSION_TIMMAR = 8;

export interface Session {
  kommun: string;
  person: string;
  namn: string;
  /** The person's roles from the config, each for an organ or (kanslichef, registrator, admin) the kommun. */
  roller: Person['roller'];
  csrf: string;
}

export interface InloggningDeps extends Pick<MailDeps, 'transport' | 'fran'> {
  register: Pick<Register, 'skapaInloggning' | 'anvandInloggning' | 'reserveraMail' | 'markeraMailSkickat'>;
  kommuner: Map<string, KommunConfig>;
  hemlighet: string;
  baseUrl: string;
  /** Sign-in through the kommun's IdP too, when configured (./oidc.ts). */
  oidc?: OidcSettings | undefined;
  nu?: () => number;
}

const lankSchema = z
  .object({
    nonce: z.string().min(16),
    kommun: z.string().min(1),
    person: z.string().min(1),
    till: z.string(),
    giltigTill: z.int().positive(),
  })
  .strict();
const sessionSchema = z
  .object({ kommun: z.string().min(1), person: z.string().min(1), giltigTill: z.int().positive() })
  .strict();

/** Only a path on this site: no scheme, no host, no `//` (an open redirect would make the link a phishing aid). */
export function sakerDestination(till: unknown): string {
  return typeof till === 'string' && /^\/(?![/\\])[^\s]*$/.test(till) ? till : '/uppgifter';
}

const FEL_TEXT: Record<TokenFel | 'ANVAND', string> = {
  FORMAT: 'Länken är ofullständig. Kopiera hela adressen ur e-postmeddelandet.',
  SIGNATUR: 'Länken är inte giltig. Begär en ny inloggningslänk.',
  UTGANGEN: 'Länken har gått ut (den gäller i 15 minuter). Begär en ny.',
  ANVAND: 'Länken är redan använd. Begär en ny inloggningslänk.',
};

export function createInloggning(deps: InloggningDeps) {
  const nu = deps.nu ?? Date.now;
  const skicka = createSender({ mailLogg: deps.register, transport: deps.transport, fran: deps.fran });
  const secure = deps.baseUrl.startsWith('https:');
  const csrfFor = (sessionToken: string) =>
    createHmac('sha256', deps.hemlighet).update(`arshjul-csrf.${sessionToken}`).digest('base64url');
  /** At most 5 sign-in mails per address and 20 per client in 15 minutes. */
  const forsok = new Map<string, number[]>();
  const begransad = (nyckel: string, max: number) => {
    const fonster = nu() - 15 * 60_000;
    // Forget whom the window has passed, so many addresses cannot grow the map without end.
    if (forsok.size > 10_000) {
      for (const [k, v] of forsok) if ((v.at(-1) ?? 0) <= fonster) forsok.delete(k);
    }
    const tider = (forsok.get(nyckel) ?? []).filter((t) => t > fonster);
    tider.push(nu());
    forsok.set(nyckel, tider);
    return tider.length > max;
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
  const personMedEpost = (epost: string): { config: KommunConfig; person: Person } | undefined => {
    for (const config of deps.kommuner.values()) {
      const person = config.personer.find((p) => p.epost.toLowerCase() === epost.toLowerCase());
      if (person) return { config, person };
    }
    return undefined;
  };

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

  /** Pages behind sign-in: without a session, to the sign-in page and back here after it. */
  const kravInloggning = (req: Request, res: Response, next: NextFunction) => {
    const s = session(req);
    if (!s) {
      res.redirect(303, `/logga-in?till=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.locals.session = s;
    next();
  };

  /** A form's CSRF token must be the session's. */
  const kravCsrf = (req: Request, res: Response, next: NextFunction) => {
    const s = res.locals.session as Session;
    const given = Buffer.from(String((req.body as { csrf?: unknown } | undefined)?.csrf ?? ''));
    const expected = Buffer.from(s.csrf);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      sida(res, 403, 'Formuläret kunde inte skickas', stycken(['Ladda om sidan och försök igen.']), {
        inloggad: s,
      });
      return;
    }
    next();
  };

  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  if (deps.oidc) {
    router.use(
      oidcRouter(deps.oidc, {
        baseUrl: deps.baseUrl,
        hemlighet: deps.hemlighet,
        nu,
        personMedEpost: (epost) => {
          const vem = personMedEpost(epost);
          return vem && { kommun: vem.config.kommun.id, person: vem.person.id };
        },
        loggaIn,
      }),
    );
  }

  const formular = (till: string, meddelande = '') =>
    `${meddelande}${
      deps.oidc
        ? `<p><a class="knapp" href="/logga-in/oidc?till=${encodeURIComponent(till)}">Logga in med kommunens inloggning</a></p><p>eller få en inloggningslänk via e-post:</p>`
        : ''
    }<form method="post" action="/logga-in">
<input type="hidden" name="till" value="${e(till)}">
<label for="epost">Din e-postadress</label>
<input id="epost" name="epost" type="email" autocomplete="email" required>
<p><button type="submit">Skicka inloggningslänk</button></p>
</form>`;

  router.get('/logga-in', (req, res) => {
    sida(res, 200, 'Logga in', formular(sakerDestination(req.query.till)));
  });

  router.post('/logga-in', async (req, res) => {
    const body = req.body as { epost?: unknown; till?: unknown };
    const till = sakerDestination(body.till);
    const epost = z.email().safeParse(typeof body.epost === 'string' ? body.epost.trim() : body.epost);
    if (!epost.success) {
      return sida(
        res,
        400,
        'Logga in',
        formular(till, '<p class="fel" role="alert">epost: skriv en e-postadress, t.ex. namn@kommun.se</p>'),
      );
    }
    if (begransad(`epost:${epost.data.toLowerCase()}`, 5) || begransad(`ip:${req.ip}`, 20)) {
      return sida(
        res,
        429,
        'Vänta en stund',
        stycken(['För många inloggningsförsök. Försök igen om en kvart.']),
      );
    }
    const vem = personMedEpost(epost.data);
    if (vem) {
      const nonce = randomBytes(18).toString('base64url');
      await deps.register.skapaInloggning({
        nonce,
        kommun: vem.config.kommun.id,
        person: vem.person.id,
        tid: new Date(nu()),
      });
      const token = signera(
        'inloggning',
        {
          nonce,
          kommun: vem.config.kommun.id,
          person: vem.person.id,
          till,
          giltigTill: nu() + LANK_MINUTER * 60_000,
        },
        deps.hemlighet,
      );
      await skicka({
        nyckel: `inloggning:${nonce}`,
        kommun: vem.config.kommun.id,
        slag: 'INLOGGNING',
        person: vem.person,
        meddelande: render(vem.config.kommun.namn, vem.person.namn, {
          amne: 'Din inloggningslänk till Årshjul',
          rubrik: 'Logga in i Årshjul',
          stycken: [
            `Länken gäller i ${LANK_MINUTER} minuter och kan bara användas en gång.`,
            'Bad du inte om den? Då kan du bortse från meddelandet.',
          ],
          fakta: [],
          lank: { text: 'Logga in', url: `${deps.baseUrl.replace(/\/+$/, '')}/logga-in/${token}` },
        }),
        attachments: () => [],
      });
    }
    // The same answer either way: the page does not tell who has an account.
    sida(
      res,
      200,
      'Kolla din e-post',
      stycken([
        `Om ${epost.data} finns i Årshjul har vi skickat en inloggningslänk dit. Den gäller i ${LANK_MINUTER} minuter.`,
      ]),
    );
  });

  const lank = (token: string, res: Response) => {
    const result = verifiera('inloggning', token, lankSchema, deps.hemlighet, nu());
    if (!result.ok) {
      sida(
        res,
        400,
        'Länken kan inte användas',
        `${stycken([FEL_TEXT[result.fel]])}<p><a href="/logga-in">Logga in</a></p>`,
      );
      return undefined;
    }
    return result.varde;
  };

  router.get('/logga-in/:token', (req, res) => {
    const l = lank(req.params.token, res);
    if (!l) return;
    const namn = personNamn(deps.kommuner.get(l.kommun) ?? { personer: [] }, l.person);
    // A button, not an automatic sign-in: mail scanners that open links must not use the link up.
    sida(
      res,
      200,
      'Logga in',
      `<form method="post"><p><button type="submit">Logga in som ${e(namn)}</button></p></form>`,
    );
  });

  router.post('/logga-in/:token', async (req, res) => {
    const l = lank(req.params.token, res);
    if (!l) return;
    if (!(await deps.register.anvandInloggning({ nonce: l.nonce, person: l.person, tid: new Date(nu()) }))) {
      return sida(
        res,
        400,
        'Länken kan inte användas',
        `${stycken([FEL_TEXT.ANVAND])}<p><a href="/logga-in">Logga in</a></p>`,
      );
    }
    loggaIn(res, { kommun: l.kommun, person: l.person }, l.till);
  });

  router.post('/logga-ut', kravInloggning, kravCsrf, (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/logga-in');
  });

  return { router, kravInloggning, kravCsrf, session };
}
