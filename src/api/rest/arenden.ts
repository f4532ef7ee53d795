/** Ärenden: the kommun's diarium, read from the register; open to everyone signed in there. */
import type { ArendeRad } from '../../db/register';
import type { z } from '../../domain/validering';
import { kommunen, kravBehorighet } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import { arendeListaSchema, arendenQuery, arendeParams, arendeSchema } from './schemas';
import { saknas } from './svar';

const TAGG = 'Ärenden';

function arendeSvar(a: ArendeRad): z.input<typeof arendeSchema> {
  return {
    id: a.arendeId,
    diarienummer: a.diarienummer,
    diarium: a.diarium,
    ar: a.ar,
    rubrik: a.rubrik,
    organ: a.organ,
    registreradAv: a.registreradAv,
    registrerad: a.registreradTid.toISOString(),
    ...(a.avslutat ? { avslutat: a.avslutat.tid.toISOString() } : {}),
  };
}

export const arendeEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/arenden',
    tagg: TAGG,
    sammanfattning: 'Kommunens ärenden',
    beskrivning: 'Den inloggades kommun; filtrera på år, organ eller diarium.',
    query: arendenQuery,
    svar: { status: 200, beskrivning: 'Ärendena.', schema: arendeListaSchema },
    fel: [403],
    async hantera(k) {
      const s = inloggad(k);
      kravBehorighet(kommunen(k.deps, s.kommun), s, 'arende.lasa');
      const arenden = await k.deps.register.listaArenden({ kommun: s.kommun, ...k.query });
      return { arenden: arenden.map(arendeSvar) };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/arenden/{id}',
    tagg: TAGG,
    sammanfattning: 'Ett ärende',
    params: arendeParams,
    svar: { status: 200, beskrivning: 'Ärendet.', schema: arendeSchema },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const arende = await k.deps.register.hamtaArende(k.params.id);
      if (!arende) throw saknas('id', `inget ärende med id ${k.params.id}`);
      kravBehorighet(kommunen(k.deps, arende.kommun), s, 'arende.lasa');
      return arendeSvar(arende);
    },
  }),
];
