/**
 * `/kvittens/<token>`: a recipient acknowledges a protokollsutdrag from the link in its mail. The signed token
 * (src/security/kvittenslank.ts) names the receipt task and the person; GET shows what is acknowledged and a
 * button, POST completes the task as that person — the task's Update validator has the last word. A meeting that
 * ended with the receipt outstanding handed it to the register (its task was closed with the meeting): the link
 * then writes the receipt there. Pages in Swedish; a refused link says why, never how the token is made.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Register } from '../../db/register';
import express, { type Response } from 'express';
import type { UppgiftState } from '../../domain/uppgift';
import { kansliMeddelande } from '../formular/fel';
import { verifieraKvittens, type Kvittens, type KvittensFel } from '../../security/kvittenslank';
import { validationFelOf } from '../../temporal/client';
import { slutforUpdate, uppgiftQuery } from '../../workflows/uppgift';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import type { Hemlighet } from '../../security/nycklar';

export interface KvittensDeps {
  hemlighet: Hemlighet;
  client: Client;
  /** Where a receipt goes once its meeting has ended (the receipts it handed over). */
  register: Pick<Register, 'overlamnadKvittens' | 'kvitteraOverlamnad'>;
  nu?: () => number;
}

const FEL_TEXT: Record<KvittensFel, string> = {
  FORMAT: 'Länken är ofullständig. Kopiera hela adressen ur e-postmeddelandet.',
  SIGNATUR: 'Länken är inte giltig. Använd länken i e-postmeddelandet som den är.',
  UTGANGEN: 'Länken har gått ut. Kontakta kansliet, så får du en ny.',
};

export function kvittensRouter(deps: KvittensDeps): express.Router {
  const router = express.Router();
  const nu = deps.nu ?? Date.now;
  const verify = (token: string, res: Response): Kvittens | undefined => {
    const result = verifieraKvittens(token, deps.hemlighet, nu());
    if (result.ok) return result.kvittens;
    page(res, 400, 'Länken kan inte användas', [FEL_TEXT[result.fel]]);
    return undefined;
  };
  const task = (k: Kvittens) => deps.client.workflow.getHandle(`uppgift/${k.uppgiftId}`);

  router.get('/kvittens/:token', async (req, res) => {
    const kvittens = verify(req.params.token, res);
    if (!kvittens) return;
    // A receipt its meeting handed to the register when it ended: its task closed with the meeting (its history
    // may be gone), so the register answers.
    const iRegistret = await deps.register.overlamnadKvittens(kvittens.uppgiftId, kvittens.person);
    if (iRegistret) {
      return iRegistret.kvitterad
        ? page(res, 200, 'Mottagandet är redan bekräftat', [])
        : page(
            res,
            200,
            'Bekräfta mottagandet',
            [`Protokollsutdrag § ${iRegistret.paragraf}. Bekräfta att du har tagit emot beslutet.`],
            true,
          );
    }
    const state = await stateOf(task(kvittens));
    if (!state) return page(res, 404, 'Uppgiften finns inte', ['Kontakta kansliet.']);
    if (state.status !== 'OPPEN') {
      return page(res, 200, 'Mottagandet är redan bekräftat', [state.spec.titel]);
    }
    page(
      res,
      200,
      'Bekräfta mottagandet',
      [
        state.spec.titel,
        `${state.spec.process.titel}. Bekräfta senast ${state.forfaller} att du har tagit emot beslutet.`,
      ],
      true,
    );
  });

  router.post('/kvittens/:token', async (req, res) => {
    const kvittens = verify(req.params.token, res);
    if (!kvittens) return;
    const handle = task(kvittens);
    const tack = () => page(res, 200, 'Tack! Mottagandet är bekräftat', ['Du kan stänga sidan.']);
    // Handed to the register by its meeting: recorded there (the first press stays).
    const kvittera = () =>
      deps.register.kvitteraOverlamnad({
        uppgiftId: kvittens.uppgiftId,
        mottagare: kvittens.person,
        tid: new Date(nu()),
      });
    if (await deps.register.overlamnadKvittens(kvittens.uppgiftId, kvittens.person)) {
      await kvittera();
      return tack();
    }
    try {
      // One update id per receipt: a double click, or a resent form, is applied once.
      await handle.executeUpdate(slutforUpdate, {
        args: [{ aktor: kvittens.person }],
        updateId: `kvittens:${kvittens.uppgiftId}:${kvittens.person}`,
      });
      // Acknowledged as the meeting was ending: the register's row (if handed over meanwhile) gets it too.
      await kvittera();
      return tack();
    } catch (error) {
      const fel = validationFelOf(error);
      if (fel)
        return page(
          res,
          409,
          'Mottagandet kunde inte bekräftas',
          fel.map((f) => kansliMeddelande(f)),
        );
      // The meeting ended meanwhile and handed the receipt to the register: it is recorded there.
      if (await kvittera()) return tack();
      const state = await stateOf(handle);
      if (!state) return page(res, 404, 'Uppgiften finns inte', ['Kontakta kansliet.']);
      if (state.status !== 'OPPEN')
        return page(res, 200, 'Mottagandet är redan bekräftat', [state.spec.titel]);
      throw error;
    }
  });
  return router;
}

async function stateOf(
  handle: ReturnType<Client['workflow']['getHandle']>,
): Promise<UppgiftState | undefined> {
  try {
    return await handle.query(uppgiftQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

function page(res: Response, status: number, rubrik: string, texter: string[], knapp = false): void {
  skickaMeddelande(res, status, {
    titel: rubrik,
    texter,
    children: knapp && (
      <form method="post">
        <button type="submit">Bekräfta mottagandet</button>
      </form>
    ),
  });
}
