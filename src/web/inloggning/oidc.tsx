/**
 * Optional sign-in through a kommun's own identity provider (OpenID Connect, with the `openid-client` library),
 * beside the mail link. Each kommun has its own provider (ARSHJUL_OIDC_KOMMUNER, or ARSHJUL_OIDC_ISSUER … with
 * ARSHJUL_OIDC_KOMMUN), which signs people in to that kommun only; register `<base URL>/logga-in/oidc/tillbaka`
 * as the redirect URI at the IdP. The authorization code flow with PKCE, state and nonce (kept with the kommun for
 * ten minutes in a signed, HttpOnly cookie). The identity is the IdP's `iss` + `sub`: the first sign-in binds it
 * to the kommun's person with the e-mail the IdP vouches for (`email_verified` must be `true`), and from then on
 * that subject, and only that one, is the person. The session is the same as after a mail link.
 */
import { randomBytes } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import express, { type Request, type Response } from 'express';
import type * as OpenIdClient from 'openid-client';
import { z } from '../../domain/validering';
import { signera, verifiera } from '../../security/signerat';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import type { Register } from '../../db/register';
import type { Hemlighet } from '../../security/nycklar';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Each kommun's provider, by kommun id. */
export type OidcKommuner = Record<string, OidcSettings>;

export interface OidcHjalp {
  baseUrl: string;
  hemlighet: Hemlighet;
  nu: () => number;
  register: Pick<Register, 'oidcIdentitet' | 'bindOidcIdentitet'>;
  /** The kommun's person with this e-mail address, if any. */
  personMedEpost(kommun: string, epost: string): string | undefined;
  /** Whether the kommun still has the person. */
  finns(kommun: string, person: string): boolean;
  /** Signs the person in (the session cookie) and sends them on to `till`. */
  loggaIn(res: Response, vem: { kommun: string; person: string }, till: unknown): Promise<void>;
}

const FLODE_COOKIE = 'arshjul_oidc';
const FLODE_MINUTER = 10;
export const OIDC_TILLBAKA = '/logga-in/oidc/tillbaka';

const flodeSchema = z
  .object({
    kommun: z.string().min(1),
    verifier: z.string().min(43),
    state: z.string().min(16),
    nonce: z.string().min(16),
    till: z.string(),
    giltigTill: z.int().positive(),
  })
  .strict();

/** openid-client ships only ES modules; loaded when first needed (Node and Jest both manage the import). */
const bibliotek = (): Promise<typeof OpenIdClient> => import('openid-client');

/** A page of the OIDC flow that could not go on: why, and the way back to sign-in. */
function avbruten(props: {
  status: number;
  titel: string;
  text: string;
  res: Response;
  lank?: [string, string];
}) {
  skickaMeddelande(props.res, props.status, {
    titel: props.titel,
    texter: [props.text],
    lank: props.lank ?? ['/logga-in', 'Logga in igen'],
  });
}

function svararInte(res: Response, error: unknown) {
  console.error('[arshjul] OIDC:', error instanceof Error ? error.message : error);
  avbruten({
    res,
    status: 502,
    titel: 'Inloggningen svarar inte',
    text: 'Kommunens inloggningstjänst svarar inte just nu. Logga in med en länk via e-post i stället.',
    lank: ['/logga-in', 'Logga in med e-post'],
  });
}

/** What both steps of the flow need: each kommun's IdP, this site's address, the helpers of sign-in. */
interface Flodet {
  idper: Map<string, ReturnType<typeof createIdp>>;
  hjalp: OidcHjalp;
  base: string;
}

export function oidcRouter(settings: OidcKommuner, hjalp: OidcHjalp): express.Router {
  const router = express.Router();
  const idper = new Map(Object.entries(settings).map(([kommun, s]) => [kommun, createIdp(s)]));
  const flodet: Flodet = { idper, hjalp, base: hjalp.baseUrl.replace(/\/+$/, '') };
  router.get('/logga-in/oidc', (req, res) => borja(flodet, req, res));
  router.get(OIDC_TILLBAKA, (req, res) => tillbaka(flodet, req, res));
  return router;
}

