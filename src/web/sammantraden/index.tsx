/**
 * Sammanträden, the sekreterare's area: the year's meetings (./Lista.tsx), and per meeting the page
 * (./Motessida.tsx) with the föredragningslista, the meeting's facts (./Motesfakta.tsx), the protocol § by §
 * (./Paragraf.tsx), sending it for justering, the anslag, the expediering, and the documents (./dokument.tsx).
 *
 * Every command is the meeting workflow's Update as the signed-in person (src/workflows/sammantrade.ts), so its
 * validator has the last word; a refusal comes back on the form, naming the field and the rule. Only the organ's
 * sekreterare and the kanslichef may use these pages (./atkomst.ts).
 */
import express from 'express';
import { sessionAv, type Vakt } from '../inloggning/vakt';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { dokument } from './dokument';
import { startaMotet, visaLista } from './Lista';
import { protokollforMotesfakta, visaMotesfakta } from './Motesfakta';
import { visaMotetFor } from './Lasvy';
import { anmalNedtagning, laggTillArende, skickaTillJustering } from './Motessida';
import type { SammantradeSidorDeps } from './motet';
import { protokollforParagraf, visaParagraf } from './Paragraf';

export type { SammantradeSidorDeps } from './motet';

export function sammantradeSidor(deps: SammantradeSidorDeps, vakt: Vakt): express.Router {
  const router = express.Router();
  const { inloggad, csrf } = vakt;
  router.get('/sammantraden', inloggad, (req, res) => visaLista(deps, req, res));
  router.post('/sammantraden/starta', inloggad, csrf, (req, res) => startaMotet(deps, req, res));
  // The sekreterare's page; read-only for the ordförande and justerare (and everyone once justerat).
  router.get('/sammantraden/:organ/:datum', inloggad, (req, res) => visaMotetFor(deps, req, res));
  router.post('/sammantraden/:organ/:datum/arende', inloggad, csrf, (req, res) =>
    laggTillArende(deps, req, res),
  );
  router.post('/sammantraden/:organ/:datum/justering', inloggad, csrf, (req, res) =>
    skickaTillJustering(deps, req, res),
  );
  router.post('/sammantraden/:organ/:datum/anslag/nedtaget', inloggad, csrf, (req, res) =>
    anmalNedtagning(deps, req, res),
  );
  router.get('/sammantraden/:organ/:datum/motet', inloggad, (req, res) => visaMotesfakta(deps, req, res));
  router.post('/sammantraden/:organ/:datum/motet', inloggad, csrf, (req, res) =>
    protokollforMotesfakta(deps, req, res),
  );
  router.get('/sammantraden/:organ/:datum/paragraf/:nummer', inloggad, (req, res) =>
    visaParagraf(deps, req, res),
  );
  router.post('/sammantraden/:organ/:datum/paragraf/:nummer', inloggad, csrf, (req, res) =>
    protokollforParagraf(deps, req, res),
  );
  router.get('/sammantraden/:organ/:datum/:dokument', inloggad, async (req, res, next) => {
    const match = /^protokoll\.(\w+)$/.exec(String(req.params.dokument));
    if (!match) return next();
    await dokument(deps, req, res, match[1]!);
  });
  router.get('/sammantraden/:organ/:datum/protokollsutdrag/:fil', inloggad, async (req, res) => {
    const match = /^(\d+)\.(\w+)$/.exec(String(req.params.fil));
    if (match) return dokument(deps, req, res, match[2]!, Number(match[1]));
    skickaMeddelande(res, 404, { titel: 'Dokumentet finns inte', texter: [], inloggad: sessionAv(res) });
  });
  return router;
}
