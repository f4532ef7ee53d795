/**
 * The årshjul's own mail: the kanslichef's warning when the year's plan breaks a rule (src/domain/planmeddelanden.ts),
 * once per year (the mail log's key). What every kanslichef gets alike goes as one message to them all
 * (src/activities/mail.ts, `skickaTill`); the start summary to an assignee lists their own tasks and is theirs.
 */
import { dateInStockholm } from '../domain/datum';
import { kanslichefer, personNamn } from '../domain/kommun';
import { planvarningsmeddelande, startsammandrag, underlagSentMeddelande } from '../domain/planmeddelanden';
import type { ArshjulMailActivities } from '../workflows/activities';
import { kommunOf } from './kommun';
import { createSenders, type MailDeps } from './mail';

export function createArshjulMailActivities(deps: MailDeps): ArshjulMailActivities {
  const { skicka, skickaTill } = createSenders(deps);
  return {
    async skickaPlanvarning(input) {
      const config = kommunOf(deps.kommuner, input.kommun);
      await skickaTill({
        nyckel: input.nyckel,
        kommun: config.kommun.id,
        slag: 'PLANVARNING',
        personer: kanslichefer(config),
        meddelande: (mottagare) =>
          planvarningsmeddelande({
            kommunNamn: config.kommun.namn,
            mottagare,
            ar: input.ar,
            varningar: input.varningar,
            planKommando: `npm run --silent arshjul -- ar plan --kommun ${config.kommun.id} --ar ${input.ar} --text`,
          }),
        attachments: () => [],
      });
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
      // Each assignee who is not a kanslichef: their own tasks, in their own message.
      const mottagare = [...new Set(input.forsenade.map((f) => f.tilldelad))];
      for (const id of mottagare) {
        const person = config.personer.find((p) => p.id === id);
        if (!person || chefer.some((c) => c.id === id)) continue;
        const uppgifter = input.forsenade.filter((f) => f.tilldelad === id).map(rad);
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
            kanslichef: false,
            lank: `${baseUrl}/uppgifter`,
          }),
          attachments: () => [],
        });
      }
      // The kanslichefer all get the whole list: one message to them.
      await skickaTill({
        nyckel: input.nyckel,
        kommun: config.kommun.id,
        slag: 'STARTSAMMANDRAG',
        personer: chefer,
        meddelande: (mottagare) =>
          startsammandrag({
            kommunNamn: config.kommun.namn,
            mottagare,
            ar: input.ar,
            idag,
            uppgifter: input.forsenade.map(rad),
            kanslichef: true,
            lank: `${baseUrl}/arshjul`,
          }),
        attachments: () => [],
      });
    },
    async skickaUnderlagSent(input) {
      const config = kommunOf(deps.kommuner, input.kommun);
      const baseUrl = deps.baseUrl.replace(/\/+$/, '');
      const organNamn = (k: string) => config.organ.find((o) => o.kortnamn === k)?.namn ?? k;
      await skickaTill({
        nyckel: input.nyckel,
        kommun: config.kommun.id,
        slag: 'UNDERLAG_SENT',
        personer: kanslichefer(config),
        meddelande: (mottagare) =>
          underlagSentMeddelande({
            kommunNamn: config.kommun.namn,
            mottagare,
            rapport: input.rapport,
            sena: input.sena.map((s) => ({ organNamn: organNamn(s.organ), titel: s.titel, klart: s.klart })),
            lank: `${baseUrl}/arshjul`,
          }),
        attachments: () => [],
      });
    },
  };
}
