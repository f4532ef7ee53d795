/**
 * Calendar dates ("datum") as Swedish law counts them: whole days, no time of day.
 *
 * A date is an ISO string `YYYY-MM-DD` branded as `IsoDate`. Arithmetic on it is civil-calendar arithmetic on
 * UTC day numbers (where no day is 23 or 25 hours long); only the conversion between a date and an instant
 * needs the time zone, and that is always Europe/Stockholm, whose offsets come from `tzOffset` (@date-fns/tz).
 *
 * Why no `TZDate`/`UTCDate` here: this module runs inside Temporal workflows, whose sandbox replaces `Date`
 * with a function that ignores `new.target`, so every `Date` subclass silently becomes a plain `Date` there
 * (and then computes in the worker's local zone). Plain `Date.UTC` arithmetic and `tzOffset`, which only
 * formats with `Intl`, behave the same inside and outside the sandbox; test/unit/domain/datum.test.ts checks
 * them against `TZDate` outside it, and test/workflows checks them inside.
 */
import { tzOffset } from '@date-fns/tz';
import { z } from './validering';

export type IsoDate = string & { readonly __brand: 'IsoDate' };

export const TIDSZON = 'Europe/Stockholm';

/** The years for which Årshjul accepts dates (the helgdag rules are computed for these). */
export const FORSTA_AR = 1900;
export const SISTA_AR = 2100;

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Returns the date when `text` is a real calendar date written `YYYY-MM-DD`, else `undefined`. */
export function tryParseIsoDate(text: string): IsoDate | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Rejects 2023-02-30, which Date.UTC would roll over to 2 March.
  return isoDate(year, month, day) === text ? (text as IsoDate) : undefined;
}

/**
 * Zod schema for a year as written in a form, a path or on the command line: four digits within the years Årshjul
 * accepts (FORSTA_AR–SISTA_AR); the year as a number.
 */
export const arSchema = z
  .string()
  .regex(/^\d{4}$/, 'skriv året med fyra siffror, t.ex. 2027')
  .transform((text, ctx) => {
    const ar = Number(text);
    if (ar < FORSTA_AR || ar > SISTA_AR) {
      ctx.addIssue({
        code: 'custom',
        message: `${text} ligger utanför åren ${FORSTA_AR}–${SISTA_AR}`,
        params: { rule: 'ar_inom_intervall' },
      });
      return z.NEVER;
    }
    return ar;
  });

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

/** Days since 1970-01-01 (negative before). */
function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(days: number): IsoDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10) as IsoDate;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return fromDayNumber(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** 0 = söndag, 1 = måndag … 6 = lördag (as `Date.getDay`). 1970-01-01 was a Thursday. */
export function weekday(date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** ISO strings of the same length compare correctly as text. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

const offsetMs = (epochMs: number) => tzOffset(TIDSZON, new Date(epochMs)) * 60 * 1000;

/** The instant (epoch ms) at which `date` begins in Europe/Stockholm: midnight local time. */
export function startOfDayInStockholm(date: IsoDate): number {
  const utcMidnight = dayNumber(date) * DAY_MS;
  // Midnight is never inside a Swedish DST gap (the clocks change at 02.00/03.00), so one correction suffices.
  const guess = utcMidnight - offsetMs(utcMidnight);
  return utcMidnight - offsetMs(guess);
}

/** The instant of a local time of day (`"08.00"`) on `date` in Europe/Stockholm. */
export function instantInStockholm(date: IsoDate, klockan: string): number {
  const [hours, minutes] = klockan.split('.').map(Number) as [number, number];
  const local = dayNumber(date) * DAY_MS + (hours * 60 + minutes) * 60 * 1000;
  // Offsets are taken at the instant itself; a time inside the spring-forward gap (02.00–03.00) lands an hour on.
  return local - offsetMs(local - offsetMs(local));
}

/** The calendar date in Europe/Stockholm at the instant `epochMs`. */
export function dateInStockholm(epochMs: number): IsoDate {
  return new Date(epochMs + offsetMs(epochMs)).toISOString().slice(0, 10) as IsoDate;
}

/** "2023-10-18 10.12": the local date and time of day in Europe/Stockholm at the instant `epochMs`. */
export function tidpunktIStockholm(epochMs: number): string {
  const local = new Date(epochMs + offsetMs(epochMs)).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 13)}.${local.slice(14, 16)}`;
}
