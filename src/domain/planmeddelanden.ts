/**
 * The kanslichef's warning when a year's plan cannot keep a rule: a report that cannot reach KF within two
 * months of its period (KL 11 kap. 16 §), a report with no meeting to be decided at, a draft with too little
 * time. Sent once, when the årshjul starts, so the sammanträdesplan can still be changed. Pure.
 */
import type { Meddelande } from './meddelanden';
import { render } from './motesmeddelanden';
import type { PlanVarning } from './planering';

export function planvarningsmeddelande(input: {
  kommunNamn: string;
  mottagare: string;
  ar: number;
  varningar: { rapport: string; varning: PlanVarning }[];
  /** How to see the whole plan (the command line until the web app has its page). */
  planKommando: string;
}): Meddelande {
  const n = input.varningar.length;
  return render(input.kommunNamn, input.mottagare, {
    amne: `Årshjulet ${input.ar}: ${n} ${n === 1 ? 'varning' : 'varningar'} i planen`,
    rubrik: `Planen för ${input.ar} håller inte överallt`,
    stycken: [
      `Årshjulet ${input.ar} för ${input.kommunNamn} har startat. När året planerades bakåt från sammanträdesplanen gick ${n === 1 ? 'en rapport' : `${n} rapporter`} inte att planera enligt reglerna:`,
      ...input.varningar.map(({ varning }) => `• ${varning.meddelande}`),
      'Lägg till eller flytta sammanträden i konfigurationen, eller ändra förfallodagarna för uppgifterna när de har skapats.',
      `Hela planen: ${input.planKommando}`,
    ],
    fakta: [
      ['År', String(input.ar)],
      ['Varningar', String(n)],
    ],
  });
}
