import { UTCDate } from '@date-fns/utc';
import { format } from 'date-fns';
import { sv } from 'date-fns/locale/sv';
import fc from 'fast-check';
import type { IsoDate } from '../../../src/domain/datum';
import {
  datumUtanVeckodag,
  klockslag,
  langtDatum,
  langtDatumMedKlockslag,
  veckodag,
} from '../../../src/domain/svenskTid';
import { anyDate } from '../../helpers/arbitraries';

const d = (s: string) => s as IsoDate;

describe('Swedish long dates', () => {
  it.each([
    ['2023-10-02', 'måndagen den 2 oktober 2023'],
    ['2023-10-03', 'tisdagen den 3 oktober 2023'],
    ['2023-10-11', 'onsdagen den 11 oktober 2023'], // the Lund KS meeting of document 000
    ['2023-09-14', 'torsdagen den 14 september 2023'],
    ['2023-10-20', 'fredagen den 20 oktober 2023'],
    ['2023-12-30', 'lördagen den 30 december 2023'],
    ['2023-12-31', 'söndagen den 31 december 2023'],
    ['2024-02-29', 'torsdagen den 29 februari 2024'],
    ['2023-01-01', 'söndagen den 1 januari 2023'],
    ['2025-06-20', 'fredagen den 20 juni 2025'], // midsommarafton
    ['1900-01-01', 'måndagen den 1 januari 1900'],
    ['2100-12-31', 'fredagen den 31 december 2100'],
  ])('%s is "%s"', (date, expected) => {
    expect(langtDatum(d(date))).toBe(expected);
  });

  it('names every weekday in its definite form', () => {
    const week = [
      '2023-10-02',
      '2023-10-03',
      '2023-10-04',
      '2023-10-05',
      '2023-10-06',
      '2023-10-07',
      '2023-10-08',
    ];
    expect(week.map((date) => langtDatum(d(date)).split(' ')[0])).toEqual([
      'måndagen',
      'tisdagen',
      'onsdagen',
      'torsdagen',
      'fredagen',
      'lördagen',
      'söndagen',
    ]);
  });

  it('adds the time as "klockan hh.mm"', () => {
    expect(langtDatumMedKlockslag(d('2023-10-18'), '10.00')).toBe(
      'onsdagen den 18 oktober 2023, klockan 10.00',
    );
    expect(langtDatumMedKlockslag(d('2023-10-11'), '14:30')).toBe(
      'onsdagen den 11 oktober 2023, klockan 14.30',
    );
    expect(langtDatumMedKlockslag(d('2023-10-11'), '08.05')).toBe(
      'onsdagen den 11 oktober 2023, klockan 08.05',
    );
  });

  it('refuses what is not a time of day', () => {
    for (const bad of ['24.00', '9.00', '10.60', '10', 'tio']) {
      expect(() => klockslag(bad)).toThrow(/not a time of day/);
    }
  });

  it('agrees with date-fns format (sv) over 1900–2100', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const utc = new UTCDate(`${date}T00:00:00Z`);
        return (
          veckodag(date) === format(utc, 'EEEE', { locale: sv }) &&
          datumUtanVeckodag(date) === format(utc, 'd MMMM yyyy', { locale: sv })
        );
      }),
      { numRuns: 2000 },
    );
  });
});
