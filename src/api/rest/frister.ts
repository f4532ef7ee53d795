/**
 * The statutory deadlines of one protocol (src/domain/frister.ts: KL 5:69, 8:12, 13:5 with lag 1930:173): public,
 * pure, no session. Declared like every other endpoint so the OpenAPI document has it; the app serves it also when
 * it runs without the web app (src/api/app.ts).
 */
import { beraknaFrister, fristerInputSchema } from '../../domain/frister';
import { z } from '../../domain/validering';
import type { WebbDeps } from '../webbDeps';
import { endpoint, type Endpoint } from './endpoint';

const dag = z.string().meta({ description: 'ÅÅÅÅ-MM-DD' });

export const fristerSchema = z
  .object({
    sammantrade: dag,
    justering: dag.nullable().meta({ description: 'Justeringsdagen, om den är känd.' }),
    anslag: dag.nullable().meta({ description: 'Anslagsdagen, om den är känd.' }),
    justeringSenast: dag.meta({ description: 'Sista dag för justering (KL 5 kap. 69 §).' }),
    anslagSenast: dag.meta({ description: 'Sista dag för anslaget (KL 8 kap. 12 §).' }),
    overklagandeSenast: dag.meta({
      description: 'Sista dag att överklaga (KL 13 kap. 5 §), flyttad enligt lag (1930:173).',
    }),
    anslagNedtidigast: dag.meta({ description: 'Första dag anslaget får tas ned.' }),
    lagaKraft: dag.meta({ description: 'Dagen beslutet vinner laga kraft om ingen överklagar.' }),
    avvikelser: z.array(z.enum(['JUSTERING_FORSENAD', 'ANSLAG_FORSENAT'])),
    planerad: z
      .array(z.enum(['justering', 'anslag']))
      .meta({ description: 'Händelser som inte har skett: kedjan räknas från deras senaste lagliga dag.' }),
  })
  .meta({ id: 'Frister' });

export const fristerEndpoint: Endpoint = endpoint({
  metod: 'get',
  sokvag: '/api/frister',
  tagg: 'Frister',
  sammanfattning: 'Lagens frister för ett protokoll (öppen, utan inloggning)',
  beskrivning:
    'Justering, anslag, överklagande och laga kraft räknade från sammanträdet; de dagar som inte har skett planeras till sin senaste lagliga dag.',
  publik: true,
  query: fristerInputSchema,
  svar: { status: 200, beskrivning: 'Fristerna.', schema: fristerSchema },
  fel: [],
  async hantera(k) {
    return beraknaFrister(k.query);
  },
});

/** The deps of an app without the web app: the frister endpoint reads none, and any read is a fault. */
export const INGA_BEROENDEN = new Proxy({} as WebbDeps, {
  get(_target, namn) {
    throw new Error(`the app runs without the web app: ${String(namn)} is not available`);
  },
});
