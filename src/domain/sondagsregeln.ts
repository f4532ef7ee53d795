/**
 * Söndagsregeln: lag (1930:173) om beräkning av lagstadgad tid.
 *
 * 1 § — a period set in weeks (or months, years) ends on the day that by its name or number corresponds to the
 *       day from which it is counted: three weeks from a Thursday end on a Thursday.
 * 2 § — when the last day of a period falls on a Saturday, Sunday or other allmän helgdag, midsommarafton,
 *       julafton or nyårsafton, the act may be done on the next day that is none of these.
 */
import { addDays, isoDate, weekday, yearOf, type IsoDate } from './datum';
import { isAllmanHelgdag, midsommardagen } from './helgdagar';

/** The eves that 2 § treats like helgdagar, though lag (1989:253) does not list them. */
export type Helgafton = 'midsommarafton' | 'julafton' | 'nyårsafton';

export function helgafton(date: IsoDate): Helgafton | undefined {
  const year = yearOf(date);
  if (date === addDays(midsommardagen(year), -1)) return 'midsommarafton';
  if (date === isoDate(year, 12, 24)) return 'julafton';
  if (date === isoDate(year, 12, 31)) return 'nyårsafton';
  return undefined;
}

/** A day on which a statutory period cannot end under lag (1930:173) 2 §. */
export function isClosedDay(date: IsoDate): boolean {
  const day = weekday(date);
  return day === 6 || day === 0 || isAllmanHelgdag(date) || helgafton(date) !== undefined;
}

/** Lag (1930:173) 2 §: the last day moves to the next day that is not closed (unchanged if it is open). */
export function applySondagsregeln(lastDay: IsoDate): IsoDate {
  let day = lastDay;
  while (isClosedDay(day)) day = addDays(day, 1);
  return day;
}

/** Lag (1930:173) 1 §: a period of `weeks` weeks counted from `from` ends on the same weekday. */
export function endOfWeekPeriod(from: IsoDate, weeks: number): IsoDate {
  return addDays(from, weeks * 7);
}
