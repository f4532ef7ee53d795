/**
 * A write the register refused: what a workflow held could not be stored (a task's state after a command, a
 * protocol after a §). The workflow undoes the change or refuses the command — it never retries forever and
 * never leaves a task silently stuck — and says so on the page and, once, to the kommun's kanslichefer and admins.
 * Pure: the words; the workflow and the mail activity act on them.
 */
import type { HandelseTyp, UppgiftState } from './uppgift';
import type { Brev } from './brev';
import { enRad } from './meddelanden';
import { brev } from './motesmeddelanden';

/** What a task shows after a refused write: when, what was undone, and the register's answer. */
export interface Sparfel {
  /** Epoch ms (workflow time). */
  tid: number;
  /** The events that were undone, in order (`SLUTFORD`, …). */
  angrat: HandelseTyp[];
  /** The register's answer, for whoever helps (in English). */
  fel: string;
}

const HANDELSE_ORD: Partial<Record<HandelseTyp, string>> = {
  SLUTFORD: 'slutförandet',
  GODKAND: 'godkännandet',
  RETURNERAD: 'returen',
  DELEGERAD: 'delegeringen',
  OMTILLDELAD: 'omtilldelningen',
  FORFALLODAG_ANDRAD: 'den nya förfallodagen',
  PAMINNELSE: 'påminnelsen',
};

/** What was undone, in the kansli's words: "slutförandet" or "delegeringen och slutförandet". */
export function angratText(angrat: readonly HandelseTyp[]): string {
  const ord = [...new Set(angrat.map((t) => HANDELSE_ORD[t] ?? 'ändringen'))];
  if (ord.length === 0) return 'ändringen';
  return ord.length === 1 ? ord[0]! : `${ord.slice(0, -1).join(', ')} och ${ord.at(-1)!}`;
}

/**
 * The task as it was last stored, with what the register refused undone and named: every event after the stored
 * ones (the command whose write failed, and any that came in while it was written) is dropped, so the task is
 * open again if that command ended it, and the people who did it can do it again.
 */
export function angraOsparat(
  lagrat: UppgiftState,
  osparat: UppgiftState,
  tid: number,
  fel: string,
): UppgiftState {
  const angrat = osparat.historik.slice(lagrat.historik.length).map((h) => h.typ);
  return { ...lagrat, sparfel: { tid, angrat, fel } };
}

/** The state without the warning: a new command is a new attempt. */
export function utanSparfel(state: UppgiftState): UppgiftState {
  if (state.sparfel === undefined) return state;
  const { sparfel: _sparfel, ...rest } = state;
  return rest;
}

/** The task page's warning: the last command was not saved, so it did not happen; do it again. */
export function sparfelText(fel: Sparfel): string {
  return `Det senaste (${angratText(fel.angrat)}) kunde inte sparas i registret och är ångrat: uppgiften är som före det. Försök igen; innehåller texten ovanliga tecken, skriv den på nytt. Kanslichefen har fått veta.`;
}

/** The mail to a kanslichef or an admin: what could not be stored, where, and what to do. */
export function sparfelmeddelande(input: {
  kommunNamn: string;
  /** The kanslichef's or admin's name, for the greeting (none: to all of them in one message). */
  mottagare?: string;
  objekt: { titel: string; lank: string };
  /** What was being done ("Slutför uppgiften"). */
  vad: string;
  fel: string;
}): Brev {
  const titel = enRad(input.objekt.titel);
  return brev(input.kommunNamn, input.mottagare, {
    amne: `Kunde inte sparas: ${titel}`,
    rubrik: 'Registret kunde inte spara en ändring',
    stycken: [
      `Årshjul kunde inte spara ”${enRad(input.vad)}” för ”${titel}”: registret vägrade ta emot uppgifterna. Ändringen är ångrad eller avvisad, så att arbetet kan gå vidare; den som gjorde den ser det på sidan och kan göra om den.`,
      'Händer det igen, kontakta den som sköter Årshjul och berätta vad registret svarade (nedan).',
    ],
    fakta: [
      ['Gäller', titel],
      ['Vad', enRad(input.vad)],
      ['Registrets svar', enRad(input.fel)],
    ],
    lank: { text: 'Öppna sidan', url: input.objekt.lank },
  });
}
