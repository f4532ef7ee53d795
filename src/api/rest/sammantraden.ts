/**
 * Sammanträden: start one (its workflow, as the CLI does), see where it stands (the workflow's query: the
 * föredragningslista and the phase live there), and the sekreterare's commands — put an ärende on the
 * föredragningslista, record the meeting and its §§, correct a §, send the protocol for justering — each the
 * sammanträde workflow's Update as the signed-in person. Justering and anslag are not commands here: see the
 * descriptions of `/api/tasks/{id}/godkann` and `/anslag`.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { BehorighetKommando } from '../../domain/behorighet';
import type { IsoDate } from '../../domain/datum';
import { medGodkandaBilagor, sammantradeId } from '../../domain/sammantrade';
import type { z } from '../../domain/validering';
import { rapporterTillMotet } from '../../arkiv/bilagor';
import {
  laggTillArendeUpdate,
  protokollforMotetUpdate,
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  type sammantrade,
  sammantradeQuery,
  skickaForJusteringUpdate,
  anmalAnslagUpdate,
  kommandosvarAv,
  type Kommandoresultat,
  type SammantradeStatus,
} from '../../workflows/sammantrade';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { kommunen, kravBehorighet, organet, uppdatera } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import {
  anslagListaSchema,
  anslagNedtagetBody,
  arendeBody,
  justeringBody,
  motetBody,
  paragrafBody,
  paragrafNummerSchema,
  paragrafParams,
  rattaBody,
  sammantradeParams,
  sammantradeSchema,
  sammantradeStartatSchema,
  startaSammantradeBody,
} from './schemas';
import { konflikt, saknas } from './svar';
import { startaSammantrade } from '../../temporal/starta';

interface Motet {
  kommun: string;
  organ: string;
  datum: IsoDate;
}

const sokvag = (m: Motet) => `/api/sammantraden/${m.kommun}/${m.organ}/${m.datum}`;
const inteStartat = (m: Motet) => saknas('datum', `sammanträdet ${sammantradeId(m)} är inte startat`);

/** What the sekreterare needs to see: the phase, the agenda, the §§, the justering and the meeting's tasks. */
export function sammantradeSvar(s: SammantradeStatus): z.input<typeof sammantradeSchema> {
  const { state } = s;
  const { fakta } = state;
  return {
    id: sammantradeId(fakta),
    kommun: fakta.kommun,
    organ: fakta.organ,
    datum: fakta.datum,
    fas: state.fas,
    foredragningslista: state.arenden,
    paragrafer: state.paragrafer.map((p) => ({
      nummer: p.nummer,
      rubrik: p.rubrik,
      ...(p.omedelbartJusterad ? { omedelbartJusterad: true } : {}),
    })),
    ...(state.mote ? { justering: state.mote.justering } : {}),
    ...(state.justerad ? { justerad: state.justerad } : {}),
    ...(state.anslagUppsatt ? { anslagUppsatt: state.anslagUppsatt } : {}),
    uppgifter: Object.entries(s.uppgifter).map(([id, u]) => ({
      id,
      typ: u.typ,
      tilldelad: u.tilldelad,
      status: u.utfall?.status ?? 'OPPEN',
    })),
  };
}

/** The meeting's kommun and organ must exist, and the person may do `kommando` there. */
function behorigForMotet(deps: WebbDeps, session: Session, m: Motet, kommando: BehorighetKommando) {
  const config = kommunen(deps, m.kommun);
  organet(config, m.organ);
  kravBehorighet(config, session, kommando, { organ: m.organ });
  return config;
}

/** API check, then the sekreterare's Update as the signed-in person. */
/**
 * A command's answer and the meeting's status after it: commands answer a small receipt (`Kommandosvar`), so
 * the status the API returns is read with the query, which adds nothing to the meeting's history.
 */
async function ochStatus(
  handle: WorkflowHandle<typeof sammantrade>,
  kommando: Promise<Kommandoresultat>,
): Promise<{ svar: Kommandoresultat; status: SammantradeStatus }> {
  const svar = await kommando;
  return { svar, status: await handle.query(sammantradeQuery) };
}

async function kommandoPaMotet<R>(
  deps: WebbDeps,
  session: Session,
  m: Motet,
  kommando: BehorighetKommando,
  skicka: (handle: WorkflowHandle<typeof sammantrade>, aktor: string) => Promise<R>,
): Promise<R> {
  behorigForMotet(deps, session, m, kommando);
  const handle = deps.client.workflow.getHandle<typeof sammantrade>(sammantradeId(m));
  return uppdatera(handle, () => skicka(handle, session.person), {
    saknad: () => inteStartat(m),
    avslutad: async () => [
      {
        field: 'datum',
        rule: 'sammantradet_avslutat',
        message: `sammanträdet ${sammantradeId(m)} är avslutat`,
      },
    ],
  });
}

