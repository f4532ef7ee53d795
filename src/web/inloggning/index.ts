/**
 * Inloggning: sign-in by mail link (./epostlank.ts, ./LoggaIn.tsx) or through the kommun's identity provider
 * (./oidc.tsx), and sign-out. The session itself is src/api/session.ts; the guards of the other pages ./vakt.tsx.
 */
import express from 'express';
import type { Sessioner } from '../../api/session';
import type { Register } from '../../db/register';
import { createEpostlank, type EpostlankDeps } from './epostlank';
import { inloggningssidor } from './LoggaIn';
import { oidcRouter, type OidcKommuner } from './oidc';
import type { Vakt } from './vakt';

export interface InloggningDeps extends EpostlankDeps {
  register: EpostlankDeps['register'] & Pick<Register, 'oidcIdentitet' | 'bindOidcIdentitet'>;
  /** Sign-in through each kommun's own IdP too, when configured (./oidc.tsx). */
  oidc?: OidcKommuner | undefined;
}

export function inloggningRouter(deps: InloggningDeps, sessioner: Sessioner, vakt: Vakt): express.Router {
  const router = express.Router();
  const lank = createEpostlank(deps);
  // Before `/logga-in/:token`, which would take `oidc` for a token.
  // Only kommuner Årshjul has: a provider for another would sign no one in.
  const oidc = Object.fromEntries(Object.entries(deps.oidc ?? {}).filter(([k]) => deps.kommuner.has(k)));
  for (const k of Object.keys(deps.oidc ?? {})) {
    if (!deps.kommuner.has(k)) console.warn(`[arshjul] OIDC configured for unknown kommun "${k}": ignored`);
  }
  const personer = (kommun: string) => deps.kommuner.get(kommun)?.personer ?? [];
  if (Object.keys(oidc).length > 0) {
    router.use(
      oidcRouter(oidc, {
        baseUrl: deps.baseUrl,
        hemlighet: deps.hemlighet,
        nu: deps.nu ?? Date.now,
        register: deps.register,
        personMedEpost: (kommun, epost) =>
          personer(kommun).find((p) => p.epost.toLowerCase() === epost.toLowerCase())?.id,
        finns: (kommun, person) => personer(kommun).some((p) => p.id === person),
        loggaIn: sessioner.loggaIn,
      }),
    );
  }
  const sidor = inloggningssidor({
    lank,
    sessioner,
    kommuner: deps.kommuner,
    oidc: Object.keys(oidc).map((k) => ({ kommun: k, namn: deps.kommuner.get(k)!.kommun.namn })),
  });
  router.get('/logga-in', sidor.formular);
  router.post('/logga-in', sidor.begar);
  router.get('/logga-in/:token', sidor.visaLank);
  router.post('/logga-in/:token', sidor.anvandLank);
  router.post('/logga-ut', vakt.inloggad, vakt.csrf, (req, res) => sessioner.loggaUt(req, res));
  return router;
}
