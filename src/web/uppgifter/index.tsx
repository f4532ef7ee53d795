/**
 * Mina uppgifter: the person's open tasks (./MinaUppgifter.tsx), the task page (./Uppgiftssida.tsx, read by
 * ./uppgiften.tsx) and its commands (./kommandon.tsx). A task is shown to whoever may read it (assignee, delegate,
 * kanslichef); each command is the task's Update as that person, so the workflow's validator has the last word.
 */
import express from 'express';
import multer from 'multer';
import { lasInArk, sparaUppfoljning, visaUppfoljning } from './Uppfoljning';
import type { Vakt } from '../inloggning/vakt';
import { uppgiftskommando } from './kommandon';
import { minaUppgifter } from './MinaUppgifter';
import { lasUppgift, visaUppgift, type UppgiftsidorDeps } from './uppgiften';

export type { UppgiftsidorDeps } from './uppgiften';

export function uppgiftsidor(deps: UppgiftsidorDeps, vakt: Vakt): express.Router {
  const router = express.Router();
  router.get('/uppgifter', vakt.inloggad, minaUppgifter(deps));
  router.get('/uppgifter/:id', vakt.inloggad, async (req, res) => {
    const id = String(req.params.id);
    const state = await lasUppgift(deps, id, res);
    if (state) {
      await visaUppgift(deps, res, id, state, {
        klart: req.query.klart === '1',
        uppladdat: req.query.uppladdat === '1',
        vald: typeof req.query.visa === 'string' ? req.query.visa : undefined,
      });
    }
  });
  // The report's follow-up (issue 17), before the commands: `uppfoljning` is no command.
  router.get('/uppgifter/:id/uppfoljning', vakt.inloggad, visaUppfoljning(deps));
  router.post('/uppgifter/:id/uppfoljning', vakt.inloggad, vakt.csrf, sparaUppfoljning(deps));
  const arket = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 },
  });
  router.post(
    '/uppgifter/:id/uppfoljning/ark',
    vakt.inloggad,
    (req, res, next) => arket.single('fil')(req, res, () => next()),
    vakt.csrf,
    lasInArk(deps),
  );
  router.post('/uppgifter/:id/:kommando', vakt.inloggad, vakt.csrf, uppgiftskommando(deps));
  return router;
}
