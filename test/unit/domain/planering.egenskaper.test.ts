/**
 * Properties of every plan, over generated sammanträdesplaner (fast-check): whatever meetings a kommun has, no
 * step falls on a closed day, no draft starts before its period has ended, no inlämning comes after the
 * preparing meeting's föredragningslista closes, no meeting after the statutory limit goes without a warning,
 * and no report of this year is decided in the next year's meetings.
 */
import fc from 'fast-check';
import { loadAllKommuner } from '../../../src/config/load';
import { addDays, isoDate, type IsoDate } from '../../../src/domain/datum';
import { kallelseDagar } from '../../../src/domain/kallelse';
import type { KommunConfig } from '../../../src/domain/kommun';
import { planeraAr } from '../../../src/domain/planering';
import { isClosedDay } from '../../../src/domain/sondagsregeln';

const lund = loadAllKommuner().get('lund')!;
const AR = 2025;

/** A sorted set of open days of the year (and some of the next year's first quarter). */
const moten = (min: number, max: number, till = 365 + 90) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: till }), { minLength: min, maxLength: max })
    .map((dagar) =>
      [...new Set(dagar.map((n) => addDays(isoDate(AR, 1, 1), n)).filter((d) => !isClosedDay(d)))].sort(),
    );

const kommun = fc
  .record({
    KF: moten(0, 12),
    KS: moten(0, 14),
    KSAU: moten(0, 30),
    ASN: moten(0, 12),
    VON: moten(0, 12),
    listaKsau: fc.integer({ min: 0, max: 21 }),
    listaAsn: fc.integer({ min: 0, max: 21 }),
    underlag: fc.constantFrom('beslut' as const, 'inlamning' as const),
    evpManad: fc.constantFrom('juni' as const, 'november' as const, 'augusti' as const),
  })
  .map((g): KommunConfig => {
    const config = structuredClone(lund);
    const perAr = (dagar: IsoDate[], ar: number) =>
      dagar.filter((d) => d.startsWith(String(ar))).map((datum) => ({ datum }));
    config.sammantradesplan = Object.fromEntries(
      [AR, AR + 1].map((ar) => [
        String(ar),
        {
          KF: perAr(g.KF, ar),
          KS: perAr(g.KS, ar),
          KSAU: perAr(g.KSAU, ar),
          ASN: perAr(g.ASN, ar),
          VON: perAr(g.VON, ar),
        },
      ]),
    );
    config.organ = config.organ.map((o) =>
      o.kortnamn === 'KSAU'
        ? { ...o, reglemente: { ...o.reglemente, foredragningslistaStangerDagar: g.listaKsau } }
        : o.kortnamn === 'ASN'
          ? { ...o, reglemente: { ...o.reglemente, foredragningslistaStangerDagar: g.listaAsn } }
          : o,
    );
    config.rapportslag = [
      ...(config.rapportslag ?? []).map((s) => ({ ...s, namndernasUnderlag: g.underlag })),
      { id: 'evp', typ: 'evp', beslutsmanad: g.evpManad },
    ];
    return config;
  });

it('keeps every rule on any sammanträdesplan', () => {
  fc.assert(
    fc.property(kommun, (config) => {
      const planer = planeraAr(config, AR);
      for (const plan of planer) {
        const organ = (k: string) => config.organ.find((o) => o.kortnamn === k)!;
        for (const s of plan.steg) {
          // No step on a closed day.
          expect([s.start, s.forfaller].filter(isClosedDay)).toEqual([]);
          expect(s.start <= s.forfaller).toBe(true);
        }
        if (plan.steg.length === 0) {
          expect(plan.varningar.some((v) => v.blockerande)).toBe(true);
          continue;
        }
        // No draft before the period end (the EVP has none: it is planned back from KF).
        // (A verksamhetsplan: not before the EVP's KF beslut it is written on.)
        const evp = planer.find((p) => p.id === plan.startarEfter?.rapportId);
        if (plan.typ !== 'evp')
          expect(plan.steg[0]!.start > (evp?.fullmaktige?.datum ?? plan.periodslut)).toBe(true);
        // No inlämning after the preparing meeting's list closes.
        const forbereder = plan.beredning ?? plan.beslut;
        expect(
          plan.inlamning <=
            kallelseDagar(organ(forbereder.organ), forbereder.datum).foredragningslistaStanger,
        ).toBe(true);
        // Never after the statutory limit without a warning.
        if (plan.lagkrav && plan.typ !== 'evp' && plan.beslut.datum > plan.lagkrav.senast) {
          expect(plan.varningar.map((v) => v.kod)).toContain('LAGKRAV_MISSAS');
        }
        if (plan.typ === 'evp' && plan.fullmaktige!.datum > plan.lagkrav!.senast) {
          expect(plan.varningar.map((v) => v.kod)).toContain('BUDGET_SEN');
        }
        // Never a meeting of the following year for this year's report (a verksamhetsplan is next year's own).
        if (plan.typ !== 'verksamhetsplan') {
          for (const s of plan.steg.filter((x) => x.sammantrade))
            expect(s.sammantrade!.datum < `${AR + 1}-01-01`).toBe(true);
        }
      }
    }),
    { numRuns: 150 },
  );
});
