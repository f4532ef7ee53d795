/** The årshjul planned as the kommun plans it (src/domain/planering.ts, motesval.ts, lagkrav.ts). */
import { loadAllKommuner } from '../../../src/config/load';
import { type IsoDate } from '../../../src/domain/datum';
import type { KommunConfig } from '../../../src/domain/kommun';
import { arValar, budgetfonster } from '../../../src/domain/lagkrav';
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
const steg = (plan: ReturnType<typeof planeraRapport>) =>
  plan.steg.map((s) => [s.organ ? `${s.steg}:${s.organ}` : s.steg, s.start, s.forfaller, s.ansvarig]);

/** Lund with its sammanträdesplan changed by `andra` (a copy). */
function lundMed(andra: (plan: KommunConfig['sammantradesplan']) => void): KommunConfig {
  const config = structuredClone(lund);
  andra(config.sammantradesplan);
  return config;
}
const utan = (dates: string[]) => (m: { datum: string }) => !dates.includes(m.datum);

describe('the chain of document 000', () => {
  it('reproduces Lund’s delårsrapport 2023: tjänsteskrivelse 2023-09-21, KSAU 2023-10-02, KS 2023-10-11', () => {
    const plan = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan).toMatchObject({
      id: 'lund/2023/KS/delarsrapport-augusti',
      typ: 'delarsrapport',
      titel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      periodslut: '2023-08-31',
      start: '2023-09-01',
      inlamning: '2023-09-21', // kommunkontorets tjänsteskrivelse 2023-09-21, the day KSAU's list closes
      beredning: { organ: 'KSAU', datum: '2023-10-02' },
      beslut: { organ: 'KS', datum: '2023-10-11' },
      fullmaktige: { datum: '2023-10-26' },
      lagkrav: { senast: '2023-10-31', regel: 'KL 11 kap. 16 §' },
      lasta: [],
      varningar: [],
    });
    expect(steg(plan)).toEqual([
      ['utkast', '2023-09-01', '2023-09-15', 'handlaggare-ks'],
      ['godkannande', '2023-09-15', '2023-09-19', 'ekonomidirektor'],
      ['registrering', '2023-09-19', '2023-09-21', 'registrator'],
      ['beredning', '2023-09-21', '2023-10-02', 'kommunsekreterare'],
      ['beslut', '2023-10-02', '2023-10-11', 'kommunsekreterare'],
      // Handed to KF and the revisorer in time for KF's kallelse (KF 2023-10-26, kallelse ten days before).
      ['overlamning', '2023-10-11', '2023-10-16', 'kommunsekreterare'],
      // The revisorer's bedömning (KL 12 kap. 2 §) before the KF meeting, then KF's beslut.
      ['revisorer', '2023-10-16', '2023-10-25', 'revisor'],
      ['fullmaktige', '2023-10-25', '2023-10-26', 'kommunsekreterare'],
    ]);
  });

  it('waits for the nämnder’s reports, handed in to kommunkontoret before KS’s draft is due', () => {
    const plan = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.underlag).toEqual({
      steg: 'inlamning',
      rapporter: [
        expect.objectContaining({
          id: 'lund/2023/ASN/delarsrapport-augusti',
          organ: 'ASN',
          klart: '2023-09-13',
        }),
        expect.objectContaining({
          id: 'lund/2023/VON/delarsrapport-augusti',
          organ: 'VON',
          klart: '2023-09-14',
        }),
      ],
    });
    for (const r of plan.underlag!.rapporter) expect(r.klart <= plan.steg[0]!.forfaller).toBe(true);
  });

  it('skips meetings that come too soon after the period ends', () => {
    // KS 2023-09-13 would need the report by KSAU 2023-09-04's list, 2023-08-24: before the period has ended.
    expect(planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023).beslut.datum).toBe('2023-10-11');
  });
});

