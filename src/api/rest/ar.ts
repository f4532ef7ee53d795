/**
 * Kommuner and their year: the signed-in person's kommun with its organs, the year's plan (from the running
 * årshjul, or as it would be planned today), and starting the year — the annualCycle workflow, as `arshjul ar
 * start` does.
 */
import { dateInStockholm } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import { startFel, stoppFel } from '../../domain/arshjul';
import { forhandsvisaStart, startvalAttAnvanda } from '../../domain/arshjulStart';
import type { z } from '../../domain/validering';
import { arshjulWorkflowId } from '../../workflows/arshjul';
import { lasAret, type Aret } from '../arshjulAret';
import { kommunen, kravBehorighet } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import { serialiseradGenom } from './jsonSvar';
import {
  arParams,
  arStartatSchema,
  arStartBody,
  forhandsvisningSchema,
  arStoppatSchema,
  arsplanSchema,
  kommunListaSchema,
  kommunParams,
  kommunSchema,
} from './schemas';
import { konflikt, ogiltig } from './svar';
import { startaArshjul, stoppaArshjul } from '../../temporal/starta';

const TAGG = 'Kommuner och år';

/** The year's plan as sent, per answer of `lasAret` (one kommun and year each). */
const arsplanen = serialiseradGenom<Aret>();

function kommunSvar(config: KommunConfig): z.input<typeof kommunSchema> {
  return {
    id: config.kommun.id,
    namn: config.kommun.namn,
    organ: config.organ.map((o) => ({ kortnamn: o.kortnamn, namn: o.namn, typ: o.typ })),
    ar: Object.keys(config.sammantradesplan).map(Number).sort(),
  };
}

export const arEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/kommuner',
    tagg: TAGG,
    sammanfattning: 'Den inloggades kommun',
    svar: {
      status: 200,
      beskrivning: 'Kommunen (en lista, för framtida personer i flera kommuner).',
      schema: kommunListaSchema,
    },
    fel: [],
    async hantera(k) {
      const s = inloggad(k);
      return { kommuner: [kommunSvar(kommunen(k.deps, s.kommun))] };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/kommuner/{kommun}',
    tagg: TAGG,
    sammanfattning: 'En kommun: organ och år med sammanträdesplan',
    params: kommunParams,
    svar: { status: 200, beskrivning: 'Kommunen.', schema: kommunSchema },
    fel: [403, 404],
    async hantera(k) {
      const config = kommunen(k.deps, k.params.kommun);
      kravBehorighet(config, inloggad(k), 'kommun.lasa');
      return kommunSvar(config);
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/kommuner/{kommun}/ar/{ar}',
    tagg: TAGG,
    sammanfattning: 'Årets plan: varje rapport och steg med datum, ansvarig och status',
    beskrivning: 'Ur det körande årshjulet; är året inte startat, planen som den blir om det startas i dag.',
    params: arParams,
    svar: { status: 200, beskrivning: 'Planen.', schema: arsplanSchema },
    fel: [403, 404],
    async hantera(k) {
      const config = kommunen(k.deps, k.params.kommun);
      kravBehorighet(config, inloggad(k), 'ar.lasa');
      const { ar } = k.params;
      // As the page reads it: the running årshjul, or the plan as made today when it is not started, was
      // stopped, or does not answer (just started, or no worker running).
      const aret = await lasAret(k.deps.client, config, ar, dateInStockholm(Date.now()), k.deps.register);
      // The same year unchanged (lasAret's cached answer): the same bytes, serialized once.
      return arsplanen(aret, () => ({
        workflowId: arshjulWorkflowId(config.kommun.id, ar),
        startat: aret.lage !== 'PLAN',
        ...(aret.lage === 'PLAN' && aret.stoppat ? { stoppat: aret.stoppat } : {}),
        svarar: aret.lage !== 'SVARAR_INTE',
        ...aret.oversikt,
      }));
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/kommuner/{kommun}/ar/{ar}/forhandsvisning',
    tagg: TAGG,
    sammanfattning: 'Vad som händer om året startas i dag',
    beskrivning:
      'Vilka rapporter och sammanträden som startar, vilka steg som redan har passerat med förslag per rapport (köra, redan gjort utanför Årshjul, lämna utanför), och hur många mejl som går ut i dag till vem.',
    params: arParams,
    svar: { status: 200, beskrivning: 'Förhandsvisningen, med förslagen.', schema: forhandsvisningSchema },
    fel: [403, 404],
    async hantera(k) {
      const config = kommunen(k.deps, k.params.kommun);
      kravBehorighet(config, inloggad(k), 'ar.starta');
      return forhandsvisaStart(config, k.params.ar, dateInStockholm(Date.now()));
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/kommuner/{kommun}/ar/{ar}/start',
    tagg: TAGG,
    sammanfattning: 'Starta årshjulet för året',
    beskrivning:
      'Kanslichefen eller administratören. Årshjulet startar rapporternas och sammanträdenas processer i tur och ordning.',
    params: arParams,
    body: arStartBody,
    svar: { status: 201, beskrivning: 'Startat.', schema: arStartatSchema },
    fel: [403, 404, 409],
    async hantera(k) {
      const config = kommunen(k.deps, k.params.kommun);
      const s = inloggad(k);
      kravBehorighet(config, s, 'ar.starta');
      const { ar } = k.params;
      const fel = startFel(config, ar);
      if (fel.length > 0) throw konflikt(fel);
      const beslut = startvalAttAnvanda(config, ar, dateInStockholm(Date.now()), k.body);
      if ('fel' in beslut) {
        throw beslut.fel.some((f) => f.rule === 'forhandsvisning')
          ? konflikt(beslut.fel)
          : ogiltig(beslut.fel);
      }
      const startat = await startaArshjul(k.deps.client, config, ar, k.deps.taskQueue, beslut.startval, {
        register: k.deps.register,
        aktor: s.person,
      });
      if (!startat.startat) {
        throw konflikt([
          {
            field: 'ar',
            rule: 'redan_startat',
            message: `årshjulet ${ar} för ${config.kommun.namn} är redan startat (ett år startas en gång, också om det har stoppats)`,
          },
        ]);
      }
      return { workflowId: startat.workflowId, kommun: config.kommun.id, ar };
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/kommuner/{kommun}/ar/{ar}/stopp',
    tagg: TAGG,
    sammanfattning: 'Stoppa årshjulet för året',
    beskrivning:
      'Kanslichefen eller administratören. Årets pågående rapporter avbryts, och deras öppna uppgifter registreras som avbrutna; sammanträdena fortsätter.',
    params: arParams,
    svar: { status: 200, beskrivning: 'Stoppat.', schema: arStoppatSchema },
    fel: [403, 404, 409],
    async hantera(k) {
      const config = kommunen(k.deps, k.params.kommun);
      const s = inloggad(k);
      kravBehorighet(config, s, 'ar.stoppa');
      const { ar } = k.params;
      const { workflowId, utfall } = await stoppaArshjul(k.deps.client, config, ar, {
        register: k.deps.register,
        aktor: s.person,
      });
      if (utfall !== 'STOPPAT') throw konflikt([stoppFel(config, ar, utfall)]);
      return { workflowId, kommun: config.kommun.id, ar, stoppat: true as const };
    },
  }),
];
