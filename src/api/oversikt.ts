/**
 * The kanslichef's overview (`/oversikt`): every open task of the kommun — the late ones first, filterable by
 * organ, kind of task and person — each a click from its page (where the kanslichef can reassign it or move its
 * due date), and the year's reports stage by stage from the running årshjul. Tasks come from the register's read
 * model; the year from the årshjul workflow's query.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import express from 'express';
import type { Register } from '../db/register';
import { dateInStockholm, yearOf } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import { UPPGIFT_TYPER } from '../domain/uppgift';
import { arshjulQuery, arshjulWorkflowId, oversiktAv } from '../workflows/arshjul';
import type { createInloggning, Session } from './inloggning';
import { e, sida, stycken } from './sida';
import { namnI } from './uppgifter';

export interface OversiktDeps {
  client: Client;
  register: Pick<Register, 'listaUppgifter'>;
  kommuner: Map<string, KommunConfig>;
}

/** The task kinds and the report steps as the kansli says them. */
const UPPGIFT_NAMN: Record<(typeof UPPGIFT_TYPER)[number], string> = {
  utkast: 'Utkast',
  godkannande: 'Godkännande',
  registrering: 'Registrering',
  beredning: 'Beredning',
  beslut: 'Beslut',
  overlamning: 'Överlämning till fullmäktige',
  protokoll: 'Protokoll',
  justering: 'Justering',
  kvittens: 'Kvittens av protokollsutdrag',
};

const STEG_STATUS: Record<string, string> = {
  KLAR: 'klar',
  PAGAR: 'pågår',
  FORSENAD: 'försenad',
  PLANERAD: 'planerad',
  RETURNERAD: 'returnerad',
};

export function oversiktRouter(
  deps: OversiktDeps,
  inloggning: ReturnType<typeof createInloggning>,
): express.Router {
  const router = express.Router();
  const namn = namnI(deps.kommuner);

  router.get('/oversikt', inloggning.kravInloggning, async (req, res) => {
    const s = res.locals.session as Session;
    const config = deps.kommuner.get(s.kommun)!;
    const kanslichef = config.personer.some(
      (p) => p.id === s.person && p.roller.some((r) => r.roll === 'kanslichef'),
    );
    if (!kanslichef) {
      return sida(res, 403, 'Översikten är kanslichefens', stycken(['Du har inte rollen kanslichef.']), {
        inloggad: s,
      });
    }
    const filter = {
      organ: typeof req.query.organ === 'string' && req.query.organ ? req.query.organ : undefined,
      typ: typeof req.query.typ === 'string' && req.query.typ ? req.query.typ : undefined,
      person: typeof req.query.person === 'string' && req.query.person ? req.query.person : undefined,
    };
    const uppgifter = (
      await deps.register.listaUppgifter({
        kommun: s.kommun,
        status: ['OPPEN'],
        ...(filter.person ? { person: filter.person } : {}),
      })
    )
      .filter((u) => (!filter.organ || u.organ === filter.organ) && (!filter.typ || u.typ === filter.typ))
      .sort((a, b) => Number(b.forsenad) - Number(a.forsenad) || a.forfaller.localeCompare(b.forfaller));
    const val = (name: string, label: string, options: [string, string][], selected?: string) =>
      `<label for="${name}">${e(label)}</label><select id="${name}" name="${name}"><option value="">Alla</option>${options
        .map(([v, t]) => `<option value="${e(v)}"${v === selected ? ' selected' : ''}>${e(t)}</option>`)
        .join('')}</select>`;
    const filterForm = `<form method="get" action="/oversikt">
${val(
  'organ',
  'Organ',
  config.organ.map((o) => [o.kortnamn, o.namn]),
  filter.organ,
)}
${val(
  'typ',
  'Slag av uppgift',
  UPPGIFT_TYPER.map((t) => [t, t]),
  filter.typ,
)}
${val(
  'person',
  'Person',
  config.personer.map((p) => [p.id, p.namn]),
  filter.person,
)}
<p><button type="submit">Visa</button></p></form>`;
    const rader = uppgifter
      .map(
        (u) =>
          `<tr><td><a href="/uppgifter/${encodeURIComponent(u.id)}">${e(u.titel)}</a></td><td>${e(u.organ ?? '')}</td><td>${e(namn(s.kommun, u.tilldelad))}</td><td class="datum${u.forsenad ? ' forsenad' : ''}">${e(u.forfaller)}${u.forsenad ? ' (försenad)' : ''}</td></tr>`,
      )
      .join('\n');
    const idag = dateInStockholm(Date.now());
    const ar = Number(
      typeof req.query.ar === 'string' && /^\d{4}$/.test(req.query.ar) ? req.query.ar : yearOf(idag),
    );
    let aret: string;
    try {
      const data = await deps.client.workflow.getHandle(arshjulWorkflowId(s.kommun, ar)).query(arshjulQuery);
      const oversikt = oversiktAv(data, idag);
      aret = oversikt.rapporter
        .filter((r) => !filter.organ || r.organ === filter.organ)
        .map(
          (r) =>
            `<h3>${e(r.titel)}${r.diarienummer ? ` (${e(r.diarienummer)})` : ''}</h3><table><thead><tr><th scope="col">Steg</th><th scope="col">Senast</th><th scope="col">Ansvarig</th><th scope="col">Status</th></tr></thead><tbody>${r.steg
              .map(
                (st) =>
                  `<tr><td>${e(UPPGIFT_NAMN[st.steg as keyof typeof UPPGIFT_NAMN] ?? st.steg)}</td><td class="datum">${e(st.forfaller)}</td><td>${e(namn(s.kommun, st.ansvarig))}</td><td${st.status === 'FORSENAD' ? ' class="forsenad"' : ''}>${e(STEG_STATUS[st.status] ?? st.status)}</td></tr>`,
              )
              .join('')}</tbody></table>`,
        )
        .join('\n');
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      aret = stycken([
        `Årshjulet ${ar} är inte startat (npm run --silent arshjul -- ar start --kommun ${s.kommun} --ar ${ar}).`,
      ]);
    }
    sida(
      res,
      200,
      `Översikt: ${config.kommun.namn}`,
      `<h2>Öppna uppgifter (${uppgifter.length})</h2>
${filterForm}
${uppgifter.length === 0 ? stycken(['Inga öppna uppgifter med de valen.']) : `<table><thead><tr><th scope="col">Uppgift</th><th scope="col">Organ</th><th scope="col">Ansvarig</th><th scope="col">Senast</th></tr></thead><tbody>${rader}</tbody></table>`}
<h2>Årshjulet ${ar}</h2>
${aret}`,
      { inloggad: s },
    );
  });
  return router;
}
