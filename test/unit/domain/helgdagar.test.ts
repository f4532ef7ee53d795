import Holidays from 'date-holidays';
import { type IsoDate } from '../../../src/domain/datum';
import {
  allmannaHelgdagar,
  helgdagNamn,
  isAllmanHelgdag,
  midsommardagen,
  paskdagen,
} from '../../../src/domain/helgdagar';

const d = (s: string) => s as IsoDate;

describe('påskdagen (Gregorian computus)', () => {
  // Known Western Easter Sundays, including the earliest (22 March) and latest (25 April) possible.
  it.each([
    [1900, '1900-04-15'],
    [1913, '1913-03-23'],
    [1943, '1943-04-25'],
    [1954, '1954-04-18'],
    [1981, '1981-04-19'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2038, '2038-04-25'],
    [2100, '2100-03-28'],
  ])('%i: %s', (year, expected) => {
    expect(paskdagen(year)).toBe(expected);
  });
});

describe('allmänna helgdagar, lag (1989:253) 1 §', () => {
  it('lists the thirteen named days of 2023', () => {
    expect(allmannaHelgdagar(2023)).toEqual([
      { datum: '2023-01-01', namn: 'nyårsdagen' },
      { datum: '2023-01-06', namn: 'trettondedag jul' },
      { datum: '2023-04-07', namn: 'långfredagen' },
      { datum: '2023-04-09', namn: 'påskdagen' },
      { datum: '2023-04-10', namn: 'annandag påsk' },
      { datum: '2023-05-01', namn: 'första maj' },
      { datum: '2023-05-18', namn: 'Kristi himmelsfärdsdag' },
      { datum: '2023-05-28', namn: 'pingstdagen' },
      { datum: '2023-06-06', namn: 'nationaldagen' },
      { datum: '2023-06-24', namn: 'midsommardagen' },
      { datum: '2023-11-04', namn: 'alla helgons dag' },
      { datum: '2023-12-25', namn: 'juldagen' },
      { datum: '2023-12-26', namn: 'annandag jul' },
    ]);
  });

  it.each([
    [2019, '2019-04-19', '2019-05-30', '2019-06-09'],
    [2024, '2024-03-29', '2024-05-09', '2024-05-19'],
    [2026, '2026-04-03', '2026-05-14', '2026-05-24'],
    [2027, '2027-03-26', '2027-05-06', '2027-05-16'],
  ])(
    '%i: långfredagen %s, Kristi himmelsfärdsdag %s, pingstdagen %s follow Easter',
    (year, lf, khf, pingst) => {
      expect(helgdagNamn(d(lf))).toBe('långfredagen');
      expect(helgdagNamn(d(khf))).toBe('Kristi himmelsfärdsdag');
      expect(helgdagNamn(d(pingst))).toBe('pingstdagen');
      expect(allmannaHelgdagar(year)).toHaveLength(13);
    },
  );

  it.each([
    // Midsommardagen is the Saturday 20–26 June, both ends of the window included.
    [2015, '2015-06-20'],
    [2020, '2020-06-20'],
    [2021, '2021-06-26'],
    [2022, '2022-06-25'],
    [2023, '2023-06-24'],
    [2024, '2024-06-22'],
    [2025, '2025-06-21'],
    [2026, '2026-06-20'],
  ])('midsommardagen %i is %s, a Saturday', (year, expected) => {
    expect(midsommardagen(year)).toBe(expected);
    expect(new Date(`${expected}T00:00:00Z`).getUTCDay()).toBe(6);
  });

  it.each([
    // Alla helgons dag is the Saturday 31 October – 6 November, both ends included.
    [2015, '2015-10-31'],
    [2020, '2020-10-31'],
    [2021, '2021-11-06'],
    [2023, '2023-11-04'],
    [2024, '2024-11-02'],
    [2025, '2025-11-01'],
  ])('alla helgons dag %i is %s', (year, expected) => {
    expect(helgdagNamn(d(expected))).toBe('alla helgons dag');
    expect(allmannaHelgdagar(year).filter((h) => h.namn === 'alla helgons dag')).toEqual([
      { datum: expected, namn: 'alla helgons dag' },
    ]);
  });

  it('nationaldagen replaced annandag pingst from 2005 (SFS 2004:1058)', () => {
    expect(helgdagNamn(d('2004-05-31'))).toBe('annandag pingst');
    expect(helgdagNamn(d('2004-06-06'))).toBeUndefined(); // a Sunday that year, but not nationaldagen yet
    expect(isAllmanHelgdag(d('2003-06-06'))).toBe(false); // a Friday in 2003: a working day
    expect(helgdagNamn(d('2005-06-06'))).toBe('nationaldagen');
    expect(isAllmanHelgdag(d('2005-05-16'))).toBe(false); // annandag pingst 2005: a working day
  });

  it('every Sunday is an allmän helgdag, no Saturday is one unless named', () => {
    expect(isAllmanHelgdag(d('2023-10-15'))).toBe(true); // Sunday
    expect(isAllmanHelgdag(d('2023-10-14'))).toBe(false); // Saturday
    expect(isAllmanHelgdag(d('2023-11-04'))).toBe(true); // Saturday, alla helgons dag
    expect(isAllmanHelgdag(d('2023-10-16'))).toBe(false); // Monday
  });

  it('fixed-date days fall on any weekday and stay helgdagar', () => {
    for (const year of [1995, 2021, 2022, 2023, 2024, 2099]) {
      for (const md of ['01-01', '01-06', '05-01', '12-25', '12-26']) {
        expect(isAllmanHelgdag(d(`${year}-${md}`))).toBe(true);
      }
    }
  });

  // An independent oracle: the date-holidays library's 'public' Swedish holidays. It matches the current law
  // from 2005 on; before 2005 it lists annandag pingst as a mere 'observance', which is wrong for the law's
  // original wording, so it is only used from 2005.
  it('agrees with the date-holidays library on every public holiday 2005–2100', () => {
    const oracle = new Holidays('SE');
    for (let year = 2005; year <= 2100; year++) {
      const theirs = oracle
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .filter((date) => new Date(`${date}T00:00:00Z`).getUTCDay() !== 0 || helgdagNamn(d(date)))
        .sort();
      const ours = allmannaHelgdagar(year).map((h) => h.datum);
      expect({ year, days: ours }).toEqual({ year, days: theirs });
    }
  });

  it('agrees with date-holidays on påskdagen for every year 1900–2100', () => {
    const oracle = new Holidays('SE');
    for (let year = 1900; year <= 2100; year++) {
      const easter = oracle.getHolidays(year).find((h) => h.name === 'påskdagen');
      expect({ year, easter: paskdagen(year) }).toEqual({ year, easter: easter?.date.slice(0, 10) });
    }
  });
});
