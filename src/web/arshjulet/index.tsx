/**
 * Årshjulet, the kanslichef's area: the page (./Arshjulet.tsx) and its two commands, starting and stopping the
 * year (src/temporal/starta.ts). The page is for those who may start the year — it starts it and shows everyone's
 * tasks; the old overview (`/oversikt`) leads here with its filters.
 */
import express, { type Request, type Response } from 'express';
import { startFel } from '../../domain/arshjul';
import { parseStartval, startvalAttAnvanda } from '../../domain/arshjulStart';
import { arSchema, dateInStockholm } from '../../domain/datum';
import { felFromZod, z, type Fel } from '../../domain/validering';
import type { Session } from '../../api/session';
import { startaArshjul, stoppaArshjul } from '../../temporal/starta';
import { lasFalt } from '../formular/falt';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Sida } from '../komponenter/Sida';
import type { Vakt } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import { visaArshjulet } from './Arshjulet';
import { behorig, type ArshjulSidaDeps } from './kanslichef';

export type { ArshjulSidaDeps } from './kanslichef';

const startaSchema = z.object({
  ar: arSchema,
  handling: z.enum(['starta', 'forhandsvisa']).default('starta'),
});
const stoppaSchema = z.object({
  ar: arSchema,
  bekrafta: z.literal('ja', 'kryssa i att du vill stoppa årshjulet'),
});

export function arshjulRouter(deps: ArshjulSidaDeps, vakt: Vakt): express.Router {
  const router = express.Router();
  router.get('/oversikt', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    res.redirect(303, `/arshjul${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  router.get('/arshjul', vakt.inloggad, async (req, res) => {
    const vem = behorig(deps, res);
    if (vem) await visaArshjulet(deps, req, res, vem);
  });
  router.post('/arshjul/starta', vakt.inloggad, vakt.csrf, (req, res) => starta(deps, req, res));
  router.post('/arshjul/stoppa', vakt.inloggad, vakt.csrf, (req, res) => stoppa(deps, req, res));
  return router;
}

/** A command on the year refused where there is no form to show it on: why, and the way back. */
function vagrad(res: Response, s: Session, status: number, titel: string, fel: Fel[], ar?: number) {
  skickaSida(
    res,
    status,
    <Sida titel={titel} inloggad={s}>
      <Felsammanfattning fel={fel} rubrik={titel} />
      <p>
        <a href={ar ? `/arshjul?ar=${ar}` : '/arshjul'}>Tillbaka till årshjulet</a>
      </p>
    </Sida>,
  );
}

async function starta(deps: ArshjulSidaDeps, req: Request, res: Response) {
  const vem = behorig(deps, res);
  if (!vem) return;
  const { s, config } = vem;
  const { falt } = lasFalt(req);
  const body = startaSchema.safeParse(falt);
  const fel = body.success ? startFel(config, body.data.ar) : felFromZod(body.error);
  if (!body.success || fel.length > 0) {
    return vagrad(res, s, body.success ? 409 : 400, 'Årshjulet kunde inte startas', fel, body.data?.ar);
  }
  const ar = body.data.ar;
  // The choices per report of a year started mid-year (the form shows them with what they lead to).
  const poster = Object.entries(falt).flatMap(([namn, v]) =>
    namn.startsWith('val.') && typeof v === 'string' ? [`${namn.slice(4)}=${v}`] : [],
  );
  const valen = parseStartval(poster);
  const idag = dateInStockholm(Date.now());
  const beslut =
    'fel' in valen
      ? { fel: [valen.fel] }
      : startvalAttAnvanda(config, ar, idag, poster.length > 0 ? { val: valen.val } : {});
  if ('fel' in beslut || body.data.handling === 'forhandsvisa') {
    const val = 'fel' in valen ? {} : valen.val;
    return visaArshjulet(deps, req, res, vem, { ar, start: { val, fel: 'fel' in beslut ? beslut.fel : [] } });
  }
  const { startat } = await startaArshjul(deps.client, config, ar, deps.taskQueue, beslut.startval, {
    register: deps.register,
    aktor: s.person,
  });
  res.redirect(303, `/arshjul?ar=${ar}&startat=${startat ? '1' : 'redan'}`);
}

async function stoppa(deps: ArshjulSidaDeps, req: Request, res: Response) {
  const vem = behorig(deps, res, 'ar.stoppa');
  if (!vem) return;
  const { falt, fel: tecken } = lasFalt(req);
  const body = stoppaSchema.safeParse(falt);
  if (!body.success || tecken.length > 0) {
    const ar = arSchema.safeParse(falt.ar);
    const fel = [...tecken, ...(body.success ? [] : felFromZod(body.error))];
    if (!ar.success) return vagrad(res, vem.s, 400, 'Årshjulet stoppades inte', fel);
    return visaArshjulet(deps, req, res, vem, { ar: ar.data, stopp: fel });
  }
  const { utfall } = await stoppaArshjul(deps.client, vem.config, body.data.ar, {
    register: deps.register,
    aktor: vem.s.person,
  });
  res.redirect(303, `/arshjul?ar=${body.data.ar}&stoppat=${utfall === 'STOPPAT' ? '1' : 'inte'}`);
}