describe('the default, as real kommuner plan', () => {
  it('due the inlämning the day the preparing meeting’s föredragningslista closes (its reglemente)', () => {
    // VON has no utskott: its own list closes a week before (the default), 2023-09-14 for 2023-09-21.
    const plan = planeraRapport(lund, 'VON', 'delarsrapport-augusti', 2023);
    expect(plan.beredning).toBeUndefined();
    expect(plan.fullmaktige).toBeUndefined();
    expect(plan.beslut).toEqual({ organ: 'VON', datum: '2023-09-21' });
    expect(plan.inlamning).toBe('2023-09-14');
    expect(plan.steg.map((s) => s.steg)).toEqual(['utkast', 'godkannande', 'registrering', 'beslut']);
  });

  it('prepares in the utskott’s last meeting at least eight days before the deciding one', () => {
    // KSAU 2023-10-02 is nine days before KS 2023-10-11; a KSAU a week before would be too late for the kallelse.
    const tat = lundMed((p) => p['2023']!.KSAU!.push({ datum: d('2023-10-04') }));
    tat.sammantradesplan['2023']!.KSAU!.sort((a, b) => a.datum.localeCompare(b.datum));
    expect(planeraRapport(tat, 'KS', 'delarsrapport-augusti', 2023).beredning?.datum).toBe('2023-10-02');
  });

  it('plans the årsredovisning of the year before for the spring, by 15 April', () => {
    const plan = planeraRapport(lund, 'KS', 'arsredovisning', 2023);
    expect(plan.titel).toBe('Årsredovisning och bokslut 2022 för kommunstyrelsen');
    expect(plan.beslut.datum).toBe('2023-04-12');
    expect(plan.fullmaktige?.datum).toBe('2023-04-27');
    expect(plan.lagkrav?.senast).toBe('2023-04-15');
    expect(plan.varningar).toEqual([]);
    const revision = plan.steg.find((s) => s.steg === 'revisorer');
    expect(revision).toMatchObject({
      ansvarig: 'revisor',
      sammantrade: { organ: 'KF', datum: '2023-04-27' },
    });
  });

  it('gives the nämnder’s reports no revisorer step and no KF', () => {
    for (const slag of ['delarsrapport-augusti', 'arsredovisning']) {
      const plan = planeraRapport(lund, 'ASN', slag, 2023);
      expect(plan.steg.some((s) => s.steg === 'revisorer' || s.steg === 'fullmaktige')).toBe(false);
    }
  });

  it('shortens the chef’s approval rather than leave the draft no days, when the period is short', () => {
    // Vännäs takes its Tertial 1 to KSAU two weeks after the period (config/examples/planer/vannas-2024.yaml).
    const vannas = structuredClone(lund);
    vannas.sammantradesplan = {
      2023: { KS: [{ datum: d('2023-05-30') }], KSAU: [{ datum: d('2023-05-16') }] },
    };
    vannas.rapporter = [{ organ: 'KS', slag: ['delarsrapport-april'] }];
    const plan = planeraRapport(vannas, 'KS', 'delarsrapport-april', 2023);
    expect(plan.inlamning).toBe('2023-05-05');
    expect(steg(plan).slice(0, 3)).toEqual([
      ['utkast', '2023-05-02', '2023-05-04', 'handlaggare-ks'],
      ['godkannande', '2023-05-04', '2023-05-05', 'ekonomidirektor'],
      ['registrering', '2023-05-05', '2023-05-05', 'registrator'],
    ]);
  });
});

