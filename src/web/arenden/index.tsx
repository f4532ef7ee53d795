/**
 * Ärenden: the ärende's page (./Arendesida.tsx) and an upload of a new version from it or from a task page
 * (multipart/form-data: the file is read before the form's CSRF token can be, then checked like every form).
 * Who may read and upload is the policy's (src/domain/behorighet.ts); the archive stores (src/arkiv/).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { createArkiv, Uppladdningsfel } from '../../arkiv';
import type { WebbDeps } from '../../api/webbDeps';
import { DOKUMENT_ROLLER, type DokumentRoll } from '../../domain/arendedokument';
import { personNamn } from '../../domain/kommun';
import type { Fel } from '../../domain/validering';
import { lasFalt, varde, type Falt } from '../formular/falt';
import { sessionAv, type Vakt } from '../inloggning/vakt';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { skickaSida } from '../svar';
import { lasUppgift, visaUppgift } from '../uppgifter/uppgiften';
import { Arendesida } from './Arendesida';
import { lasHandlingar } from './handlingar';
import { arendeSida } from './Handlingar';

export function arendeRouter(deps: WebbDeps, vakt: Vakt): express.Router {
  const router = express.Router();
  router.get('/rapporter/:id', vakt.inloggad, (req, res) =>
    visaArendet(deps, req, res, String(req.params.id), {}),
  );
  router.post('/rapporter/:id/dokument', vakt.inloggad, lasFilen(deps), vakt.csrf, (req, res) =>
    laddaUpp(deps, req, res),
  );
  return router;
}

async function visaArendet(
  deps: WebbDeps,
  req: Request,
  res: Response,
  id: string,
  extra: { fel?: readonly Fel[]; falt?: Falt },
) {
  const s = sessionAv(res);
  const h = await lasHandlingar(deps, s, id);
  if (!h || h === 'nekad') {
    return skickaMeddelande(res, h ? 403 : 404, {
      titel: h ? 'Inte ditt ärende' : 'Ärendet finns inte',
      texter: [
        h
          ? 'Ärendets handlingar är inte diarieförda ännu: bara de som arbetar med ärendet kan läsa dem.'
          : `Ingen rapport med id ${id}.`,
      ],
      inloggad: s,
    });
  }
  const handelser = await deps.register.auditLogg({ objekt: `arende:${id}` });
  skickaSida(
    res,
    extra.fel?.length ? 400 : 200,
    <Arendesida
      h={h}
      handelser={handelser}
      inloggad={s}
      namn={(p) => personNamn(h.arendet.config, p)}
      vald={typeof req.query.visa === 'string' ? req.query.visa : undefined}
      uppladdat={req.query.uppladdat === '1'}
      {...extra}
    />,
  );
}

/**
 * The posted file into memory, at most as large as the signed-in person's kommun accepts; over it, the form
 * comes back with the rule (after the CSRF check, which needs the rest of the form).
 */
function lasFilen(deps: WebbDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const config = deps.kommuner.get(sessionAv(res).kommun)!;
    const maxMb = config.dokument.maxStorlekMb;
    multer({
      storage: multer.memoryStorage(),
      // The name as sent, path and all: a name with a path is refused by its rule, not silently cut.
      preservePath: true,
      limits: { fileSize: maxMb * 1024 * 1024, files: 1, fields: 10, fieldSize: 16 * 1024, parts: 12 },
    }).single('uppladdning.fil')(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        res.locals.filfel = [
          { field: 'uppladdning.fil', rule: 'fil_storlek', message: `filen är större än ${maxMb} MB` },
        ];
        // The form's other fields may have come after the file: the CSRF check needs them.
        return next();
      }
      if (error) {
        return skickaMeddelande(res, 400, {
          titel: 'Filen kunde inte tas emot',
          texter: ['Skicka en fil i taget, från formuläret på sidan.'],
          inloggad: sessionAv(res),
        });
      }
      next();
    });
  };
}

async function laddaUpp(deps: WebbDeps, req: Request, res: Response) {
  const s = sessionAv(res);
  const id = String(req.params.id);
  const { falt, fel: tecken } = lasFalt(req);
  const uppgiftId = varde(falt, 'uppgift') || undefined;
  const roll = varde(falt, 'uppladdning.roll');
  const kommentar = varde(falt, 'uppladdning.kommentar');
  const fel: Fel[] = [...((res.locals.filfel as Fel[] | undefined) ?? []), ...tecken];
  if (!DOKUMENT_ROLLER.includes(roll as DokumentRoll)) {
    fel.push({
      field: 'uppladdning.roll',
      rule: 'roll',
      message: 'välj tjänsteskrivelse, rapport eller bilaga',
    });
  }
  if (kommentar.length > 4000) {
    fel.push({ field: 'uppladdning.kommentar', rule: 'too_big', message: 'högst 4000 tecken' });
  }
  const arkiv = createArkiv(deps);
  const h = await lasHandlingar(deps, s, id);
  if (!h || h === 'nekad' || !h.farLaddaUpp) {
    return skickaMeddelande(res, h ? 403 : 404, {
      titel: h ? 'Du kan inte ladda upp här' : 'Ärendet finns inte',
      texter: [
        h === undefined
          ? `Ingen rapport med id ${id}.`
          : h !== 'nekad' && h.arendet.beslutat
            ? 'Ärendet är beslutat: handlingarna är de som beslutet fattades på.'
            : 'Bara de som arbetar med ärendet, organets handläggare, chef och sekreterare och kanslichefen kan ladda upp.',
      ],
      inloggad: s,
    });
  }
  if (!req.file && fel.every((f) => f.field !== 'uppladdning.fil')) {
    fel.push({ field: 'uppladdning.fil', rule: 'obligatorisk', message: 'välj en fil' });
  }
  if (fel.length === 0 && req.file) {
    try {
      await arkiv.laddaUpp(h.arendet, {
        rapportId: id,
        roll: roll as DokumentRoll,
        filnamn: Buffer.from(req.file.originalname, 'latin1').toString('utf8'),
        bytes: new Uint8Array(req.file.buffer),
        av: s.person,
        ...(kommentar ? { kommentar } : {}),
        ...(uppgiftId ? { uppgiftId } : {}),
      });
    } catch (error) {
      if (!(error instanceof Uppladdningsfel)) throw error;
      // The archive names the file `fil`: on this form it is `uppladdning.fil`.
      fel.push(...error.fel.map((f) => ({ ...f, field: `uppladdning.${f.field}` })));
    }
  }
  const uppladdningFel = { fel, falt: { 'uppladdning.roll': roll, 'uppladdning.kommentar': kommentar } };
  if (uppgiftId) {
    // Back to the task page it came from: "Klart", or the refusal on its upload form.
    if (fel.length === 0)
      return res.redirect(303, `/uppgifter/${encodeURIComponent(uppgiftId)}?uppladdat=1#handlingar-rubrik`);
    const state = await lasUppgift(deps, uppgiftId, res);
    if (state) await visaUppgift(deps, res, uppgiftId, state, { uppladdning: uppladdningFel });
    return;
  }
  if (fel.length === 0) return res.redirect(303, `${arendeSida(id)}?uppladdat=1`);
  await visaArendet(deps, req, res, id, uppladdningFel);
}
