/**
 * A command from the task page (or from the kanslichef's list on Årshjulet, which asks to come back there): the
 * task's Update as the signed-in person. Done: back to the page with "Klart". Refused: the page again, the
 * refusal above the form that sent it, naming the field and the rule, with what was typed — or, for a form on
 * another page, the refusal and the way back there.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Request, Response } from 'express';
import { sakerDestination } from '../../api/session';
import { formularUppdatering, skickaUppdatering } from '../../api/uppdatering';
import { parseParagrafSpann } from '../../domain/numrering';
import { dateInStockholm, tryParseIsoDate } from '../../domain/datum';
import { nyForfallodagFel } from '../../domain/forfallodag';
import { kommandoFelEfterSlut, type Kommando, type UppgiftState } from '../../domain/uppgift';
import type { Fel } from '../../domain/validering';
import {
  andraForfallodagUpdate,
  godkannUpdate,
  paminnUpdate,
  returneraUpdate,
  slutforUpdate,
  tilldelaOmUpdate,
  uppgiftQuery,
} from '../../workflows/uppgift';
import { lasFalt, varde, varden, type Falt } from '../formular/falt';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Sida } from '../komponenter/Sida';
import { sessionAv } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import { uppfoljningsgrind } from '../../uppfoljning/rapportens';
import { lasUppgift, uppgiftenFinnsInte, visaUppgift, type UppgiftsidorDeps } from './uppgiften';
import { UPPGIFTSETIKETTER } from './Uppgiftssida';

type Forslag =
  { typ: Kommando['typ']; skicka: (handle: WorkflowHandle) => Promise<unknown> } | { fel: Fel[] };

/** The form's fields as the command `kommando` of `aktor`, or why they are not one. */
function forslagAv(
  kommando: string,
  f: Falt,
  aktor: string,
  state: UppgiftState,
  nu: number,
  /** The form's nonce as the Update id (src/api/uppdatering.ts `formularUppdatering`). */
  id: { updateId?: string },
): Forslag | undefined {
  const kommentar = varde(f, 'kommentar') ? { kommentar: varde(f, 'kommentar') } : {};
  switch (kommando) {
    case 'slutfor':
      return {
        typ: 'slutfor',
        skicka: (h) => h.executeUpdate(slutforUpdate, { ...id, args: [{ aktor, ...kommentar }] }),
      };
    case 'godkann': {
      // The versions the page showed the approver: the approval binds exactly these (src/domain/arendedokument.ts).
      const dokument = varden(f, 'dokument').flatMap((v) => {
        const [id, sha256] = v.split(':');
        return id && sha256 ? [{ id, sha256 }] : [];
      });
      const args = { aktor, ...kommentar, ...(dokument.length > 0 ? { dokument } : {}) };
      return { typ: 'godkann', skicka: (h) => h.executeUpdate(godkannUpdate, { ...id, args: [args] }) };
    }
    case 'returnera': {
      const text = varde(f, 'paragrafer');
      const paragrafer = text ? parseParagrafSpann(text) : undefined;
      if (text && !paragrafer) {
        return {
          fel: [
            {
              field: 'paragrafer',
              rule: 'paragrafnummer',
              message: 'skriv paragrafernas nummer, t.ex. 336, 337',
            },
          ],
        };
      }
      const args = { aktor, kommentar: varde(f, 'kommentar'), ...(paragrafer ? { paragrafer } : {}) };
      return { typ: 'returnera', skicka: (h) => h.executeUpdate(returneraUpdate, { ...id, args: [args] }) };
    }
    case 'tilldela':
      return {
        typ: 'tilldelaOm',
        skicka: (h) =>
          h.executeUpdate(tilldelaOmUpdate, { ...id, args: [{ aktor, till: varde(f, 'till') }] }),
      };
    case 'flytta': {
      // Not a day that has passed, an open day, not before the task's year (src/domain/forfallodag.ts); a text
      // that is no date at all is the workflow's to refuse.
      const ny = tryParseIsoDate(varde(f, 'forfaller'));
      const fel = ny ? nyForfallodagFel(ny, dateInStockholm(nu), state.spec.forfaller) : [];
      if (fel.length > 0) return { fel };
      return {
        typ: 'andraForfallodag',
        skicka: (h) =>
          h.executeUpdate(andraForfallodagUpdate, {
            ...id,
            args: [{ aktor, forfaller: varde(f, 'forfaller') }],
          }),
      };
    }
    case 'paminn':
      return {
        typ: 'paminn',
        skicka: (h) => h.executeUpdate(paminnUpdate, { ...id, args: [{ aktor, ...kommentar }] }),
      };
    default:
      return undefined;
  }
}

