import fc from 'fast-check';
import { addDays, daysBetween, type IsoDate } from '../../../src/domain/datum';
import { beraknaFrister, fristerInputSchema } from '../../../src/domain/frister';
import { isClosedDay } from '../../../src/domain/sondagsregeln';
import { felFromZod } from '../../../src/domain/validering';
import { anyDate } from '../../helpers/arbitraries';
import { LUND_KS_FRISTER } from '../../helpers/lund';

const d = (s: string) => s as IsoDate;
const frister = (input: Record<string, string>) => beraknaFrister(fristerInputSchema.parse(input));
const errors = (input: Record<string, unknown>) => {
  const result = fristerInputSchema.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  return felFromZod(result.error);
};

describe('the statutory chain', () => {
  it('gives the reference result of document 000 (Lund KS 2023-10-11)', () => {
    expect(frister({ sammantrade: '2023-10-11', justering: '2023-10-18', anslag: '2023-10-19' })).toEqual(
      LUND_KS_FRISTER,
    );
  });

  it('plans from the latest lawful dates when justering and anslag have not happened', () => {
    expect(frister({ sammantrade: '2023-10-11' })).toEqual({
      sammantrade: '2023-10-11',
      justering: null,
      anslag: null,
      justeringSenast: '2023-10-25',
      anslagSenast: '2023-10-27', // 25 + 2, a Friday
      overklagandeSenast: '2023-11-17', // 27 October + 3 weeks
      anslagNedtidigast: '2023-11-18',
      lagaKraft: '2023-11-18',
      avvikelser: [],
      planerad: ['justering', 'anslag'],
    });
  });

  it('plans only the anslag when the justering is known', () => {
    const result = frister({ sammantrade: '2023-10-11', justering: '2023-10-18' });
    expect(result.anslagSenast).toBe('2023-10-20');
    expect(result.overklagandeSenast).toBe('2023-11-10');
    expect(result.planerad).toEqual(['anslag']);
  });

  it('moves justeringSenast over a weekend: meeting on a Saturday-ending period', () => {
    // 2023-10-07 + 14 = Saturday 21 October → Monday 23 October.
    expect(frister({ sammantrade: '2023-10-07' }).justeringSenast).toBe('2023-10-23');
  });

  it('moves anslagSenast over Christmas and the appeal period over New Year', () => {
    const result = frister({ sammantrade: '2023-12-12', justering: '2023-12-21', anslag: '2023-12-22' });
    expect(result.anslagSenast).toBe('2023-12-27'); // 23 Dec is a Saturday → over julafton … annandag jul
    expect(result.overklagandeSenast).toBe('2024-01-12'); // 22 Dec + 3 weeks, a Friday
    expect(result.lagaKraft).toBe('2024-01-13'); // the calendar day after, a Saturday: not moved
  });

  it('moves the last day of appeal when three weeks end on a helgdag', () => {
    // Anslag on Friday 2023-05-26 → three weeks → Friday 16 June; anslag on 2023-06-02 → Friday 23 June,
    // midsommarafton → Monday 26 June; the anslag may come down on Tuesday 27 June.
    const result = frister({ sammantrade: '2023-05-22', justering: '2023-06-01', anslag: '2023-06-02' });
    expect(result.overklagandeSenast).toBe('2023-06-26');
    expect(result.anslagNedtidigast).toBe('2023-06-27');
  });

  it('lets justering happen on the meeting day and anslag on the justering day (omedelbar justering)', () => {
    const result = frister({ sammantrade: '2023-10-11', justering: '2023-10-11', anslag: '2023-10-11' });
    expect(result.avvikelser).toEqual([]);
    expect(result.overklagandeSenast).toBe('2023-11-01');
  });

  it('reports a late justering and a late anslag, and still counts from the real dates', () => {
    const result = frister({ sammantrade: '2023-10-11', justering: '2023-10-26', anslag: '2023-11-01' });
    expect(result.justeringSenast).toBe('2023-10-25');
    expect(result.anslagSenast).toBe('2023-10-30'); // 26 + 2 = Saturday 28 → Monday 30
    expect(result.avvikelser).toEqual(['JUSTERING_FORSENAD', 'ANSLAG_FORSENAT']);
    expect(result.overklagandeSenast).toBe('2023-11-22');
  });

  it('is not late on the last lawful day itself', () => {
    const result = frister({ sammantrade: '2023-10-11', justering: '2023-10-25', anslag: '2023-10-27' });
    expect(result.avvikelser).toEqual([]);
  });

  it('property: every deadline is an open day, lagaKraft is the day after the last appeal day', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(20), fc.nat(6), (sammantrade, toJustering, toAnslag) => {
        const justering = addDays(sammantrade, toJustering);
        const anslag = addDays(justering, toAnslag);
        if (anslag > d('2100-12-31')) return true;
        const r = frister({ sammantrade, justering, anslag });
        const unadjusted = [
          [r.justeringSenast, addDays(sammantrade, 14)],
          [r.anslagSenast, addDays(justering, 2)],
          [r.overklagandeSenast, addDays(anslag, 21)],
        ] as const;
        return (
          unadjusted.every(
            ([got, raw]) => !isClosedDay(got) && daysBetween(raw, got) >= 0 && daysBetween(raw, got) <= 5,
          ) &&
          r.lagaKraft === addDays(r.overklagandeSenast, 1) &&
          r.avvikelser.includes('JUSTERING_FORSENAD') === justering > r.justeringSenast &&
          r.avvikelser.includes('ANSLAG_FORSENAT') === anslag > r.anslagSenast
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe('bad input names the field and the rule', () => {
  it.each([
    [{ sammantrade: '2023-02-30' }, 'sammantrade', 'giltigt_datum'],
    [{ sammantrade: '11/10/2023' }, 'sammantrade', 'giltigt_datum'],
    [{ sammantrade: '2023-10-1' }, 'sammantrade', 'giltigt_datum'],
    [{ sammantrade: '1899-12-31' }, 'sammantrade', 'datum_inom_intervall'],
    [{}, 'sammantrade', 'obligatorisk'],
    [{ sammantrade: '2023-10-11', justering: '2023-10-10' }, 'justering', 'justering_tidigast_sammantrade'],
    [
      { sammantrade: '2023-10-11', justering: '2023-10-18', anslag: '2023-10-17' },
      'anslag',
      'anslag_tidigast_justering',
    ],
    [{ sammantrade: '2023-10-11', anslag: '2023-10-10' }, 'anslag', 'anslag_tidigast_justering'],
    [{ sammantrade: '2023-10-11', justering: 'igår' }, 'justering', 'giltigt_datum'],
  ])('%j → %s (%s)', (input, field, rule) => {
    expect(errors(input)).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('says what is wrong in Swedish', () => {
    expect(errors({ sammantrade: '2023-02-30' })[0]?.message).toBe(
      '"2023-02-30" är inget giltigt datum (skriv ÅÅÅÅ-MM-DD, t.ex. 2023-10-11)',
    );
    expect(errors({ sammantrade: '2023-10-11', justering: '2023-10-10' })[0]?.message).toContain(
      'före sammanträdet 2023-10-11',
    );
  });
});
