/**
 * Allmänna helgdagar under lag (1989:253) om allmänna helgdagar, 1 §.
 *
 * The law's list, in force since 2005-01-01 (SFS 2004:1058, which made nationaldagen a helgdag and removed
 * annandag pingst): söndagar, nyårsdagen, trettondedag jul, långfredagen, påskdagen, annandag påsk, första maj,
 * Kristi himmelsfärdsdag, pingstdagen, nationaldagen, midsommardagen, alla helgons dag, juldagen, annandag jul.
 *
 * For years before 2005 the same rules apply with annandag pingst in place of nationaldagen, as under the
 * law's original wording (and lag 1952:48 before it, from 1953). Earlier rules — before 1953 midsommardagen
 * was fixed to 24 June and alla helgons dag to 1 November — are not modelled: no deadline Årshjul computes
 * falls before 1953, and the 1900–1952 results follow the 1953 rules.
 */
import { addDays, isoDate, weekday, yearOf, type IsoDate } from './datum';

export type HelgdagNamn =
  | 'nyårsdagen'
  | 'trettondedag jul'
  | 'långfredagen'
  | 'påskdagen'
  | 'annandag påsk'
  | 'första maj'
  | 'Kristi himmelsfärdsdag'
  | 'pingstdagen'
  | 'annandag pingst'
  | 'nationaldagen'
  | 'midsommardagen'
  | 'alla helgons dag'
  | 'juldagen'
  | 'annandag jul';

export interface Helgdag {
  datum: IsoDate;
  namn: HelgdagNamn;
}

/** The year nationaldagen replaced annandag pingst as allmän helgdag (SFS 2004:1058). */
const NATIONALDAGEN_FRAN = 2005;

/**
 * Påskdagen in the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher).
 * Sweden's påskdag follows the Western (Gregorian) Easter.
 */
export function paskdagen(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** The Saturday within the seven days starting at `first` (for midsommardagen and alla helgons dag). */
function saturdayFrom(first: IsoDate): IsoDate {
  const offset = (6 - weekday(first) + 7) % 7;
  return addDays(first, offset);
}

/** The named allmänna helgdagar of `year` in date order (Sundays, also helgdagar, are not listed). */
export function allmannaHelgdagar(year: number): Helgdag[] {
  const pask = paskdagen(year);
  const days: Helgdag[] = [
    { datum: isoDate(year, 1, 1), namn: 'nyårsdagen' },
    { datum: isoDate(year, 1, 6), namn: 'trettondedag jul' },
    { datum: addDays(pask, -2), namn: 'långfredagen' },
    { datum: pask, namn: 'påskdagen' },
    { datum: addDays(pask, 1), namn: 'annandag påsk' },
    { datum: isoDate(year, 5, 1), namn: 'första maj' },
    { datum: addDays(pask, 39), namn: 'Kristi himmelsfärdsdag' },
    { datum: addDays(pask, 49), namn: 'pingstdagen' },
    year >= NATIONALDAGEN_FRAN
      ? { datum: isoDate(year, 6, 6), namn: 'nationaldagen' }
      : { datum: addDays(pask, 50), namn: 'annandag pingst' },
    { datum: midsommardagen(year), namn: 'midsommardagen' },
    { datum: saturdayFrom(isoDate(year, 10, 31)), namn: 'alla helgons dag' },
    { datum: isoDate(year, 12, 25), namn: 'juldagen' },
    { datum: isoDate(year, 12, 26), namn: 'annandag jul' },
  ];
  return days.sort((x, y) => (x.datum < y.datum ? -1 : x.datum > y.datum ? 1 : 0));
}

/** Midsommardagen: the Saturday 20–26 June. */
export function midsommardagen(year: number): IsoDate {
  return saturdayFrom(isoDate(year, 6, 20));
}

const cache = new Map<number, Map<IsoDate, HelgdagNamn>>();

function helgdagarByDate(year: number): Map<IsoDate, HelgdagNamn> {
  let byDate = cache.get(year);
  if (!byDate) {
    byDate = new Map(allmannaHelgdagar(year).map((h) => [h.datum, h.namn]));
    cache.set(year, byDate);
  }
  return byDate;
}

/** The name of the helgdag on `date`, or `undefined` (a plain Sunday has no name here). */
export function helgdagNamn(date: IsoDate): HelgdagNamn | undefined {
  return helgdagarByDate(yearOf(date)).get(date);
}

/** Lag (1989:253) 1 §: every Sunday and every named helgdag is an allmän helgdag. */
export function isAllmanHelgdag(date: IsoDate): boolean {
  return weekday(date) === 0 || helgdagNamn(date) !== undefined;
}
