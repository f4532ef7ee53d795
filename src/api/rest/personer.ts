/**
 * The kommun's people as far as their access goes: "logga ut överallt" ends every session a person has, in every
 * browser and on every web instance at once (a lost laptop, a person leaving). The kanslichef or the
 * administrator may; it is audited.
 */
import { kommunen, kravBehorighet } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import { personParams, sessionerAterkalladeSchema } from './schemas';
import { saknas } from './svar';

const TAGG = 'Personer';

export const personEndpoints: Endpoint[] = [
  endpoint({
    metod: 'post',
    sokvag: '/api/kommuner/{kommun}/personer/{person}/logga-ut-overallt',
    tagg: TAGG,
    sammanfattning: 'Logga ut personen överallt',
    beskrivning:
      'Avslutar alla personens inloggningar, i alla webbläsare, på en gång. Kanslichef eller administratör.',
    params: personParams,
    svar: { status: 200, beskrivning: 'Inloggningarna är avslutade.', schema: sessionerAterkalladeSchema },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const config = kommunen(k.deps, k.params.kommun);
      kravBehorighet(config, s, 'person.loggaUtOveralt');
      if (!config.personer.some((p) => p.id === k.params.person)) {
        throw saknas('person', `${config.kommun.namn} har ingen person "${k.params.person}"`);
      }
      const tid = new Date(k.deps.nu?.() ?? Date.now());
      const aterkallade = await k.deps.register.aterkallaPersonensSessioner({
        kommun: config.kommun.id,
        person: k.params.person,
        tid,
      });
      await k.deps.register.audit({
        nyckel: `sessioner:${config.kommun.id}:${k.params.person}:${tid.toISOString()}:${s.person}`,
        tid,
        aktor: s.person,
        handling: 'UTLOGGAD_OVERALLT',
        objekt: `person:${config.kommun.id}/${k.params.person}`,
        detaljer: { aterkallade },
      });
      return { person: k.params.person, aterkallade };
    },
  }),
];