describe('warnings only where a rule is broken', () => {
  it('warns when KS cannot hand the delårsrapport over within two months (KL 11 kap. 16 §), saying what to do', () => {
    const late = lundMed((p) => (p['2023']!.KS = p['2023']!.KS!.filter(utan(['2023-10-11']))));
    const plan = planeraRapport(late, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.beslut.datum).toBe('2023-11-08');
    expect(plan.varningar).toEqual([
      expect.objectContaining({ kod: 'LAGKRAV_MISSAS', regel: 'KL 11 kap. 16 §' }),
    ]);
    expect(plan.varningar[0]?.meddelande).toMatch(
      /KS beslutar 2023-11-08, men .* senast 2023-10-31 \(KL 11 kap\. 16 §\); lägg ett sammanträde för KS senast 2023-10-31/,
    );
  });

  it('checks the styrelse’s handover, not the KF meeting that takes the report up later', () => {
    // KS decides 2023-10-11, within two months; KF takes it up 2023-11-22 — lawful, no warning.
    const kfSent = lundMed((p) => (p['2023']!.KF = p['2023']!.KF!.filter(utan(['2023-10-26']))));
    const plan = planeraRapport(kfSent, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.fullmaktige?.datum).toBe('2023-11-22');
    expect(plan.varningar).toEqual([]);
  });

  it('never reaches into the next year: no meeting left, a blocking warning names the one missing', () => {
    const tom = lundMed((p) => (p['2023']!.KS = p['2023']!.KS!.filter((m) => m.datum < '2023-09-01')));
    const plan = planeraRapport(tom, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.steg).toEqual([]);
    expect(plan.varningar).toEqual([
      expect.objectContaining({ kod: 'INGET_SAMMANTRADE', blockerande: true }),
    ]);
    expect(plan.varningar[0]?.meddelande).toMatch(/inget sammanträde för KS från 2023-09-01 till 2023-12-31/);
  });

  it('names the utskott when it has no meeting to prepare the report at', () => {
    const utanAu = lundMed((p) => (p['2023']!.KSAU = p['2023']!.KSAU!.filter((m) => m.datum < '2023-09-01')));
    const plan = planeraRapport(utanAu, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.varningar[0]?.meddelande).toMatch(
      /KSAU har inget sammanträde .*lägg till ett sammanträde för KSAU/,
    );
  });

  it('warns that a nämnd is planned too late for KS, rather than let KS miss the law for it', () => {
    // VON's only meeting after the period is late in October: KS keeps its lawful meeting and says so.
    const sen = lundMed((p) => {
      p['2023']!.VON = p['2023']!.VON!.filter((m) => m.datum < '2023-09-01' || m.datum > '2023-10-18');
    });
    const plan = planeraRapport(sen, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.beslut.datum).toBe('2023-10-11');
    expect(plan.varningar).toEqual([expect.objectContaining({ kod: 'UNDERLAG_SENT' })]);
    expect(plan.varningar[0]?.meddelande).toMatch(/VON blir klar med sin rapport först/);
  });

  it('gives the seeds’ plans no warning: their calendars are lawful', () => {
    for (const [kommun, ar] of [
      ['lund', 2023],
      ['lund', 2026],
      ['lund', 2027],
      ['linkoping', 2024],
      ['eskilstuna', 2022],
    ] as const) {
      const varningar = planeraAr(kommuner.get(kommun)!, ar).flatMap((p) => p.varningar.map((v) => v.kod));
      // Lund's example calendar for 2024 lacks nothing either; its April report waits on ASN as planned.
      expect({ kommun, ar, varningar }).toEqual({ kommun, ar, varningar: [] });
    }
  });
});

describe('pins, as the kansli writes them', () => {
  it('keeps a pinned meeting and derives the rest around it, marking which is which', () => {
    const last = lundMed((p) => {
      p['2023']!.KS = p['2023']!.KS!.map((m) =>
        m.datum === '2023-11-08' ? { ...m, rapporter: ['delarsrapport-augusti'] } : m,
      );
    });
    const plan = planeraRapport(last, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan.lasta).toEqual(['beslut']);
    expect(plan.beslut.datum).toBe('2023-11-08');
    expect(plan.beredning?.datum).toBe('2023-10-30'); // derived: KSAU at least eight days before
    expect(plan.fullmaktige?.datum).toBe('2023-11-22'); // derived: the first KF at least eight days after
    expect(plan.varningar.map((v) => v.kod)).toEqual(['LAGKRAV_MISSAS']); // a pin may break the law: said
  });

  it('derives the beslut before a pinned KF meeting', () => {
    const last = lundMed((p) => {
      p['2023']!.KF = p['2023']!.KF!.map((m) =>
        m.datum === '2023-11-22' ? { ...m, rapporter: ['delarsrapport-augusti'] } : m,
      );
    });
    const plan = planeraRapport(last, 'KS', 'delarsrapport-augusti', 2023);
    expect(plan).toMatchObject({ lasta: ['fullmaktige'], fullmaktige: { datum: '2023-11-22' } });
    expect(plan.beslut.datum).toBe('2023-10-11');
  });
});

