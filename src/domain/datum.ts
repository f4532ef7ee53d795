/**
 * Calendar dates ("datum") as Swedish law counts them: whole days, no time of day.
 *
 * A date is an ISO string `YYYY-MM-DD` branded as `IsoDate`. Arithmetic on it is pure civil-calendar
 * arithmetic (done in UTC, where no day is 23 or 25 hours long); only the conversion between a date and an
 * instant needs the time zone, and that is always Europe/Stockholm.
 */
import { TZDate } from '@date-fns/tz';
import { UTCDate } from '@date-fns/utc';
import { addDays as dfAddDays, differenceInCalendarDays, format, isValid, parse } from 'date-fns';
import { z } from './validering';

export type IsoDate = string & { readonly __brand: 'IsoDate' };

export const TIDSZON = 'Europe/Stockholm';

/** The years for which Årshjul accepts dates (the helgdag rules are computed for these). */
export const FORSTA_AR = 1900;
export const SISTA_AR = 2100;

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns the date when `text` is a real calendar date written `YYYY-MM-DD`, else `undefined`. */
export function tryParseIsoDate(text: string): IsoDate | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const parsed = parse(text, 'yyyy-MM-dd', new UTCDate(0));
  // date-fns rejects 2023-02-30 (it would otherwise roll over to March).
  if (!isValid(parsed) || format(parsed, 'yyyy-MM-dd') !== text) return undefined;
  return text as IsoDate;
}

/** Zod schema for a date field: a real calendar date `YYYY-MM-DD` within 1900–2100. */
export const isoDateSchema = z.string().transform((text, ctx) => {
  const date = tryParseIsoDate(text);
  if (date === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" är inget giltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2023-10-11)`,
      params: { rule: 'giltigt_datum' },
    });
    return z.NEVER;
  }
  const year = yearOf(date);
  if (year < FORSTA_AR || year > SISTA_AR) {
    ctx.addIssue({
      code: 'custom',
      message: `${text} ligger utanför åren ${FORSTA_AR}–${SISTA_AR}`,
      params: { rule: 'datum_inom_intervall' },
    });
    return z.NEVER;
  }
  return date;
});

function toUtc(date: IsoDate): UTCDate {
  return new UTCDate(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): IsoDate {
  return format(new UTCDate(date), 'yyyy-MM-dd') as IsoDate;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return fromUtc(new UTCDate(year, month - 1, day));
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(dfAddDays(toUtc(date), days));
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toUtc(to), toUtc(from));
}

/** 0 = söndag, 1 = måndag … 6 = lördag (as `Date.getDay`). */
export function weekday(date: IsoDate): number {
  return toUtc(date).getDay();
}

/** ISO strings of the same length compare correctly as text. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** The instant (epoch ms) at which `date` begins in Europe/Stockholm: midnight local time. */
export function startOfDayInStockholm(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, TIDSZON).getTime();
}

/** The calendar date in Europe/Stockholm at the instant `epochMs`. */
export function dateInStockholm(epochMs: number): IsoDate {
  return format(new TZDate(epochMs, TIDSZON), 'yyyy-MM-dd') as IsoDate;
}
