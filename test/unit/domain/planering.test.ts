import { loadAllKommuner } from '../../../src/config/load';
import { type IsoDate } from '../../../src/domain/datum';
import {
  openDayOnOrBefore,
  planeraAr,
  planeraRapport,
  revisionsfrister,
} from '../../../src/domain/planering';
import { isClosedDay } from '../../../src/domain/sondagsregeln';

const kommuner = loadAllKommuner();
const lund = kommuner.get('lund')!;
const d = (s: string) => s as IsoDate;

describe('the årshjul planned backwards', () => {
  it('reproduces the Lund 2023 delårsrapport chain of document 000', () => {
    const plan = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan).toMatchObject({
      id: 'lund/2023/KS/delarsrapport-augusti',
      titel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      periodslut: '2023-08-31',
      start: '2023-09-01',
      inlamning: '2023-09-21', // kommunkontorets tjänsteskrivelse 2023-09-21
      beredning: { organ: 'KSAU', datum: '2023-10-02' },
      beslut: { organ: 'KS', datum: '2023-10-11' },
      fullmaktige: { datum: '2023-10-26' },
      lagkrav: { senast: '2023-10-31', regel: 'KL 11 kap. 16 §' },
      varningar: [],
    });
    expect(plan.steg.map((s) => [s.steg, s.start, s.forfaller, s.ansvarig])).toEqual([
      ['utkast', '2023-09-01', '2023-09-15', 'handlaggare-ks'],
      ['godkannande', '2023-09-15', '2023-09-19', 'ekonomidirektor'],
      ['registrering', '2023-09-19', '2023-09-21', 'registrator'],
      ['beredning', '2023-09-21', '2023-10-02', 'kommunsekreterare'],
      ['beslut', '2023-10-02', '2023-10-11', 'kommunsekreterare'],
      ['overlamning', '2023-10-11', '2023-10-31', 'kommunsekreterare'],
    ]);
  });

  it('skips meetings that come too soon after the period ends', () => {
    // KS 2023-09-13 would need the report on 2023-08-24, before the period has even ended.
    expect(planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023).beslut.datum).toBe('2023-10-11');
  });

  it('plans a nämnd without an utskott straight to its own meeting', () => {
    const plan = planeraRapport(lund, 'VON', 'delarsrapport-augusti', 2023);
    expect(plan.beredning).toBeUndefined();
    expect(plan.fullmaktige).toBeUndefined();
    expect(plan.steg.map((s) => s.steg)).toEqual(['utkast', 'godkannande', 'registrering', 'beslut']);
    expect(plan.beslut).toEqual({ organ: 'VON', datum: '2023-10-19' });
  });

  it('plans the årsredovisning of the year before and the verksamhetsplan of the year after', () => {
    const ar = planeraRapport(lund, 'KS', 'arsredovisning', 2023);
    expect(ar.titel).toBe('Årsredovisning och bokslut 2022 för kommunstyrelsen');
    expect(ar.lagkrav?.senast).toBe('2023-04-15');
    expect(ar.steg.at(-1)?.forfaller).toBe('2023-04-14'); // 15 April 2023 is a Saturday: the Friday before
    const vp = planeraRapport(lund, 'VON', 'verksamhetsplan', 2023);
    expect(vp.titel).toBe('Verksamhetsplan och internbudget 2024 för vård- och omsorgsnämnden');
    expect(vp.start >= '2023-12-01').toBe(true);
  });

  it('warns the kanslichef when KS cannot decide within two months of the period end (KL 11 kap. 16 §)', () => {
    const late = structuredClone(lund);
    late.sammantradesplan['2023']!.KS = late.sammantradesplan['2023']!.KS!.filter(
      (m) => m.datum !== '2023-10-11',
    );
    const plan = planeraRapport(late, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.beslut.datum).toBe('2023-11-08');
    expect(plan.varningar).toEqual([expect.objectContaining({ kod: 'LAGKRAV_MISSAS' })]);
    expect(plan.varningar[0]?.meddelande).toMatch(/efter 2023-10-31 .*KL 11 kap\. 16 §/);
  });

  it('warns when the sammanträdesplan has no meeting for a report', () => {
    const plan = planeraRapport(kommuner.get('linkoping')!, 'KS', 'verksamhetsplan', 2024);
    expect(plan.steg).toEqual([]);
    expect(plan.varningar).toEqual([expect.objectContaining({ kod: 'INGET_SAMMANTRADE' })]);
  });

  it('never plans a deadline on a closed day, and keeps every chain in order', () => {
    for (const config of kommuner.values()) {
      for (const ar of Object.keys(config.sammantradesplan).map(Number)) {
        for (const plan of planeraAr(config, ar)) {
          for (const [i, steg] of plan.steg.entries()) {
            expect({ plan: plan.id, steg: steg.steg, closed: isClosedDay(steg.forfaller) }).toEqual({
              plan: plan.id,
              steg: steg.steg,
              closed: false,
            });
            expect(steg.start <= steg.forfaller).toBe(true);
            if (i > 0) expect(plan.steg[i - 1]!.forfaller <= steg.forfaller).toBe(true);
          }
        }
      }
    }
  });

  it('moves a planned deadline to the open day before, and gives a returned report at least two days', () => {
    expect(openDayOnOrBefore(d('2023-12-26'))).toBe('2023-12-22');
    const plan = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
    expect(revisionsfrister(plan, d('2023-09-18'), 2)).toEqual({
      utkast: '2023-09-20',
      godkannande: '2023-09-21',
    });
    expect(revisionsfrister(plan, d('2023-09-05'), 2)).toEqual({
      utkast: '2023-09-15',
      godkannande: '2023-09-19',
    });
  });
});