const TAGG = 'Sammanträden';
const FEL = [403, 404, 409] as const;
const STATUS = {
  status: 200,
  beskrivning: 'Sammanträdet efter kommandot.',
  schema: sammantradeSchema,
} as const;

export const sammantradeEndpoints: Endpoint[] = [
  endpoint({
    metod: 'post',
    sokvag: '/api/sammantraden',
    tagg: TAGG,
    sammanfattning: 'Starta ett sammanträdes process',
    beskrivning:
      'Organets sekreterare eller kanslichefen. Vanligen startar årshjulet sammanträdena i sammanträdesplanen självt.',
    body: startaSammantradeBody,
    svar: { status: 201, beskrivning: 'Startat.', schema: sammantradeStartatSchema },
    fel: FEL,
    async hantera(k) {
      const m = k.body;
      const s = inloggad(k);
      const config = behorigForMotet(k.deps, s, m, 'sammantrade.starta');
      const id = sammantradeId(m);
      const startat = await startaSammantrade(k.deps.client, config, m, k.deps.taskQueue, {
        register: k.deps.register,
        aktor: s.person,
      });
      if (!startat.startat) {
        throw konflikt([
          { field: 'datum', rule: 'redan_startat', message: `sammanträdet ${id} är redan startat` },
        ]);
      }
      return { id, lank: sokvag(m) };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}',
    tagg: TAGG,
    sammanfattning: 'Sammanträdet: fas, föredragningslista, paragrafer, justering och uppgifter',
    beskrivning: 'Ur sammanträdets process (föredragningslistan finns bara där). Alla i kommunen.',
    params: sammantradeParams,
    svar: { status: 200, beskrivning: 'Sammanträdet.', schema: sammantradeSchema },
    fel: [403, 404],
    async hantera(k) {
      behorigForMotet(k.deps, inloggad(k), k.params, 'sammantrade.lasa');
      try {
        return sammantradeSvar(
          await k.deps.client.workflow.getHandle(sammantradeId(k.params)).query(sammantradeQuery),
        );
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw inteStartat(k.params);
        throw error;
      }
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/arenden',
    tagg: TAGG,
    sammanfattning: 'Lägg till ett ärende på föredragningslistan',
    beskrivning: 'Medan föredragningslistan är öppen.',
    params: sammantradeParams,
    body: arendeBody,
    svar: STATUS,
    fel: FEL,
    async hantera(k) {
      const s = inloggad(k);
      // A registered report of this meeting goes on the list with the versions its chef approved.
      const rapporter = k.body.diarienummer ? await rapporterTillMotet(k.deps.register, k.params) : [];
      const { svar, status } = await kommandoPaMotet(
        k.deps,
        s,
        k.params,
        'sammantrade.laggTillArende',
        (h, aktor) =>
          ochStatus(
            h,
            h.executeUpdate(laggTillArendeUpdate, {
              ...k.idempotens,
              args: [{ aktor, arende: medGodkandaBilagor({ ...k.body, bilagor: [] }, rapporter) }],
            }),
          ),
      );
      // The föredragningslista is not stored until the protocol is: the API audits this command itself.
      const punkt = kommandosvarAv(svar).arenden;
      await k.deps.register.audit({
        nyckel: `api:${sammantradeId(k.params)}:arende:${punkt}`,
        tid: new Date(),
        aktor: s.person,
        handling: 'ARENDE_PA_FOREDRAGNINGSLISTAN',
        objekt: sammantradeId(k.params),
        detaljer: { punkt, rubrik: k.body.rubrik },
      });
      return sammantradeSvar(status);
    },
  }),
  endpoint({
    metod: 'put',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/motet',
    tagg: TAGG,
    sammanfattning: 'Protokollför sammanträdets fakta',
    beskrivning:
      'Tid, närvaro, ordförande, sekreterare, justerare och justeringens dag; kan rättas tills protokollet är justerat.',
    params: sammantradeParams,
    body: motetBody,
    svar: STATUS,
    fel: FEL,
    hantera: async (k) =>
      sammantradeSvar(
        await kommandoPaMotet(k.deps, inloggad(k), k.params, 'sammantrade.protokollforMotet', (h, aktor) =>
          ochStatus(
            h,
            h.executeUpdate(protokollforMotetUpdate, {
              ...k.idempotens,
              args: [{ aktor, ...k.body }],
            }),
          ).then((r) => r.status),
        ),
      ),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/paragrafer',
    tagg: TAGG,
    sammanfattning: 'Protokollför en paragraf',
    beskrivning:
      'Numret tas ur organets paragrafserie för året. Samma `nyckel` två gånger vägras, så ett upprepat anrop ger ingen dubblett.',
    params: sammantradeParams,
    body: paragrafBody,
    svar: { status: 201, beskrivning: 'Paragrafens nummer.', schema: paragrafNummerSchema },
    fel: FEL,
    hantera: (k) =>
      kommandoPaMotet(k.deps, inloggad(k), k.params, 'sammantrade.protokollforParagraf', (h, aktor) =>
        h.executeUpdate(protokollforParagrafUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        }),
      ),
  }),
  endpoint({
    metod: 'put',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/paragrafer/{nummer}',
    tagg: TAGG,
    sammanfattning: 'Rätta en paragraf',
    beskrivning:
      'Före justeringen, eller efter justerarnas invändningar. En omedelbart justerad paragraf ändras inte.',
    params: paragrafParams,
    body: rattaBody,
    svar: STATUS,
    fel: FEL,
    hantera: async (k) => {
      const { nummer, ...m } = k.params;
      return sammantradeSvar(
        await kommandoPaMotet(k.deps, inloggad(k), m, 'sammantrade.rattaParagraf', (h, aktor) =>
          ochStatus(
            h,
            h.executeUpdate(rattaParagrafUpdate, {
              ...k.idempotens,
              args: [{ aktor, nummer, ...k.body }],
            }),
          ).then((r) => r.status),
        ),
      );
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/justering',
    tagg: TAGG,
    sammanfattning: 'Skicka protokollet till justering',
    beskrivning:
      'Ordföranden och varje justerare får en `justering`-uppgift. Själva justeringen görs med `POST /api/tasks/{id}/godkann` (eller `returnera` med paragraferna vid invändning) på den uppgiften.',
    params: sammantradeParams,
    body: justeringBody,
    svar: STATUS,
    fel: FEL,
    hantera: async (k) =>
      sammantradeSvar(
        await kommandoPaMotet(k.deps, inloggad(k), k.params, 'sammantrade.skickaForJustering', (h, aktor) =>
          ochStatus(
            h,
            h.executeUpdate(skickaForJusteringUpdate, {
              ...k.idempotens,
              args: [{ aktor }],
            }),
          ).then((r) => r.status),
        ),
      ),
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/anslag',
    tagg: TAGG,
    sammanfattning: 'Anslagen om protokollets justering',
    beskrivning:
      'Anslaget sätts upp av sammanträdets process själv när protokollet är justerat (KL 8 kap. 12 §; dagen efter enligt kommunens konfiguration), och tas ned när överklagandetiden har gått ut (KL 13 kap. 5 §) — på en anslagstavla av papper anmäler sekreteraren den dag det togs ned (`POST …/anslag/nedtaget`). Här syns dess status. Ur registret.',
    params: sammantradeParams,
    svar: { status: 200, beskrivning: 'Anslagen, de äldsta först.', schema: anslagListaSchema },
    fel: [403, 404],
    async hantera(k) {
      behorigForMotet(k.deps, inloggad(k), k.params, 'sammantrade.lasa');
      const anslag = await k.deps.register.anslag(sammantradeId(k.params));
      return {
        anslag: anslag.map(({ nyckel: _n, sammantradeId: _s, ...a }) => a),
      };
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/anslag/nedtaget',
    tagg: TAGG,
    sammanfattning: 'Anmäl att anslaget på anslagstavlan av papper är nedtaget',
    beskrivning:
      'För en kommun vars anslagstavla är av papper (`anslagstavla.papper`): den dag anslaget togs ned. Nekas före dagen efter de tre veckorna för överklagande (KL 13 kap. 5 §), i framtiden, eller två gånger.',
    params: sammantradeParams,
    body: anslagNedtagetBody,
    svar: STATUS,
    fel: FEL,
    hantera: async (k) =>
      sammantradeSvar(
        await kommandoPaMotet(k.deps, inloggad(k), k.params, 'sammantrade.anmalAnslag', (h, aktor) =>
          ochStatus(
            h,
            h.executeUpdate(anmalAnslagUpdate, { args: [{ aktor, nedtagen: k.body.nedtagen }] }),
          ).then((r) => r.status),
        ),
      ),
  }),
];
