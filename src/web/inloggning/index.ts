/**
 * Inloggning: sign-in by mail link (./epostlank.ts, ./LoggaIn.tsx) or through the kommun's identity provider
 * (./oidc.tsx), and sign-out. The session itself is src/api/session.ts; the guards of the other pages ./vakt.tsx.
 */
import express from 'express';
import type { Sessioner } from '../../api/session';
import { createEpostlank, type EpostlankDeps } from './epostlank';
import { inloggningssidor } from './LoggaIn';
import { oidcRouter, type OidcSettings } from './oidc';
import type { Vakt } from './vakt';

export interface InloggningDeps extends EpostlankDeps {
  /** Sign-in through the kommun's IdP too, when configured (./oidc.tsx). */
  oidc?: OidcSettings | undefined;
}

export function inloggningRouter(deps: InloggningDeps, sessioner: Sessioner, vakt: Vakt): express.Router {
  const router = express.Router();
  const lank = createEpostlank(deps);
  // Before `/logga-in/:token`, which would take `oidc` for a token.
  if (deps.oidc) {
    router.use(
      oidcRouter(deps.oidc, {
        baseUrl: deps.baseUrl,
        hemlighet: deps.hemlighet,
        nu: deps.nu ?? Date.now,
        personMedEpost: (epost) => {
          const vem = lank.personMedEpost(epost);
          return vem && { kommun: vem.config.kommun.id, person: vem.person.id };
        },
        loggaIn: sessioner.loggaIn,
      }),
    );
  }
  const sidor = inloggningssidor({ lank, sessioner, kommuner: deps.kommuner, oidc: deps.oidc !== undefined });
  router.get('/logga-in', sidor.formular);
  router.post('/logga-in', sidor.begar);
  router.get('/logga-in/:token', sidor.visaLank);
  router.post('/logga-in/:token', sidor.anvandLank);
  router.post('/logga-ut', vakt.inloggad, vakt.csrf, (req, res) => sessioner.loggaUt(req, res));
  return router;
}
