import type { IsoDate } from '../../../src/domain/datum';
import { nyForfallodagFel } from '../../../src/domain/forfallodag';

const d = (s: string) => s as IsoDate;
const regler = (ny: string, idag = '2026-12-07', planerad = '2026-09-18') =>
  nyForfallodagFel(d(ny), d(idag), d(planerad)).map((f) => [f.field, f.rule]);

describe('a new due date (nyForfallodagFel)', () => {
  it('accepts an open day from today on within the task year', () => {
    expect(regler('2026-12-07')).toEqual([]);
    expect(regler('2026-12-08')).toEqual([]);
    expect(regler('2027-01-04')).toEqual([]);
  });

  it('refuses a day that has passed, naming the rule', () => {
    expect(regler('2026-12-04')).toEqual([['forfaller', 'forfallodag_ej_passerad']]);
  });

  it('refuses a Saturday, a Sunday, a helgdag and a helgafton, naming the day', () => {
    for (const dag of ['2026-12-12', '2026-12-13', '2026-12-24', '2026-12-25', '2026-12-31', '2027-01-06']) {
      expect(regler(dag)).toEqual([['forfaller', 'forfallodag_oppen_dag']]);
    }
    const [jul] = nyForfallodagFel(d('2026-12-25'), d('2026-12-07'), d('2026-09-18'));
    expect(jul!.message).toContain('juldagen');
    const [lordag] = nyForfallodagFel(d('2026-12-12'), d('2026-12-07'), d('2026-09-18'));
    expect(lordag!.message).toContain('lördag');
  });

  it("refuses a day before the task's year, whatever today is", () => {
    expect(regler('2025-12-30', '2025-12-01', '2026-03-02')).toEqual([
      ['forfaller', 'forfallodag_inom_aret'],
    ]);
    // Moved into the past, on a Sunday, before the year: every rule it breaks.
    expect(regler('2025-06-01', '2026-12-07')).toEqual([
      ['forfaller', 'forfallodag_inom_aret'],
      ['forfaller', 'forfallodag_ej_passerad'],
      ['forfaller', 'forfallodag_oppen_dag'],
    ]);
  });
});
