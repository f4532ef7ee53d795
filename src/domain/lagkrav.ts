/**
 * The statutory limits of the reporting cycle (anchors-and-rules.md §4), as pure functions of the year:
 *
 * - Delårsrapport: the styrelse gives it to fullmäktige and the revisorer within two months of the period end
 *   (KL 11 kap. 16 §). The styrelse's beslut is the handover: the KF meeting that takes it up may come later.
 * - Årsredovisning: to fullmäktige and the revisorer no later than 15 April the year after (KL 11 kap.); KF
 *   decides on ansvarsfrihet on the revisionsberättelse before the end of June (KL 5 kap. 24–25 §§).
 * - Budget (EVP): fullmäktige sets it before the end of November (KL 11 kap.; Ystad, Kalix: anchors R18); in
 *   an election year the newly elected fullmäktige sets it, and their term begins on 15 October of the
 *   election year (KL 5 kap. 9 §).
 */
import { isoDate, type IsoDate } from './datum';
import type { Lagkrav, RapportSlagInfo } from './rapport';
import { twoMonthsAfter } from './rapport';

/** The first year of the four-year terms: allmänna val in September 1994, 1998, …, 2022, 2026. */
const FORSTA_FYRARSVALET = 1994;

/** Whether allmänna val to fullmäktige are held in `ar` (every four years since 1994). */
export function arValar(ar: number): boolean {
  return ar >= FORSTA_FYRARSVALET && (ar - FORSTA_FYRARSVALET) % 4 === 0;
}

/** KL 5 kap. 9 §: the fullmäktige elected in September take office on 15 October. */
export function nyvaldaFullmaktigeFran(ar: number): IsoDate {
  return isoDate(ar, 10, 15);
}

/** The last day the styrelse may hand a report over to fullmäktige and the revisorer, where the law sets one. */
export function overlamningSenast(info: RapportSlagInfo, ar: number): Lagkrav | undefined {
  if (!info.tillFullmaktige) return undefined;
  if (info.typ === 'delarsrapport' && info.lagstadgad) {
    return {
      senast: twoMonthsAfter(info.periodslut(ar)),
      regel: 'KL 11 kap. 16 §',
      vad: 'lämnas av styrelsen till fullmäktige och revisorerna inom två månader från periodens slut',
    };
  }
  if (info.typ === 'arsredovisning') {
    return {
      senast: isoDate(ar + 1, 4, 15),
      regel: 'KL 11 kap. (senast den 15 april)',
      vad: 'lämnas till fullmäktige och revisorerna senast den 15 april',
    };
  }
  return undefined;
}

/** KL 5 kap. 24–25 §§: fullmäktige decides on ansvarsfrihet for the year `ar` before the end of June after it. */
export function ansvarsfrihetSenast(ar: number): Lagkrav {
  return {
    senast: isoDate(ar + 1, 6, 30),
    regel: 'KL 5 kap. 24–25 §§',
    vad: 'fullmäktige beslutar om ansvarsfrihet före juni månads utgång',
  };
}

/** When fullmäktige may set the budget for the year after `cykelAr`. */
export interface Budgetfonster {
  /** The budget is set no later than this day (KL 11 kap.). */
  senast: Lagkrav;
  /** In an election year: not before the newly elected fullmäktige take office. */
  tidigast?: Lagkrav;
}

export function budgetfonster(cykelAr: number): Budgetfonster {
  const senast: Lagkrav = {
    senast: isoDate(cykelAr, 11, 30),
    regel: 'KL 11 kap. (budgeten fastställs före november månads utgång)',
    vad: 'fullmäktige fastställer budgeten före november månads utgång',
  };
  if (!arValar(cykelAr)) return { senast };
  return {
    senast,
    tidigast: {
      senast: nyvaldaFullmaktigeFran(cykelAr),
      regel: 'KL 5 kap. 9 § och 11 kap. (valår: nyvalda fullmäktige fastställer budgeten)',
      vad: `valår: budgeten fastställs av de nyvalda fullmäktige, som tillträder den 15 oktober ${cykelAr}`,
    },
  };
}
