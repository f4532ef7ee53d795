/**
 * The kanslichef's warning when a year's plan cannot keep a rule: a report that cannot reach KF within two
 * months of its period (KL 11 kap. 16 §), a report with no meeting to be decided at, a draft with too little
 * time. Sent once, when the årshjul starts, so the sammanträdesplan can still be changed. Pure.
 */
import type { Brev } from './brev';
import { brev } from './motesmeddelanden';
import type { PlanVarning } from './planering';
import type { IsoDate } from './datum';
import { langtDatum } from './svenskTid';

export function planvarningsmeddelande(input: {
  kommunNamn: string;
  /** The recipient's name, for the greeting (none: to all the kanslichefer in one message). */
  mottagare?: string;
  ar: number;
  varningar: { rapport: string; varning: PlanVarning }[];
  /** How to see the whole plan (the command line until the web app has its page). */
  planKommando: string;
}): Brev {
  const n = input.varningar.length;
  return brev(input.kommunNamn, input.mottagare, {
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

/**
 * A year started after some of its dates had passed: the tasks already late at the start, in one message per
 * person (their own) and per kanslichef (all), instead of a "323 dagar försenad" escalation each.
 */
export function startsammandrag(input: {
  kommunNamn: string;
  /** The recipient's name, for the greeting (none: to all the kanslichefer in one message). */
  mottagare?: string;
  ar: number;
  idag: string;
  /** The recipient's own tasks, or all of them for a kanslichef. */
  uppgifter: { rapportTitel: string; steg: string; ansvarig: string; forfaller: string }[];
  kanslichef: boolean;
  lank: string;
}): Brev {
  const n = input.uppgifter.length;
  return brev(input.kommunNamn, input.mottagare, {
    amne: `Årshjulet ${input.ar}: ${n} ${n === 1 ? 'uppgift redan försenad' : 'uppgifter redan försenade'} vid starten`,
    rubrik: input.kanslichef ? `Försenat när året startade` : `Dina uppgifter som redan är försenade`,
    stycken: [
      `Årshjulet ${input.ar} för ${input.kommunNamn} startades ${langtDatum(input.idag as IsoDate)}, efter att några av årets datum redan hade passerat. ${input.kanslichef ? `De här ${n === 1 ? 'uppgiften var' : `${n} uppgifterna var`} försenade redan från starten` : `${n === 1 ? 'Den här uppgiften' : `De här ${n} uppgifterna`} skapades i dag men var försenade redan från starten`}:`,
      ...input.uppgifter.map(
        (u) =>
          `• ${u.rapportTitel} — ${u.steg}, förföll ${u.forfaller}${input.kanslichef ? ` (${u.ansvarig})` : ''}`,
      ),
      input.kanslichef
        ? 'Ingen påminnelse om dem har gått ut än. Flytta förfallodagarna i Årshjulet om planen ska gälla, så får de ansvariga nya datum.'
        : 'Gör dem så snart du kan, eller be kanslichefen flytta förfallodagen. Du får inte ett eget mejl om var och en.',
    ],
    fakta: [
      ['År', String(input.ar)],
      ['Försenade uppgifter', String(n)],
    ],
    lank: { text: input.kanslichef ? 'Öppna Årshjulet' : 'Öppna Mina uppgifter', url: input.lank },
  });
}

/**
 * The styrelse's kommunövergripande report waits for nämnder that are late with theirs: the kanslichef hears of
 * it before the styrelse's own chain is at risk.
 */
export function underlagSentMeddelande(input: {
  kommunNamn: string;
  /** The recipient's name, for the greeting (none: to all the kanslichefer in one message). */
  mottagare?: string;
  rapport: { titel: string; inlamning: string };
  sena: { organNamn: string; titel: string; klart: string }[];
  lank: string;
}): Brev {
  const n = input.sena.length;
  return brev(input.kommunNamn, input.mottagare, {
    amne: `Väntar på ${n === 1 ? input.sena[0]!.organNamn.toLowerCase() : `${n} nämnder`}: ${input.rapport.titel}`,
    rubrik: `Nämndernas underlag har inte kommit in`,
    stycken: [
      `${input.rapport.titel} skrivs på nämndernas rapporter. ${n === 1 ? 'Den här rapporten skulle ha varit klar men har' : 'De här rapporterna skulle ha varit klara men har'} inte kommit in:`,
      ...input.sena.map((s) => `• ${s.titel} (${s.organNamn}), planerad klar ${s.klart}`),
      `Styrelsens rapport ska lämnas in ${input.rapport.inlamning}. Kontakta nämnden, eller flytta förfallodagarna i Årshjulet.`,
    ],
    fakta: [
      ['Rapport', input.rapport.titel],
      ['Inlämning', input.rapport.inlamning],
      ['Nämnder som saknas', String(n)],
    ],
    lank: { text: 'Öppna Årshjulet', url: input.lank },
  });
}
