/**
 * The appeal period of a justerat protokoll (src/workflows/overklagandetid.ts): its status, and recording an
 * appeal — also one the kommun hears of after the period's workflow has closed or its laga-kraft day has come
 * (issue 15): it counts from the day it came in (KL 13 kap. 5 §), and one that came in too late is kept as such.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { isoDateSchema } from '../../domain/datum';
import { overklagandeIEfterhandInputSchema } from '../../domain/overklagande';
import { z } from '../../domain/validering';
import {
  anmalOverklagande,
  OverklagandeFel,
  overklagandetidId,
  overklagandetidStatus,
  type Protokollnyckel,
} from '../../temporal/overklagande';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { kommunen, kravBehorighet, organet } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import { fristerSchema } from './frister';
import { sammantradeParams } from './schemas';
import { ogiltig, saknas } from './svar';

const dag = z.string().meta({ description: 'ÅÅÅÅ-MM-DD' });

export const overklagandeBody = overklagandeIEfterhandInputSchema
  .omit({ registreradAv: true })
  .extend({
    inkom: isoDateSchema.meta({
      description: 'Dagen överklagandet kom in till förvaltningsrätten eller kommunen (KL 13 kap. 5 §).',
      example: '2023-11-09',
    }),
    kant: isoDateSchema.optional().meta({
      description: 'Dagen kommunen fick veta det, om senare än i dag utelämnas: i dag.',
      example: '2023-11-20',
    }),
  })
  .strict()
  .meta({ id: 'Overklagande' });

const overklagandeSvar = z.object({
  inkom: dag,
  paragrafer: z.array(z.int()),
  klagande: z.string().optional(),
  malnummer: z.string().optional(),
  registreradAv: z.string(),
  registrerad: dag,
  kant: dag.optional(),
  forSent: z.boolean().optional(),
});

export const overklagandetidSchema = z
  .object({
    kommun: z.string(),
    organ: z.string(),
    status: z.enum(['ANSLAGEN', 'OVERKLAGAD', 'DELVIS_OVERKLAGAD', 'LAGA_KRAFT']),
    frister: fristerSchema,
    paragrafer: z.array(
      z.object({ paragraf: z.int(), status: z.enum(['ANSLAGEN', 'OVERKLAGAD', 'LAGA_KRAFT']) }),
    ),
    overklaganden: z.array(overklagandeSvar),
    efterhand: z
      .array(overklagandeSvar)
      .optional()
      .meta({ description: 'Överklaganden som blev kända efter att överklagandetiden avslutats.' }),
    meddelanden: z.array(z.string()).optional(),
  })
  .meta({ id: 'Overklagandetid' });

const TAGG = 'Överklagandetid';
const sokvag = '/api/overklagandetid/{kommun}/{organ}/{datum}';

function behorig(deps: WebbDeps, s: Session, p: { kommun: string; organ: string }, lasa: boolean) {
  const config = kommunen(deps, p.kommun);
  organet(config, p.organ);
  kravBehorighet(config, s, lasa ? 'sammantrade.lasa' : 'sammantrade.anmalAnslag', { organ: p.organ });
}

async function medArbetsflodet<T>(deps: WebbDeps, p: Protokollnyckel, work: (id: string) => Promise<T>) {
  const id = await overklagandetidId(deps.client, p);
  try {
    return await work(id);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw saknas('datum', `ingen överklagandetid är startad för ${p.organ} ${p.sammantrade}`);
    }
    throw error;
  }
}

export const overklagandeEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag,
    tagg: TAGG,
    sammanfattning: 'Överklagandetiden för ett justerat protokoll',
    beskrivning:
      'Vilka beslut som är överklagade och vilka som har vunnit laga kraft, med överklaganden som blev kända i efterhand. Alla i kommunen.',
    params: sammantradeParams,
    svar: { status: 200, beskrivning: 'Överklagandetiden.', schema: overklagandetidSchema },
    fel: [403, 404],
    async hantera(k) {
      const p = { kommun: k.params.kommun, organ: k.params.organ, sammantrade: k.params.datum };
      behorig(k.deps, inloggad(k), p, true);
      return medArbetsflodet(k.deps, p, (id) => overklagandetidStatus(k.deps.client, k.deps.register, id, p));
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: `${sokvag}/overklaganden`,
    tagg: TAGG,
    sammanfattning: 'Anmäl ett överklagande, också ett som blev känt efter laga kraft',
    beskrivning:
      'Organets sekreterare eller kanslichefen. Under överklagandetiden registreras det i processen. Efter den (eller när processen har avslutats) registreras det i efterhand: kom det in inom tre veckor (KL 13 kap. 5 §) har beslutet inte vunnit laga kraft; kom det in senare registreras det som för sent inkommet och ändrar inget.',
    params: sammantradeParams,
    body: overklagandeBody,
    svar: { status: 200, beskrivning: 'Överklagandetiden efter anmälan.', schema: overklagandetidSchema },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const p = { kommun: k.params.kommun, organ: k.params.organ, sammantrade: k.params.datum };
      behorig(k.deps, s, p, false);
      return medArbetsflodet(k.deps, p, async (id) => {
        try {
          return await anmalOverklagande(k.deps.client, k.deps.register, id, p, {
            ...k.body,
            registreradAv: s.person,
          });
        } catch (error) {
          if (error instanceof OverklagandeFel) throw ogiltig(error.fel);
          throw error;
        }
      });
    },
  }),
];
