/**
 * "Mina uppgifter" and the task page — where the link in every task mail leads. A signed-in person sees the tasks
 * assigned or delegated to them, and a task they may act on (assignee, delegate, kanslichef) with its history and
 * its actions: complete, or approve / return with a comment (a justerare also names the §§). Each action is the
 * task's Update as that person, so the workflow's validator has the last word; the page shows its reason.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import express, { type Response } from 'express';
import type { Register } from '../db/register';
import { personNamn, uppgiftspersoner, type KommunConfig } from '../domain/kommun';
import { behorighet } from '../domain/behorighet';
import { dateInStockholm } from '../domain/datum';
import { parseParagrafSpann } from '../domain/numrering';
import { langtDatum } from '../domain/svenskTid';
import {
  GODKANNANDE_TYPER,
  kommandoFelEfterSlut,
  type Handelse,
  type Kommando,
  type UppgiftState,
} from '../domain/uppgift';
import {
  andraForfallodagUpdate,
  godkannUpdate,
  paminnUpdate,
  returneraUpdate,
  slutforUpdate,
  tilldelaOmUpdate,
  uppgiftQuery,
} from '../workflows/uppgift';
import { sakerDestination, type createInloggning, type Session } from './inloggning';
import { csrfFalt, e, felLista, sida, stycken } from './sida';
import { skickaUppdatering } from './uppdatering';

export interface UppgiftsidorDeps {
  client: Client;
  register: Pick<Register, 'listaUppgifter'>;
  kommuner: Map<string, KommunConfig>;
}

/** Person id → name in the kommun's config (an id no longer there stays an id). */
export const namnI = (kommuner: Map<string, KommunConfig>) => (kommun: string, person: string) =>
  personNamn(kommuner.get(kommun) ?? { personer: [] }, person);

const HANDELSE_TEXT: Record<Handelse['typ'], string> = {
  SKAPAD: 'Skapad',
  SLUTFORD: 'Slutförd',
  GODKAND: 'Godkänd',
  RETURNERAD: 'Returnerad',
  DELEGERAD: 'Delegerad',
  OMTILLDELAD: 'Tilldelad på nytt',
  FORFALLODAG_ANDRAD: 'Ny förfallodag',
  PAMINNELSE: 'Påminnelse skickad',
  ESKALERING: 'Försenad: eskalerad',
  AVBRUTEN: 'Avbruten',
};

const STATUS_TEXT: Record<UppgiftState['status'], string> = {
  OPPEN: 'Öppen',
  KLAR: 'Slutförd',
  GODKAND: 'Godkänd',
  RETURNERAD: 'Returnerad',
  AVBRUTEN: 'Avbruten',
};