export const uppgiftskommando = (deps: UppgiftsidorDeps) => async (req: Request, res: Response) => {
  const s = sessionAv(res);
  const id = String(req.params.id);
  const kommando = String(req.params.kommando);
  const state = await lasUppgift(deps, id, res);
  if (!state) return;
  const { falt, fel: tecken } = lasFalt(req);
  // A form on another page (the kanslichef's årshjul) may ask to come back there: a path on this site only.
  const aterTill = varde(falt, 'tillbaka') ? sakerDestination(varde(falt, 'tillbaka')) : undefined;
  const forslag = forslagAv(kommando, falt, s.person, state, Date.now(), formularUppdatering(req, s.person));
  if (!forslag) {
    return skickaSida(
      res,
      404,
      <Sida titel="Okänd åtgärd" inloggad={s}>
        <p>
          <a href={aterTill ?? `/uppgifter/${encodeURIComponent(id)}`}>Tillbaka</a>
        </p>
      </Sida>,
    );
  }
  const handle = deps.client.workflow.getHandle(`uppgift/${id}`);
  let fel: Fel[] = [...tecken, ...('fel' in forslag ? forslag.fel : [])];
  // The chef's Godkänn waits for a complete follow-up (issue 17): the refusal lists what is missing.
  if (fel.length === 0 && kommando === 'godkann' && state.spec.typ === 'godkannande') {
    fel = await uppfoljningsgrind(deps.register, deps.kommuner, state.spec.process.id);
  }
  if (fel.length === 0 && 'typ' in forslag) {
    // A second submit or an old tab may reach a task that has ended meanwhile: say why, from its last state.
    const svar = await skickaUppdatering(
      handle,
      () => forslag.skicka(handle),
      async () =>
        kommandoFelEfterSlut(await handle.query(uppgiftQuery), {
          typ: forslag.typ,
          aktor: s.person,
        } as Kommando),
    );
    if (!svar.ok) {
      if (svar.avvisning.slag === 'SAKNAS') return uppgiftenFinnsInte(res, s, id);
      fel = svar.avvisning.fel;
    }
  }
  if (fel.length === 0) {
    return res.redirect(
      303,
      aterTill ? medKlart(aterTill, kommando) : `/uppgifter/${encodeURIComponent(id)}?klart=1`,
    );
  }
  if (!aterTill) {
    const nu = await handle.query(uppgiftQuery);
    return visaUppgift(deps, res, id, nu, { refuserat: { kommando, falt, fel } });
  }
  skickaSida(
    res,
    409,
    <Sida titel="Det gick inte" inloggad={s}>
      <Felsammanfattning fel={fel} etiketter={UPPGIFTSETIKETTER} rubrik={state.spec.titel} />
      <p>
        <a href={aterTill}>Tillbaka</a>
      </p>
    </Sida>,
  );
};

/** `path` with `klart=<kommando>` in its query, so the page it leads back to can say what was done. */
function medKlart(path: string, kommando: string): string {
  const url = new URL(path, 'http://localhost');
  url.searchParams.set('klart', kommando);
  return `${url.pathname}${url.search}${url.hash}`;
}