describe('the EVP and the verksamhetsplaner on it', () => {
  it('plans Lund’s EVP 2024–2026 backwards from KF in November (document 002: KF 22–23 November 2023)', () => {
    const plan = planeraRapport(lund, 'KS', 'evp', 2023);
    expect(plan).toMatchObject({
      titel: 'Ekonomi- och verksamhetsplan 2024–2026',
      ar: 2024,
      beredning: { organ: 'KSAU', datum: '2023-10-30' },
      beslut: { organ: 'KS', datum: '2023-11-08' },
      fullmaktige: { datum: '2023-11-22' },
      lagkrav: { senast: '2023-11-30' },
      varningar: [],
    });
    expect(steg(plan)).toEqual([
      ['budgetunderlag:ASN', '2023-08-29', '2023-09-28', 'asn-handlaggare'],
      ['budgetunderlag:VON', '2023-08-29', '2023-09-28', 'von-handlaggare'],
      ['utkast', '2023-09-29', '2023-10-13', 'handlaggare-ks'],
      ['godkannande', '2023-10-13', '2023-10-17', 'ekonomidirektor'],
      ['registrering', '2023-10-17', '2023-10-19', 'registrator'],
      ['beredning', '2023-10-19', '2023-10-30', 'kommunsekreterare'],
      ['beslut', '2023-10-30', '2023-11-08', 'kommunsekreterare'],
      ['fullmaktige', '2023-11-08', '2023-11-22', 'kommunsekreterare'],
    ]);
  });

  it('starts the nämnder’s verksamhetsplaner from the EVP’s KF beslut, not on a fixed day', () => {
    const plan = planeraRapport(lund, 'VON', 'verksamhetsplan', 2023);
    expect(plan.titel).toBe('Verksamhetsplan och internbudget 2024 för vård- och omsorgsnämnden');
    expect(plan.startarEfter).toEqual({ rapportId: 'lund/2023/KS/evp', steg: 'fullmaktige' });
    expect(plan.start).toBe('2023-11-23');
    expect(plan.beslut.datum).toBe('2023-12-14');
  });

  it('in an election year lets only the newly elected KF set the budget (KL 5 kap. 9 §)', () => {
    expect([2018, 2022, 2026].every(arValar)).toBe(true);
    expect([2023, 2024, 2025, 2027].some(arValar)).toBe(false);
    expect(budgetfonster(2026).tidigast?.senast).toBe('2026-10-15');
    // A June kommun in an election year: the plan takes the new KF's November meeting, lawfully.
    const juni = structuredClone(lund);
    juni.rapportslag = [...(juni.rapportslag ?? []), { id: 'evp', typ: 'evp', beslutsmanad: 'juni' }];
    expect(planeraRapport(juni, 'KS', 'evp', 2026).fullmaktige?.datum).toBe('2026-11-26');
    expect(planeraRapport(juni, 'KS', 'evp', 2027).fullmaktige?.datum).toBe('2027-06-17');
    // Pinned to the old KF's June meeting in an election year: the law is broken and said so.
    juni.sammantradesplan['2026']!.KF = juni.sammantradesplan['2026']!.KF!.map((m) =>
      m.datum === '2026-06-18' ? { ...m, rapporter: ['evp'] } : m,
    );
    expect(planeraRapport(juni, 'KS', 'evp', 2026).varningar.map((v) => v.kod)).toEqual([
      'BUDGET_FORE_VALET',
    ]);
  });

  it('warns when fullmäktige would set the budget after November (KL 11 kap.)', () => {
    const dec = lundMed((p) => {
      p['2023']!.KF = p['2023']!.KF!.map((m) =>
        m.datum === '2023-12-14' ? { ...m, rapporter: ['evp'] } : m,
      );
    });
    const plan = planeraRapport(dec, 'KS', 'evp', 2023);
    expect(plan.varningar).toEqual([expect.objectContaining({ kod: 'BUDGET_SEN' })]);
    expect(plan.varningar[0]?.meddelande).toMatch(/senast 2023-11-30/);
  });
});

describe('the kommun’s own kinds of report', () => {
  it('titles and times them as the kommun does', () => {
    const linkoping = kommuner.get('linkoping')!;
    expect(planeraRapport(linkoping, 'KS', 'delarsrapport-augusti', 2024).titel).toBe(
      'Delårsrapport per den 31 augusti med prognos för helår 2024',
    );
    const mars = planeraRapport(linkoping, 'KS', 'delarsrapport-mars', 2024);
    expect(mars).toMatchObject({ titel: 'Delårsrapport per den 31 mars 2024', periodslut: '2024-03-31' });
    expect(mars.lagkrav?.senast).toBe('2024-05-31');
    expect(planeraRapport(linkoping, 'KS', 'evp', 2024).titel).toBe('Budget 2025 med plan för 2026–2030');
    const eskilstuna = kommuner.get('eskilstuna')!;
    expect(planeraRapport(eskilstuna, 'KS', 'delarsrapport-augusti', 2022).titel).toBe(
      'Delårsrapport 2, 2022',
    );
  });
});

describe('dates', () => {
  it('never plans a deadline on a closed day, and keeps every chain in order', () => {
    for (const config of kommuner.values()) {
      for (const ar of Object.keys(config.sammantradesplan).map(Number)) {
        for (const plan of planeraAr(config, ar)) {
          for (const [i, s] of plan.steg.entries()) {
            expect({
              plan: plan.id,
              steg: s.steg,
              closed: [s.start, s.forfaller].filter(isClosedDay),
            }).toEqual({
              plan: plan.id,
              steg: s.steg,
              closed: [],
            });
            expect(s.start <= s.forfaller).toBe(true);
            if (i > 0) expect(plan.steg[i - 1]!.forfaller <= s.forfaller).toBe(true);
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
