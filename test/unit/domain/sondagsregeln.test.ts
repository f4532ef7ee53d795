import fc from 'fast-check';
import { addDays, daysBetween, isoDate, weekday, type IsoDate } from '../../../src/domain/datum';
import { anyDate } from '../../helpers/arbitraries';
import { isAllmanHelgdag } from '../../../src/domain/helgdagar';
import {
  applySondagsregeln,
  endOfWeekPeriod,
  helgafton,
  isClosedDay,
} from '../../../src/domain/sondagsregeln';

const d = (s: string) => s as IsoDate;

describe('lag (1930:173) 1 §: a period in weeks ends on the same weekday', () => {
  it('three weeks from Thursday 2023-10-19 end on Thursday 2023-11-09', () => {
    expect(endOfWeekPeriod(d('2023-10-19'), 3)).toBe('2023-11-09');
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(endOfWeekPeriod(d('2023-12-20'), 3)).toBe('2024-01-10');
    expect(endOfWeekPeriod(d('2024-02-15'), 3)).toBe('2024-03-07'); // 2024 has 29 February
    expect(endOfWeekPeriod(d('2023-02-15'), 3)).toBe('2023-03-08');
  });

  it('keeps the weekday for any date and any number of weeks', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 52 }), (from, weeks) => {
        const end = endOfWeekPeriod(from, weeks);
        return weekday(end) === weekday(from) && daysBetween(from, end) === weeks * 7;
      }),
    );
  });
});

describe('lag (1930:173) 2 §: closed days', () => {
  it.each([
    ['2023-10-14', 'a Saturday'],
    ['2023-10-15', 'a Sunday'],
    ['2023-05-18', 'Kristi himmelsfärdsdag (Thursday)'],
    ['2023-06-06', 'nationaldagen (Tuesday)'],
    ['2023-06-23', 'midsommarafton (Friday)'],
    ['2024-12-24', 'julafton (Tuesday)'],
    ['2025-12-31', 'nyårsafton (Wednesday)'],
    ['2024-01-01', 'nyårsdagen (Monday)'],
    ['2023-04-07', 'långfredagen'],
    ['2023-04-10', 'annandag påsk'],
  ])('%s is closed: %s', (date) => {
    expect(isClosedDay(d(date))).toBe(true);
  });

  it.each([
    ['2023-10-16', 'an ordinary Monday'],
    ['2023-04-06', 'skärtorsdagen'],
    ['2025-04-30', 'valborgsmässoafton on a Wednesday: not in 2 §'],
    ['2023-01-05', 'trettondagsafton'],
    ['2023-11-03', 'allhelgonaafton'],
    ['2023-05-29', 'annandag pingst since 2005'],
  ])('%s is open: %s', (date) => {
    expect(isClosedDay(d(date))).toBe(false);
  });

  it('names the eves that 2 § adds', () => {
    expect(helgafton(d('2023-06-23'))).toBe('midsommarafton');
    expect(helgafton(d('2021-06-25'))).toBe('midsommarafton');
    expect(helgafton(d('2023-12-24'))).toBe('julafton');
    expect(helgafton(d('2023-12-31'))).toBe('nyårsafton');
    expect(helgafton(d('2023-06-24'))).toBeUndefined();
  });

  it('midsommarafton is always the Friday 19–25 June', () => {
    for (let year = 1953; year <= 2100; year++) {
      const eve = [19, 20, 21, 22, 23, 24, 25]
        .map((day) => isoDate(year, 6, day))
        .filter((x) => helgafton(x));
      expect(eve).toHaveLength(1);
      expect(weekday(eve[0] as IsoDate)).toBe(5);
    }
  });
});

describe('lag (1930:173) 2 §: the last day moves to the next open day', () => {
  it.each([
    ['2023-10-20', '2023-10-20', 'a Friday stays'],
    ['2023-10-21', '2023-10-23', 'Saturday → Monday'],
    ['2023-10-22', '2023-10-23', 'Sunday → Monday'],
    ['2023-04-07', '2023-04-11', 'långfredagen → over Easter → Tuesday'],
    ['2023-06-23', '2023-06-26', 'midsommarafton → Monday'],
    ['2023-12-23', '2023-12-27', 'Saturday before Christmas → over julafton, juldagen, annandag jul'],
    ['2022-12-24', '2022-12-27', 'julafton on a Saturday → Tuesday 27th'],
    ['2023-12-29', '2023-12-29', 'Friday 29 December stays'],
    ['2023-12-30', '2024-01-02', 'Saturday 30 December → over nyårsafton and nyårsdagen'],
    ['2024-12-31', '2025-01-02', 'nyårsafton on Tuesday → Thursday 2 January'],
    ['2025-01-04', '2025-01-07', 'Saturday → over Sunday and trettondedag jul (Monday)'],
    ['2020-12-24', '2020-12-28', 'julafton on Thursday → Monday 28th'],
    ['2026-05-14', '2026-05-15', 'Kristi himmelsfärdsdag → Friday'],
  ])('%s → %s (%s)', (from, to) => {
    expect(applySondagsregeln(d(from))).toBe(to);
  });

  it('property: never a closed day, never before the date, never more than 5 days after it', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const moved = applySondagsregeln(date);
        const shift = daysBetween(date, moved);
        return !isClosedDay(moved) && shift >= 0 && shift <= 5;
      }),
      { numRuns: 5000 },
    );
  });

  it('property: an open day is never moved, a closed day always is', () => {
    fc.assert(
      fc.property(anyDate, (date) => (applySondagsregeln(date) === date) === !isClosedDay(date)),
      { numRuns: 5000 },
    );
  });

  it('the longest shift over 1900–2100 is 5 days: a Saturday before a julafton on Monday', () => {
    let longest = 0;
    for (let day = d('1900-01-01'); day <= d('2100-12-31'); day = addDays(day, 1)) {
      longest = Math.max(longest, daysBetween(day, applySondagsregeln(day)));
    }
    expect(longest).toBe(5);
    expect(applySondagsregeln(d('2018-12-22'))).toBe('2018-12-27');
  });

  it('every allmän helgdag is a closed day', () => {
    fc.assert(
      fc.property(anyDate, (date) => !isAllmanHelgdag(date) || isClosedDay(date)),
      { numRuns: 3000 },
    );
  });
});
