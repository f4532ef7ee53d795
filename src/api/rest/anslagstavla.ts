/**
 * The kommun's anslagstavla as JSON, public like its page (KL 8 kap. 9–13 §§): what is posted and not taken
 * down, with the last day to appeal and a link to the document. Read from the register alone.
 */
import { endpoint, type Endpoint } from './endpoint';
import { kommunen } from './atkomst';
import { anslagstavlaSchema, kommunParams } from './schemas';

export const anslagstavlaEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/anslagstavla/{kommun}',
    tagg: 'Anslagstavlan',
    sammanfattning: 'Kommunens anslagstavla (öppen, utan inloggning)',
    publik: true,
    params: kommunParams,
    svar: {
      status: 200,
      beskrivning: 'Det som är uppsatt nu, det nyaste först.',
      schema: anslagstavlaSchema,
    },
    fel: [404],
    async hantera(k) {
      const config = kommunen(k.deps, k.params.kommun);
      const anslag = await k.deps.register.anslagstavlan(config.kommun.id);
      return {
        kommun: config.kommun.id,
        anslag: anslag.map(({ nyckel: _n, sammantradeId: _s, ...a }) => ({
          ...a,
          ...(a.typ === 'KALLELSE'
            ? {}
            : {
                dokument: `/anslagstavla/${config.kommun.id}/${a.organ}/${a.datum}/${a.typ === 'OMEDELBAR' ? `utdrag-${a.paragrafer.join('-')}` : 'protokoll'}.pdf`,
              }),
        })),
      };
    },
  }),
];