export function uppgiftsidor(deps: UppgiftsidorDeps, inloggning: ReturnType<typeof createInloggning>) {
  const router = express.Router();
  const tid = (ms: number) =>
    new Date(ms).toLocaleString('sv-SE', {
      timeZone: 'Europe/Stockholm',
      dateStyle: 'short',
      timeStyle: 'short',
    });

  router.get('/uppgifter', inloggning.kravInloggning, async (_req, res) => {
    const s = res.locals.session as Session;
    const uppgifter = await deps.register.listaUppgifter({
      kommun: s.kommun,
      person: s.person,
      status: ['OPPEN'],
    });
    uppgifter.sort(
      (a, b) => Number(b.forsenad) - Number(a.forsenad) || a.forfaller.localeCompare(b.forfaller),
    );
    const rader = uppgifter
      .map(
        (u) =>
          `<tr><td><a href="/uppgifter/${encodeURIComponent(u.id)}">${e(u.titel)}</a></td><td${u.forsenad ? ' class="forsenad"' : ''}>${e(u.forfaller)}${u.forsenad ? ' (försenad)' : ''}</td></tr>`,
      )
      .join('\n');
    sida(
      res,
      200,
      'Mina uppgifter',
      uppgifter.length === 0
        ? stycken(['Du har inga öppna uppgifter.'])
        : `<table><caption class="visually-hidden">Öppna uppgifter, de försenade först</caption><thead><tr><th scope="col">Uppgift</th><th scope="col">Senast</th></tr></thead><tbody>${rader}</tbody></table>`,
      { inloggad: s },
    );
  });

  /** The task as its workflow has it now, if this person may see it. */
  const uppgift = async (id: string, s: Session, res: Response): Promise<UppgiftState | undefined> => {
    let state: UppgiftState;
    try {
      state = await deps.client.workflow.getHandle(`uppgift/${id}`).query(uppgiftQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      sida(res, 404, 'Uppgiften finns inte', stycken([`Ingen uppgift med id ${id}.`]), { inloggad: s });
      return undefined;
    }
    const config = deps.kommuner.get(state.spec.kommun);
    const mayAct =
      state.spec.kommun === s.kommun &&
      config !== undefined &&
      behorighet(config, s.person, 'uppgift.lasa', { uppgift: state }).length === 0;
    if (!mayAct) {
      sida(res, 403, 'Inte din uppgift', stycken(['Uppgiften är tilldelad någon annan.']), { inloggad: s });
      return undefined;
    }
    return state;
  };

  router.get('/uppgifter/:id', inloggning.kravInloggning, async (req, res) => {
    const s = res.locals.session as Session;
    const uppgiftId = String(req.params.id);
    const state = await uppgift(uppgiftId, s, res);
    if (!state) return;
    const namn = (p: string) => namnI(deps.kommuner)(state.spec.kommun, p);
    const id = encodeURIComponent(uppgiftId);
    const csrf = csrfFalt(s.csrf);
    const kommentar = (kravs: boolean) =>
      `<label for="kommentar">Kommentar${kravs ? '' : ' (frivillig)'}</label><textarea id="kommentar" name="kommentar" rows="3"${kravs ? ' required' : ''}></textarea>`;
    const godkannande = GODKANNANDE_TYPER.includes(state.spec.typ);
    const atgarder =
      state.status !== 'OPPEN'
        ? `<p class="klart">${e(STATUS_TEXT[state.status])}.</p>`
        : godkannande
          ? `<form method="post" action="/uppgifter/${id}/godkann">${csrf}<p><button type="submit">Godkänn</button></p></form>
<form method="post" action="/uppgifter/${id}/returnera">${csrf}${kommentar(true)}${
              state.spec.typ === 'justering'
                ? '<label for="paragrafer">Paragrafer som behöver rättas (t.ex. 336, 337)</label><input id="paragrafer" name="paragrafer" inputmode="numeric">'
                : ''
            }<p><button class="sekundar" type="submit">Returnera</button></p></form>`
          : `<form method="post" action="/uppgifter/${id}/slutfor">${csrf}${kommentar(false)}<p><button type="submit">Slutför</button></p></form>`;
    // The kanslichef may also give the task to someone else, or move its due date.
    const config = deps.kommuner.get(state.spec.kommun)!;
    const kanslichef =
      state.status === 'OPPEN' && behorighet(config, s.person, 'uppgift.tilldelaOm').length === 0;
    const personer = uppgiftspersoner(config.personer).filter((p) => p.id !== state.tilldelad);
    const kanslichefensAtgarder = kanslichef
      ? `<h2>Kanslichefen</h2>
<form method="post" action="/uppgifter/${id}/tilldela">${csrf}<label for="till">Tilldela om till</label><select id="till" name="till">${personer
          .map((p) => `<option value="${e(p.id)}">${e(p.namn)}</option>`)
          .join('')}</select><p><button class="sekundar" type="submit">Tilldela om</button></p></form>
<form method="post" action="/uppgifter/${id}/flytta">${csrf}<label for="forfaller">Ny förfallodag</label><input id="forfaller" name="forfaller" type="date" value="${e(state.forfaller)}" required><p><button class="sekundar" type="submit">Flytta förfallodagen</button></p></form>
<form method="post" action="/uppgifter/${id}/paminn">${csrf}<p><button class="sekundar" type="submit">Skicka påminnelse nu</button></p></form>`
      : '';
    const historik = state.historik
      .map(
        (h) =>
          `<li>${e(tid(h.tid))}: ${e(HANDELSE_TEXT[h.typ])}${h.aktor ? ` av ${e(namn(h.aktor))}` : ''}${h.kommentar ? ` – ”${e(h.kommentar)}”` : ''}</li>`,
      )
      .join('\n');
    const forsenad = state.status === 'OPPEN' && state.forfaller < dateInStockholm(Date.now());
    sida(
      res,
      200,
      state.spec.titel,
      `${req.query.klart === '1' ? '<p class="klart" role="status">Klart. Uppgiften är uppdaterad.</p>' : ''}
<table><tbody>
<tr><th scope="row">Process</th><td>${e(state.spec.process.titel)}</td></tr>
<tr><th scope="row">Senast</th><td${forsenad ? ' class="forsenad"' : ''}>${e(langtDatum(state.forfaller))}${forsenad ? ' (försenad)' : ''}</td></tr>
<tr><th scope="row">Ansvarig</th><td>${e(namn(state.tilldelad))}${state.delegater.length ? ` (delegerad till ${e(state.delegater.map(namn).join(', '))})` : ''}</td></tr>
<tr><th scope="row">Status</th><td>${e(STATUS_TEXT[state.status])}</td></tr>
</tbody></table>
${state.spec.beskrivning ? stycken(state.spec.beskrivning.split(/\n+/)) : ''}
<h2>Åtgärd</h2>
${atgarder}
${kanslichefensAtgarder}
<h2>Historik</h2>
<ul>${historik}</ul>`,
      { inloggad: s },
    );
  });

  router.post(
    '/uppgifter/:id/:kommando',
    inloggning.kravInloggning,
    inloggning.kravCsrf,
    async (req, res) => {
      const s = res.locals.session as Session;
      const id = String(req.params.id);
      const kommando = String(req.params.kommando);
      const state = await uppgift(id, s, res);
      if (!state) return;
      const body = req.body as {
        kommentar?: string;
        paragrafer?: string;
        till?: string;
        forfaller?: string;
        tillbaka?: string;
      };
      const kommentar = body.kommentar?.trim() ? { kommentar: body.kommentar.trim() } : {};
      const handle = deps.client.workflow.getHandle(`uppgift/${id}`);
      // A form on another page (the kanslichef's årshjul) may ask to come back there: a path on this site only.
      const aterTill = body.tillbaka ? sakerDestination(body.tillbaka) : undefined;
      const tillbaka = aterTill
        ? `<p><a href="${e(aterTill)}">Tillbaka</a></p>`
        : `<p><a href="/uppgifter/${encodeURIComponent(id)}">Tillbaka till uppgiften</a></p>`;
      let skicka: (() => Promise<unknown>) | undefined;
      let typ: Kommando['typ'] | undefined;
      if (kommando === 'slutfor') {
        typ = 'slutfor';
        skicka = () => handle.executeUpdate(slutforUpdate, { args: [{ aktor: s.person, ...kommentar }] });
      } else if (kommando === 'godkann') {
        typ = 'godkann';
        skicka = () => handle.executeUpdate(godkannUpdate, { args: [{ aktor: s.person, ...kommentar }] });
      } else if (kommando === 'returnera') {
        const paragrafer = body.paragrafer?.trim() ? parseParagrafSpann(body.paragrafer) : undefined;
        if (body.paragrafer?.trim() && !paragrafer) {
          return sida(
            res,
            400,
            'Kunde inte returneras',
            `<p class="fel" role="alert">paragrafer: skriv t.ex. 336, 337</p>${tillbaka}`,
            { inloggad: s },
          );
        }
        typ = 'returnera';
        skicka = () =>
          handle.executeUpdate(returneraUpdate, {
            args: [
              {
                aktor: s.person,
                kommentar: kommentar.kommentar ?? '',
                ...(paragrafer ? { paragrafer } : {}),
              },
            ],
          });
      } else if (kommando === 'tilldela') {
        typ = 'tilldelaOm';
        skicka = () =>
          handle.executeUpdate(tilldelaOmUpdate, {
            args: [{ aktor: s.person, till: String(body.till ?? '') }],
          });
      } else if (kommando === 'flytta') {
        typ = 'andraForfallodag';
        skicka = () =>
          handle.executeUpdate(andraForfallodagUpdate, {
            args: [{ aktor: s.person, forfaller: String(body.forfaller ?? '') }],
          });
      } else if (kommando === 'paminn') {
        typ = 'paminn';
        skicka = () => handle.executeUpdate(paminnUpdate, { args: [{ aktor: s.person, ...kommentar }] });
      }
      if (!skicka || !typ) return sida(res, 404, 'Okänd åtgärd', tillbaka, { inloggad: s });
      const kommandoTyp = typ;
      // A second submit or an old tab may reach a task that has ended meanwhile: say why, from its last state.
      const svar = await skickaUppdatering(handle, skicka, async () =>
        kommandoFelEfterSlut(await handle.query(uppgiftQuery), {
          typ: kommandoTyp,
          aktor: s.person,
        } as Kommando),
      );
      if (!svar.ok) {
        const { avvisning } = svar;
        if (avvisning.slag === 'SAKNAS') {
          return sida(res, 404, 'Uppgiften finns inte', stycken([`Ingen uppgift med id ${id}.`]), {
            inloggad: s,
          });
        }
        return sida(res, 409, 'Det gick inte', `${felLista(avvisning.fel)}${tillbaka}`, { inloggad: s });
      }
      res.redirect(
        303,
        aterTill ? medKlart(aterTill, kommando) : `/uppgifter/${encodeURIComponent(id)}?klart=1`,
      );
    },
  );
  return router;
}

/** `path` with `klart=<kommando>` in its query, so the page it leads back to can say what was done. */
function medKlart(path: string, kommando: string): string {
  const url = new URL(path, 'http://localhost');
  url.searchParams.set('klart', kommando);
  return `${url.pathname}${url.search}${url.hash}`;
}
