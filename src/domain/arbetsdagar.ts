/**
 * Open days for planning: a planned day is never a Saturday, Sunday, allmän helgdag (lag 1989:253),
 * midsommarafton, julafton or nyårsafton — the days lag (1930:173) 2 § closes, which are also the days a kansli
 * is closed. A planned deadline moves to the open day before (it is a plan, not a statutory period); a planned
 * start moves to the open day after.
 */
import { addDays, compareDates, type IsoDate } from './datum';
import { isClosedDay } from './sondagsregeln';

/** The open day on or before `date`. */
export function openDayOnOrBefore(date: IsoDate): IsoDate {
  let day = date;
  while (isClosedDay(day)) day = addDays(day, -1);
  return day;
}

/** The open day on or after `date`. */
export function openDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (isClosedDay(day)) day = addDays(day, 1);
  return day;
}

/** The working days after `fran` up to and including `till` (0 when `till` is not after `fran`). */
export function arbetsdagarEfter(fran: IsoDate, till: IsoDate): number {
  let count = 0;
  for (let day = addDays(fran, 1); compareDates(day, till) <= 0; day = addDays(day, 1)) {
    if (!isClosedDay(day)) count++;
  }
  return count;
}
