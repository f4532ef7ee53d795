/**
 * The pages: server-rendered Preact components (TSX), in Swedish, one folder per user area —
 *   inloggning/     sign-in by mail link or the kommun's IdP (everyone)
 *   uppgifter/      Mina uppgifter and the task page (everyone)
 *   arenden/        the ärende's page and its documents: versions, approvals, uploads (those of the ärende)
 *   arshjulet/      Årshjulet (the kanslichef)
 *   sammantraden/   Sammanträden: the meeting, its protocol and documents (the sekreterare)
 *   kalender/       the calendar feeds (everyone; the feeds need no sign-in)
 *   anslagstavlan/  the kommun's anslagstavla (the public)
 *   kvittens/       a recipient's receipt of a protokollsutdrag (by the link in its mail)
 * and what they share: komponenter/ (the frame, forms with their error summary, tables, dates, statuses),
 * formular/ (reading a posted form; refusals in the kansli's words), the stylesheet (stil/), the kansli's words
 * (ord.ts) and the 404 and 500 pages (felsidor/). Each area's index registers its routes; a route reads and
 * calls the domain, a component renders.
 */
import express from 'express';
import type { Sessioner } from '../api/session';
import type { WebbDeps } from '../api/webbDeps';
import { arendeRouter } from './arenden';
import { arshjulRouter } from './arshjulet';
import { inloggningRouter } from './inloggning';
import type { Vakt } from './inloggning/vakt';
import { kalenderRouter } from './kalender';
import { sammantradeSidor } from './sammantraden';
import { uppfoljningRouter } from './uppfoljning';
import { uppgiftsidor } from './uppgifter';

export { anslagstavlaRouter, type AnslagstavlaDeps } from './anslagstavlan';
export { kvittensRouter, type KvittensDeps } from './kvittens';
export { felsidor } from './felsidor';
export { stilRouter } from './stil';
export { createVakt } from './inloggning/vakt';

/** The pages behind sign-in, and signing in. */
export function webbsidor(deps: WebbDeps, sessioner: Sessioner, vakt: Vakt): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(inloggningRouter(deps, sessioner, vakt));
  router.use(uppgiftsidor(deps, vakt));
  router.use(uppfoljningRouter(deps, vakt));
  router.use(arendeRouter(deps, vakt));
  router.use(arshjulRouter(deps, vakt));
  router.use(kalenderRouter(deps, vakt));
  router.use(sammantradeSidor(deps, vakt));
  router.get('/', (_req, res) => res.redirect(303, '/uppgifter'));
  return router;
}
