/**
 * Optional sign-in through the kommun's own identity provider (OpenID Connect, with the `openid-client` library),
 * beside the mail link. Set ARSHJUL_OIDC_ISSUER, ARSHJUL_OIDC_CLIENT_ID and ARSHJUL_OIDC_CLIENT_SECRET; register
 * `<base URL>/logga-in/oidc/tillbaka` as the redirect URI at the IdP. The authorization code flow with PKCE, state
 * and nonce (kept for ten minutes in a signed, HttpOnly cookie); the person is the one in the config whose e-mail
 * the IdP vouches for (`email`, not `email_verified: false`). The session is the same as after a mail link.
 */
import { randomBytes } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import express, { type Request, type Response } from 'express';
import type * as OpenIdClient from 'openid-client';
import { z } from '../../domain/validering';
import { signera, verifiera } from '../../security/signerat';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import type { Hemlighet } from '../../security/nycklar';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface OidcHjalp {
  baseUrl: string;
  hemlighet: Hemlighet;
  nu: () => number;
  /** The configured person with this e-mail address, if any. */
  personMedEpost(epost: string): { kommun: string; person: string } | undefined;
  /** Signs the person in (the session cookie) and sends them on to `till`. */
  loggaIn(res: Response, vem: { kommun: string; person: string }, till: unknown): Promise<void>;
}

const FLODE_COOKIE = 'arshjul_oidc';
const FLODE_MINUTER = 10;
export const OIDC_TILLBAKA = '/logga-in/oidc/tillbaka';

const flodeSchema = z
  .object({
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

/** What both steps of the flow need: the IdP, this site's address, the helpers of sign-in. */
interface Flodet {
  idp: ReturnType<typeof createIdp>;
  hjalp: OidcHjalp;
  base: string;
}

export function oidcRouter(settings: OidcSettings, hjalp: OidcHjalp): express.Router {
  const router = express.Router();
  const flodet: Flodet = { idp: createIdp(settings), hjalp, base: hjalp.baseUrl.replace(/\/+$/, '') };
  router.get('/logga-in/oidc', (req, res) => borja(flodet, req, res));
  router.get(OIDC_TILLBAKA, (req, res) => tillbaka(flodet, req, res));
  return router;
}

/** To the IdP, with PKCE, state and nonce kept in a signed cookie for the way back. */
async function borja({ idp, hjalp, base }: Flodet, req: Request, res: Response) {
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
  res.cookie(FLODE_COOKIE, signera('oidc', { verifier, state, nonce, till, giltigTill }, hjalp.hemlighet), {
    httpOnly: true,
    // Lax: the IdP's redirect back is a top-level GET, which carries it.
    sameSite: 'lax',
    secure: base.startsWith('https:'),
    path: '/logga-in/oidc',
    maxAge: FLODE_MINUTER * 60_000,
  });
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
async function tillbaka({ idp, hjalp, base }: Flodet, req: Request, res: Response) {
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
  const epost = typeof claims?.email === 'string' ? claims.email : undefined;
  const vem = epost && claims?.email_verified !== false ? hjalp.personMedEpost(epost) : undefined;
  if (!vem) {
    return avbruten({
      res,
      status: 403,
      titel: 'Inget konto i Årshjul',
      text: epost
        ? `${epost} finns inte bland Årshjuls användare. Kontakta kansliet om du ska ha tillgång.`
        : 'Inloggningstjänsten lämnade ingen e-postadress.',
    });
  }
  await hjalp.loggaIn(res, vem, flode.varde.till);
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
