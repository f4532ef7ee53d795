/**
 * Dates and times as Swedish municipal documents and mail write them: "måndagen den 2 oktober 2023",
 * "onsdagen den 18 oktober 2023, klockan 10.00" (Språkrådet: the definite weekday, "den", no leading zero, and
 * a full stop between hours and minutes).
 *
 * Sandbox-safe like src/domain/datum.ts: the weekday comes from the `YYYY-MM-DD` string by day arithmetic, and
 * the names from the `sv` locale's lookup tables, so no `Date` (let alone a `TZDate`) is ever built here and the
 * result is the same inside a Temporal workflow and outside it.
 */
import { sv } from 'date-fns/locale/sv';
import { weekday, yearOf, type IsoDate } from './datum';

const KLOCKSLAG = /^([01]\d|2[0-3])[.:]([0-5]\d)$/;

/** "måndag" … "söndag" (0 = söndag, as `weekday`). */
export function veckodag(date: IsoDate): string {
  return sv.localize.day(weekday(date) as 0 | 1 | 2 | 3 | 4 | 5 | 6, { width: 'wide' });
}

/** "2 oktober 2023". */
export function datumUtanVeckodag(date: IsoDate): string {
  const month = Number(date.slice(5, 7)) - 1;
  const monthName = sv.localize.month(month as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11, {
    width: 'wide',
  });
  return `${Number(date.slice(8, 10))} ${monthName} ${yearOf(date)}`;
}

/** "måndagen den 2 oktober 2023": every Swedish weekday ends in "-dag", whose definite form is "-dagen". */
export function langtDatum(date: IsoDate): string {
  return `${veckodag(date)}en den ${datumUtanVeckodag(date)}`;
}

/** "10.00" from "10.00" or "10:00"; throws on anything that is not a time of day. */
export function klockslag(tid: string): string {
  const match = KLOCKSLAG.exec(tid);
  if (!match) throw new Error(`"${tid}" is not a time of day written hh.mm (e.g. 10.00)`);
  return `${match[1]}.${match[2]}`;
}

/** "onsdagen den 18 oktober 2023, klockan 10.00". */
export function langtDatumMedKlockslag(date: IsoDate, tid: string): string {
  return `${langtDatum(date)}, klockan ${klockslag(tid)}`;
}