/** To the kommun's IdP, with PKCE, state, nonce and the kommun kept in a signed cookie for the way back. */
async function borja({ idper, hjalp, base }: Flodet, req: Request, res: Response) {
  // The kommun named, or the only one with an IdP.
  const kommun =
    typeof req.query.kommun === 'string' ? req.query.kommun : idper.size === 1 ? [...idper.keys()][0]! : '';
  const idp = idper.get(kommun);
  if (!idp) {
    return avbruten({
      res,
      status: 404,
      titel: 'Ingen inloggningstjänst för kommunen',
      text: 'Kommunen har ingen egen inloggning i Årshjul. Logga in med en länk via e-post.',
      lank: ['/logga-in', 'Logga in med e-post'],
    });
  }
  let oidc;
  try {
    oidc = await idp();
  } catch (error) {
    return svararInte(res, error);
  }
  const verifier = oidc.oc.randomPKCECodeVerifier();
  const state = randomBytes(18).toString('base64url');
  const nonce = randomBytes(18).toString('base64url');
  const till = typeof req.query.till === 'string' ? req.query.till : '/uppgifter';
  const giltigTill = hjalp.nu() + FLODE_MINUTER * 60_000;
  res.cookie(
    FLODE_COOKIE,
    signera('oidc', { kommun, verifier, state, nonce, till, giltigTill }, hjalp.hemlighet),
    {
      httpOnly: true,
      // Lax: the IdP's redirect back is a top-level GET, which carries it.
      sameSite: 'lax',
      secure: base.startsWith('https:'),
      path: '/logga-in/oidc',
      maxAge: FLODE_MINUTER * 60_000,
    },
  );
  const url = oidc.oc.buildAuthorizationUrl(oidc.config, {
    redirect_uri: `${base}${OIDC_TILLBAKA}`,
    scope: 'openid email profile',
    code_challenge: await oidc.oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  res.redirect(303, url.href);
}

/** Back from the IdP: the code exchanged, the person found by the e-mail the IdP vouches for, signed in. */
async function tillbaka({ idper, hjalp, base }: Flodet, req: Request, res: Response) {
  const token = parseCookies(req.headers.cookie ?? '')[FLODE_COOKIE];
  res.clearCookie(FLODE_COOKIE, { path: '/logga-in/oidc' });
  const flode = token ? verifiera('oidc', token, flodeSchema, hjalp.hemlighet, hjalp.nu()) : undefined;
  const titel = 'Inloggningen kunde inte slutföras';
  if (!flode?.ok) {
    return avbruten({
      res,
      status: 400,
      titel,
      text: 'Inloggningen tog för lång tid eller började i en annan webbläsare.',
    });
  }
  const kommun = flode.varde.kommun;
  const idp = idper.get(kommun);
  if (!idp) {
    return avbruten({ res, status: 400, titel, text: 'Kommunen har inte längre någon egen inloggning.' });
  }
  let oidc;
  try {
    oidc = await idp();
  } catch (error) {
    return svararInte(res, error);
  }
  let claims;
  try {
    claims = await anspraken(oidc, new URL(`${base}${req.originalUrl}`), flode.varde);
  } catch (error) {
    console.error('[arshjul] OIDC callback refused:', error instanceof Error ? error.message : error);
    return avbruten({
      res,
      status: 400,
      titel,
      text: 'Svaret från kommunens inloggningstjänst kunde inte godtas.',
    });
  }
  const vem = await identitet(hjalp, kommun, claims);
  if (!vem.ok) return avbruten({ res, status: 403, ...vem.fel });
  await hjalp.loggaIn(res, { kommun, person: vem.person }, flode.varde.till);
}

/**
 * The person the IdP's answer is: the one its subject is bound to; else, at the first sign-in, the kommun's person
 * with the verified e-mail, unless that person is bound to another subject already.
 */
async function identitet(
  hjalp: OidcHjalp,
  kommun: string,
  claims: { iss?: unknown; sub?: unknown; email?: unknown; email_verified?: unknown } | undefined,
): Promise<{ ok: true; person: string } | { ok: false; fel: { titel: string; text: string } }> {
  const iss = typeof claims?.iss === 'string' ? claims.iss : '';
  const sub = typeof claims?.sub === 'string' ? claims.sub : '';
  const inteKonto = (text: string) => ({ ok: false as const, fel: { titel: 'Inget konto i Årshjul', text } });
  const bunden = await hjalp.register.oidcIdentitet(iss, sub);
  if (bunden) {
    return bunden.kommun === kommun && hjalp.finns(kommun, bunden.person)
      ? { ok: true, person: bunden.person }
      : inteKonto('Ditt konto finns inte längre bland kommunens användare i Årshjul. Kontakta kansliet.');
  }
  const epost = typeof claims?.email === 'string' ? claims.email : undefined;
  if (!epost) return inteKonto('Inloggningstjänsten lämnade ingen e-postadress.');
  // Only an address the IdP has verified: a missing claim is no verification.
  if (claims?.email_verified !== true) {
    return {
      ok: false,
      fel: {
        titel: 'E-postadressen är inte bekräftad',
        text: `Kommunens inloggningstjänst har inte bekräftat att ${epost} är din. Be kommunens IT-stöd bekräfta adressen, eller logga in med en länk via e-post.`,
      },
    };
  }
  const person = hjalp.personMedEpost(kommun, epost);
  if (!person) {
    return inteKonto(
      `${epost} finns inte bland kommunens användare i Årshjul. Kontakta kansliet om du ska ha tillgång.`,
    );
  }
  const personensSub = await hjalp.register.bindOidcIdentitet({
    iss,
    sub,
    kommun,
    person,
    tid: new Date(hjalp.nu()),
  });
  if (personensSub !== sub) {
    console.warn(`[arshjul] OIDC: ${kommun}/${person} is bound to another subject at ${iss}; refused`);
    return {
      ok: false,
      fel: {
        titel: 'Kontot hör till en annan inloggning',
        text: `${epost} är redan kopplad till en annan identitet hos kommunens inloggningstjänst. Kontakta kansliet.`,
      },
    };
  }
  return { ok: true, person };
}

/** The IdP's metadata, fetched once (again after a failure). Plain http only for a loopback test IdP. */
function createIdp(settings: OidcSettings) {
  let konfiguration: Promise<OpenIdClient.Configuration> | undefined;
  return async () => {
    const oc = await bibliotek();
    konfiguration ??= oc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(settings.issuer)
          ? { execute: [oc.allowInsecureRequests] }
          : undefined,
      )
      .catch((error: unknown) => {
        konfiguration = undefined;
        throw error;
      });
    return { oc, config: await konfiguration };
  };
}

/** The code exchanged for tokens; the person's claims, with the e-mail from userinfo when the ID token lacks it. */
async function anspraken(
  oidc: { oc: typeof OpenIdClient; config: OpenIdClient.Configuration },
  url: URL,
  flode: z.output<typeof flodeSchema>,
) {
  const tokens = await oidc.oc.authorizationCodeGrant(oidc.config, url, {
    pkceCodeVerifier: flode.verifier,
    expectedState: flode.state,
    expectedNonce: flode.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  // Many IdPs put the e-mail in the userinfo answer, not in the ID token.
  if (claims && typeof claims.email !== 'string') {
    return { ...claims, ...(await oidc.oc.fetchUserInfo(oidc.config, tokens.access_token, claims.sub)) };
  }
  return claims;
}
