/**
 * The REST API (`/api/…`): every endpoint of ./ar.ts, ./uppgifter.ts, ./sammantraden.ts, ./dokument.ts,
 * ./arenden.ts and ./anslagstavla.ts, its OpenAPI document, and the rules every request meets first — a session
 * (401 JSON without one, except on the public paths), JSON bodies for commands, and errors as JSON naming the field.
 * The session is the web app's cookie (../session.ts).
 */
import express from 'express';
import type { Sessioner } from '../session';
import type { WebbDeps } from '../webbDeps';
import { anslagstavlaEndpoints } from './anslagstavla';
import { arEndpoints } from './ar';
import { arendedokumentEndpoints } from './arendedokument';
import { arendeEndpoints } from './arenden';
import { dokumentEndpoints } from './dokument';
import type { Endpoint } from './endpoint';
import { fristerEndpoint } from './frister';
import { OPENAPI_SOKVAGAR, openapiRouter } from './openapi';
import { personEndpoints } from './personer';
import { overklagandeEndpoints } from './overklaganden';
import { sammantradeEndpoints } from './sammantraden';
import { INTE_INLOGGAD, skickaFel, STORSTA_KROPP_KB, tolkningsfel } from './svar';
import { uppfoljningEndpoints } from './uppfoljning';
import { uppgiftEndpoints } from './uppgifter';

export const ENDPOINTS: readonly Endpoint[] = [
  ...arEndpoints,
  ...uppgiftEndpoints,
  ...sammantradeEndpoints,
  ...overklagandeEndpoints,
  ...dokumentEndpoints,
  ...arendeEndpoints,
  ...arendedokumentEndpoints,
  ...anslagstavlaEndpoints,
  ...uppfoljningEndpoints,
  ...personEndpoints,
  fristerEndpoint,
];

/** A public endpoint's path as a pattern over one request path (each `{param}` one segment). */
const monster = (sokvag: string) =>
  new RegExp(`^${sokvag.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}/?$`);

export function restApi(
  deps: WebbDeps,
  /** Without `vanta`, every session is taken as read already (a test's fixed session). */
  inloggning: Pick<Sessioner, 'session'> & Partial<Pick<Sessioner, 'vanta' | 'harSessionskaka'>>,
): express.Router {
  const router = express.Router();
  router.use(openapiRouter(ENDPOINTS));

  const publika = ENDPOINTS.filter((e) => e.publik).map((e) => monster(e.sokvag));
  const arPublik = (sokvag: string) =>
    publika.some((m) => m.test(sokvag)) ||
    OPENAPI_SOKVAGAR.some((p) => sokvag === p || sokvag.startsWith(`${p}/`));
  // Everything else under /api/ needs a session — also a path no endpoint has, so the answer does not tell what
  // exists. (A route with its own credentials, such as a calendar feed's token, belongs before this router.)
  const forhamtare = ENDPOINTS.filter((e) => e.forhamta);
  router.use('/api', (req, res, next) => {
    // The register read the endpoint needs (a command's task row) goes out beside the session's, which `las`
    // started: only for a cookie this installation signed, and its result is used only once the session holds.
    if (inloggning.harSessionskaka?.(req)) forhamtare.some((e) => e.forhamta!(req, deps));
    (inloggning.vanta?.(req) ?? Promise.resolve()).then(() => {
      if (arPublik(req.baseUrl + req.path) || inloggning.session(req)) return next();
      skickaFel(res, INTE_INLOGGAD);
    }, next);
  });
  router.use('/api', express.json({ limit: `${STORSTA_KROPP_KB}kb` }));
  for (const e of ENDPOINTS) e.registrera(router, deps, inloggning.session);
  router.use('/api', tolkningsfel);
  return router;
}
