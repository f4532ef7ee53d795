import { TZDate } from '@date-fns/tz';
import { UTCDate } from '@date-fns/utc';
import { addDays as dfAddDays, differenceInCalendarDays, format } from 'date-fns';
import fc from 'fast-check';
import {
  addDays,
  dateInStockholm,
  daysBetween,
  isoDate,
  startOfDayInStockholm,
  tryParseIsoDate,
  weekday,
  type IsoDate,
} from '../../../src/domain/datum';
import { anyDate } from '../../helpers/arbitraries';

const d = (s: string) => s as IsoDate;
const utc = (date: IsoDate) => new UTCDate(`${date}T00:00:00Z`);

describe('calendar dates', () => {
  it('parses only real dates written YYYY-MM-DD', () => {
    expect(tryParseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(tryParseIsoDate('2023-02-29')).toBeUndefined();
    expect(tryParseIsoDate('2023-02-30')).toBeUndefined();
    expect(tryParseIsoDate('2023-13-01')).toBeUndefined();
    expect(tryParseIsoDate('2023-00-10')).toBeUndefined();
    expect(tryParseIsoDate('1900-02-29')).toBeUndefined(); // not a leap year
    expect(tryParseIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(tryParseIsoDate('2023-1-01')).toBeUndefined();
    expect(tryParseIsoDate(' 2023-10-11')).toBeUndefined();
    expect(tryParseIsoDate('2023-10-11T00:00')).toBeUndefined();
  });

  it('agrees with date-fns on day arithmetic and weekdays over 1900–2100', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -400, max: 400 }), (date, n) => {
        const expected = format(dfAddDays(utc(date), n), 'yyyy-MM-dd');
        return (
          addDays(date, n) === expected &&
          daysBetween(date, d(expected)) === n &&
          daysBetween(date, d(expected)) === differenceInCalendarDays(utc(d(expected)), utc(date)) &&
          weekday(date) === utc(date).getDay()
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('builds dates from parts, rolling over like the calendar', () => {
    expect(isoDate(2023, 10, 11)).toBe('2023-10-11');
    expect(isoDate(2023, 12, 32)).toBe('2024-01-01');
    expect(isoDate(2024, 3, 0)).toBe('2024-02-29');
  });
});

describe('dates and instants in Europe/Stockholm', () => {
  it.each([
    ['2023-11-10', '2023-11-09T23:00:00.000Z'], // CET, +01:00
    ['2023-06-27', '2023-06-26T22:00:00.000Z'], // CEST, +02:00
    ['2023-03-26', '2023-03-25T23:00:00.000Z'], // DST starts at 02.00 that day: midnight is still CET
    ['2023-10-29', '2023-10-28T22:00:00.000Z'], // DST ends at 03.00 that day: midnight is still CEST
  ])('%s begins at %s', (date, instant) => {
    expect(new Date(startOfDayInStockholm(d(date))).toISOString()).toBe(instant);
    expect(dateInStockholm(Date.parse(instant))).toBe(date);
    expect(dateInStockholm(Date.parse(instant) - 1)).toBe(addDays(d(date), -1));
  });

  it('agrees with TZDate (outside the workflow sandbox) for any date and time 1901–2100', () => {
    const start = Date.parse('1901-01-01T00:00:00Z');
    const end = Date.parse('2100-12-31T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), (ms) => {
        const date = format(new TZDate(ms, 'Europe/Stockholm'), 'yyyy-MM-dd') as IsoDate;
        const [y, m, day] = date.split('-').map(Number) as [number, number, number];
        return (
          dateInStockholm(ms) === date &&
          startOfDayInStockholm(date) === new TZDate(y, m - 1, day, 'Europe/Stockholm').getTime()
        );
      }),
      { numRuns: 5000 },
    );
  });
});
