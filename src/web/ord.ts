/**
 * The kansli's words for what the pages show — task kinds, steps, statuses, roles — and how a person's role is
 * read for a task: every area of the pages and the calendar feeds use the same.
 */
import type { StegTillstand } from '../domain/arshjul';
import type { KommunConfig, Roll } from '../domain/kommun';
import type { UppgiftState, UppgiftTyp } from '../domain/uppgift';

/** A task's status in words. */
export const STATUS_TEXT: Record<UppgiftState['status'], string> = {
  OPPEN: 'Öppen',
  KLAR: 'Slutförd',
  GODKAND: 'Godkänd',
  RETURNERAD: 'Returnerad',
  AVBRUTEN: 'Avbruten',
};

export const UPPGIFT_NAMN: Record<UppgiftTyp, string> = {
  budgetunderlag: 'Budgetunderlag',
  utkast: 'Utkast',
  godkannande: 'Godkännande',
  registrering: 'Registrering',
  beredning: 'Beredning',
  beslut: 'Beslut',
  overlamning: 'Överlämning till fullmäktige',
  revisorer: 'Revisorernas bedömning',
  fullmaktige: 'Fullmäktiges beslut',
  protokoll: 'Protokoll',
  justering: 'Justering',
  kvittens: 'Kvittens av protokollsutdrag',
};

/** Each status in words and as a sign, so the timeline reads without colour. */
export const STEG_STATUS: Record<StegTillstand, { text: string; tecken: string }> = {
  PLANERAD: { text: 'planerad', tecken: '○' },
  PAGAR: { text: 'pågår', tecken: '●' },
  KLAR: { text: 'klar', tecken: '✓' },
  FORSENAD: { text: 'försenad', tecken: '!' },
  RETURNERAD: { text: 'returnerad', tecken: '↩' },
};

export const RAPPORT_STATUS: Record<'PLANERAD' | 'PAGAR' | 'KLAR' | 'UTELAMNAD', string> = {
  PLANERAD: 'planerad',
  PAGAR: 'pågår',
  KLAR: 'klar',
  UTELAMNAD: 'utanför Årshjul',
};

export const ROLL_NAMN: Record<Roll, string> = {
  kanslichef: 'Kanslichef',
  sekreterare: 'Sekreterare',
  registrator: 'Registrator',
  handlaggare: 'Handläggare',
  chef: 'Chef',
  ordforande: 'Ordförande',
  vice_ordforande: 'Vice ordförande',
  justerare: 'Justerare',
  ledamot: 'Ledamot',
  ersattare: 'Ersättare',
  admin: 'Administratör',
  mottagare: 'Mottagare',
  revisor: 'Revisorernas kontaktperson',
};

/**
 * The roles `person` holds for a task of `organ`: those for that organ and those for the whole kommun; a person
 * with neither (a task outside their organs) shows all their roles.
 */
export function rollerFor(config: KommunConfig, person: string, organ: string | undefined): Roll[] {
  const roller = config.personer.find((p) => p.id === person)?.roller ?? [];
  const relevant = roller.filter((r) => r.organ === undefined || r.organ === organ);
  return [...new Set((relevant.length > 0 ? relevant : roller).map((r) => r.roll))];
}

/** The organs whose meetings and plans concern `person`: those they hold a role in (every one for a kanslichef). */
export function organFor(config: KommunConfig, person: string): string[] {
  const roller = config.personer.find((p) => p.id === person)?.roller ?? [];
  if (roller.some((r) => r.roll === 'kanslichef')) return config.organ.map((o) => o.kortnamn);
  const egna = new Set(roller.flatMap((r) => (r.organ ? [r.organ] : [])));
  return config.organ.map((o) => o.kortnamn).filter((k) => egna.has(k));
}
