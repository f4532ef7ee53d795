/**
 * The reports of the reporting cycle: what each kind covers, when it can be written, what it is called, whether
 * it goes on to fullmäktige and the revisorer, and the statutory limit for that.
 */
import { addDays, isoDate, type IsoDate } from './datum';

export const RAPPORT_SLAG = [
  'arsredovisning', // the year before, decided in the spring
  'delarsrapport-april', // per 30 april
  'delarsrapport-augusti', // per 31 augusti, with helårsprognos
  'verksamhetsplan', // verksamhetsplan och internbudget for the next year, after KF's budget
] as const;
export type RapportSlag = (typeof RAPPORT_SLAG)[number];

export interface Lagkrav {
  /** The last day the report may reach KF and the revisorer. */
  senast: IsoDate;
  regel: string;
}

export interface RapportSlagInfo {
  /** The report's title, as the documents write it. */
  titel(organNamn: string, ar: number): string;
  /** The period the report covers ends on this day; the work can start the day after. */
  periodslut(ar: number): IsoDate;
  /** Whether a styrelse's report of this kind goes on to KF and the revisorer. */
  tillFullmaktige: boolean;
  /** The statutory limit for reaching KF and the revisorer, where there is one. */
  lagkrav?(ar: number): Lagkrav;
  /** The report year it is planned in, relative to the cycle's year (the årsredovisning covers the year before). */
  avserAr(ar: number): number;
}

/** "kommunstyrelsen", "vård- och omsorgsnämnden": an organ's name inside a sentence. */
const inText = (organNamn: string) => organNamn.charAt(0).toLowerCase() + organNamn.slice(1);

/** Two months after the period end, as KL 11 kap. 16 § counts it: the same day number two months on. */
function twoMonthsAfter(date: IsoDate): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = isoDate(y, m + 2, 1);
  const [ty, tm] = target.split('-').map(Number) as [number, number];
  // A month that has no such day (31 August → 31 October exists; 30 April → 30 June) ends on its last day.
  const lastOfMonth = addDays(isoDate(ty, tm + 1, 1), -1);
  const wanted = isoDate(ty, tm, d);
  return wanted > lastOfMonth ? lastOfMonth : wanted;
}

function delarsrapport(month: number, monthName: string): RapportSlagInfo {
  const periodslut = (ar: number) => addDays(isoDate(ar, month + 1, 1), -1);
  return {
    titel: (organ, ar) =>
      `Delårsrapport per den ${Number(periodslut(ar).slice(8))} ${monthName} ${ar} för ${inText(organ)}`,
    periodslut,
    tillFullmaktige: true,
    // KL 11 kap. 16 §: the styrelse gives the delårsrapport to fullmäktige and the revisorer within two months
    // of the end of the period.
    lagkrav: (ar) => ({ senast: twoMonthsAfter(periodslut(ar)), regel: 'KL 11 kap. 16 §' }),
    avserAr: (ar) => ar,
  };
}

export const RAPPORTER: Record<RapportSlag, RapportSlagInfo> = {
  arsredovisning: {
    titel: (organ, ar) => `Årsredovisning och bokslut ${ar} för ${inText(organ)}`,
    periodslut: (ar) => isoDate(ar, 12, 31),
    tillFullmaktige: true,
    // KL 11 kap.: the styrelse gives the årsredovisning to fullmäktige and the revisorer no later than 15 April
    // the year after (anchors-and-rules.md §4 gives 11 kap. 19–21 §§; the paragraph is not verified here).
    lagkrav: (ar) => ({ senast: isoDate(ar + 1, 4, 15), regel: 'KL 11 kap. (senast den 15 april)' }),
    avserAr: (ar) => ar - 1,
  },
  'delarsrapport-april': delarsrapport(4, 'april'),
  'delarsrapport-augusti': delarsrapport(8, 'augusti'),
  verksamhetsplan: {
    titel: (organ, ar) => `Verksamhetsplan och internbudget ${ar} för ${inText(organ)}`,
    // Written on the ramar of KF's budget, decided in November (lund 002:80): work starts in December.
    periodslut: (ar) => isoDate(ar - 1, 11, 30),
    tillFullmaktige: false,
    avserAr: (ar) => ar + 1,
  },
};

/** A stable id for one report of one kommun: `lund/2023/KS/delarsrapport-augusti`. */
export function rapportId(kommun: string, ar: number, organ: string, slag: RapportSlag): string {
  return `${kommun}/${ar}/${organ}/${slag}`;
}
