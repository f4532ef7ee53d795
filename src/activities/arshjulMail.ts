/**
 * The årshjul's own mail: the kanslichef's warning when the year's plan breaks a rule (src/domain/planmeddelanden.ts),
 * once per year and kanslichef (the mail log's key).
 */
import { dateInStockholm } from '../domain/datum';
import { kanslichefer, personNamn } from '../domain/kommun';
import { planvarningsmeddelande, startsammandrag, underlagSentMeddelande } from '../domain/planmeddelanden';
import type { ArshjulMailActivities } from '../workflows/activities';
import { kommunOf } from './kommun';
import { createSender, type MailDeps } from './mail';

export function createArshjulMailActivities(deps: MailDeps): ArshjulMailActivities {
  const skicka = createSender(deps);
  return {
    async skickaPlanvarning(input) {
      const config = kommunOf(deps.kommuner, input.kommun);
      for (const person of kanslichefer(config)) {
        await skicka({
          nyckel: `${input.nyckel}#${person.id}`,
          kommun: config.kommun.id,
          slag: 'PLANVARNING',
          person,
          meddelande: planvarningsmeddelande({
            kommunNamn: config.kommun.namn,
            mottagare: person.namn,
            ar: input.ar,
            varningar: input.varningar,
            planKommando: `npm run --silent arshjul -- ar plan --kommun ${config.kommun.id} --ar ${input.ar} --text`,
          }),
          attachments: () => [],
        });
      }
    },
    async skickaStartsammandrag(input) {
      const config = kommunOf(deps.kommuner, input.kommun);
      const baseUrl = deps.baseUrl.replace(/\/+$/, '');
      const idag = dateInStockholm(Date.now());
      const rad = (f: (typeof input.forsenade)[number]) => ({
        rapportTitel: f.rapportTitel,
        steg: f.steg.split(':')[0]!,
        ansvarig: personNamn(config, f.tilldelad),
        forfaller: f.forfaller,
      });
      const chefer = kanslichefer(config);
      const mottagare = [
        ...new Set([...input.forsenade.map((f) => f.tilldelad), ...chefer.map((p) => p.id)]),
      ];
      for (const id of mottagare) {
        const person = config.personer.find((p) => p.id === id);
        if (!person) continue;
        const kanslichef = chefer.some((c) => c.id === id);
        const uppgifter = input.forsenade.filter((f) => kanslichef || f.tilldelad === id).map(rad);
        await skicka({
          nyckel: `${input.nyckel}#${id}`,
          kommun: config.kommun.id,
          slag: 'STARTSAMMANDRAG',
          person,
          meddelande: startsammandrag({
            kommunNamn: config.kommun.namn,
            mottagare: person.namn,
            ar: input.ar,
            idag,
            uppgifter,
            kanslichef,
            lank: kanslichef ? `${baseUrl}/arshjul` : `${baseUrl}/uppgifter`,
          }),
          attachments: () => [],
        });
      }
    },
    async skickaUnderlagSent(input) {
      const config = kommunOf(deps.kommuner, input.kommun);
      const baseUrl = deps.baseUrl.replace(/\/+$/, '');
      const organNamn = (k: string) => config.organ.find((o) => o.kortnamn === k)?.namn ?? k;
      for (const person of kanslichefer(config)) {
        await skicka({
          nyckel: `${input.nyckel}#${person.id}`,
          kommun: config.kommun.id,
          slag: 'UNDERLAG_SENT',
          person,
          meddelande: underlagSentMeddelande({
            kommunNamn: config.kommun.namn,
            mottagare: person.namn,
            rapport: input.rapport,
            sena: input.sena.map((s) => ({ organNamn: organNamn(s.organ), titel: s.titel, klart: s.klart })),
            lank: `${baseUrl}/arshjul`,
          }),
          attachments: () => [],
        });
      }
    },
  };
}
