/**
 * `/kvittens/<token>`: a recipient acknowledges a protokollsutdrag from the link in its mail. The signed token
 * (src/security/kvittenslank.ts) names the receipt task and the person; GET shows what is acknowledged and a
 * button, POST completes the task as that person — the task's Update validator has the last word. Pages in
 * Swedish; a refused link says why, never how the token is made.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import express, { type Response } from 'express';
import { escapeHtml } from '../domain/meddelanden';
import type { UppgiftState } from '../domain/uppgift';
import { formatFel } from '../domain/validering';
import { verifieraKvittens, type Kvittens, type KvittensFel } from '../security/kvittenslank';
import { validationFelOf } from '../temporal/client';
import { slutforUpdate, uppgiftQuery } from '../workflows/uppgift';

export interface KvittensDeps {
  hemlighet: string;
  client: Client;
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
    try {
      // One update id per receipt: a double click, or a resent form, is applied once.
      await handle.executeUpdate(slutforUpdate, {
        args: [{ aktor: kvittens.person }],
        updateId: `kvittens:${kvittens.uppgiftId}:${kvittens.person}`,
      });
      return page(res, 200, 'Tack! Mottagandet är bekräftat', ['Du kan stänga sidan.']);
    } catch (error) {
      const fel = validationFelOf(error);
      if (fel) return page(res, 409, 'Mottagandet kunde inte bekräftas', fel.map(formatFel));
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

function page(res: Response, status: number, rubrik: string, stycken: string[], knapp = false): void {
  const e = escapeHtml;
  res.status(status).type('html').set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer')
    .send(`<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(rubrik)} – Årshjul</title>
<style>
body{font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;color:#1a1a1a;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.5rem}
button{font-size:1rem;padding:.75rem 1.5rem;background:#1d4f91;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus{outline:3px solid #f2a900;outline-offset:2px}
</style>
</head>
<body>
<main>
<p>Årshjul</p>
<h1>${e(rubrik)}</h1>
${stycken.map((s) => `<p>${e(s)}</p>`).join('\n')}
${knapp ? '<form method="post"><button type="submit">Bekräfta mottagandet</button></form>' : ''}
</main>
</body>
</html>`);
}
