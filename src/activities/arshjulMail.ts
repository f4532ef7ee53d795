/**
 * The årshjul's own mail: the kanslichef's warning when the year's plan breaks a rule (src/domain/planmeddelanden.ts),
 * once per year and kanslichef (the mail log's key).
 */
import { kanslichefer } from '../domain/kommun';
import { planvarningsmeddelande } from '../domain/planmeddelanden';
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
  };
}
