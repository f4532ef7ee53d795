/** The protocol record's rules (src/domain/protokoll.ts) and the sammanträde's commands (src/domain/sammantrade.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IsoDate } from '../../../src/domain/datum';
import { loadAllKommuner } from '../../../src/config/load';
import {
  attSatserMedSkiljetecken,
  beslutandeVid,
  expedieringsmottagare,
  justeringSenast,
  protokollSchema,
  utdragFel,
  type Paragraf,
  type Protokoll,
} from '../../../src/domain/protokoll';
import {
  medRapporter,
  motesfaktaFor,
  nyttSammantrade,
  paragrafserieFor,
  sammantradeKommandoFel,
  tillampaSammantrade,
  type SammantradeKommando,
} from '../../../src/domain/sammantrade';
import { felFromZod } from '../../../src/domain/validering';

const d = (s: string) => s as IsoDate;
const raw = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../config/examples/lund-ks-2023-10-11.json'), 'utf8'),
);
const exempel = protokollSchema.parse(raw) as Protokoll;
const p336 = exempel.paragrafer.find((p) => p.nummer === 336) as Paragraf;
const fel = (value: unknown) => {
  const result = protokollSchema.safeParse(value);
  return result.success ? [] : felFromZod(result.error).map((f) => `${f.field} [${f.rule}] ${f.message}`);
};

describe('the protocol record', () => {
  it('reads document 000: 39 §§, 13 beslutande at § 336, the kanslichef present until § 354', () => {
    expect(exempel.paragrafer).toHaveLength(39);
    expect(beslutandeVid(exempel.narvaro, 336)).toHaveLength(13);
    const kanslichef = exempel.narvaro.ovriga.find((o) => o.roll === 'kanslichef')!;
    expect(kanslichef.paragrafer).toEqual([{ fran: 327, till: 354 }]);
    expect(p336.beslut.attSatser).toHaveLength(3);
  });

  it('refuses a § recorded twice, §§ out of order, and a justering beyond 14 days (KL 5 kap. 69 §)', () => {
    expect(fel({ ...raw, paragrafer: [...raw.paragrafer, { nummer: 336 }] })).toEqual([
      'paragrafer.39.nummer [paragraf_unik] § 336 finns redan i protokollet',
    ]);
    expect(fel({ ...raw, paragrafer: [{ nummer: 330 }, { nummer: 329 }] })).toEqual([
      'paragrafer.1.nummer [paragraf_ordning] § 329 kommer efter § 330: paragraferna står i nummerordning',
    ]);
    expect(
      fel({
        ...raw,
        justering: { ...raw.justering, datum: '2023-10-26', justerad: undefined },
        anslagUppsatt: undefined,
        anslagNedtaget: undefined,
      }),
    ).toEqual([
      'justering.datum [justering_inom_14_dagar] 2023-10-26 är efter 2023-10-25: protokollet ska justeras senast 14 dagar efter sammanträdet (KL 5 kap. 69 §)',
    ]);
    // A justering that did happen late is recorded (the deadline core reports it), not refused.
    expect(
      fel({
        ...raw,
        justering: { ...raw.justering, justerad: '2023-10-27' },
        anslagUppsatt: '2023-10-28',
        anslagNedtaget: '2023-11-21',
      }),
    ).toEqual([]);
    // Taken down before the three weeks of appeal are over: refused with the rule (KL 13 kap. 5 §).
    expect(
      fel({
        ...raw,
        justering: { ...raw.justering, justerad: '2023-10-27' },
        anslagUppsatt: '2023-10-28',
        anslagNedtaget: '2023-11-20',
      }),
    ).toEqual([
      'anslagNedtaget [anslag_hela_overklagandetiden] 2023-11-20 är före 2023-11-21: anslaget ska sitta uppe hela tiden för överklagande, tre veckor från den dag det sattes upp, och får tas ned tidigast dagen efter (KL 13 kap. 5 §)',
    ]);
    expect(fel({ ...raw, anslagUppsatt: '2023-10-17' })).toEqual([
      'anslagUppsatt [anslag_efter_justering] anslaget 2023-10-17 är före justeringen 2023-10-18',
    ]);
  });

  it('names the field of a broken § and the rule', () => {
    const broken = raw.paragrafer.map((p: { nummer: number }) =>
      p.nummer === 336 ? { ...p336, beslut: { ...p336.beslut, attSatser: ['godkänna rapporten'] } } : p,
    );
    expect(fel({ ...raw, paragrafer: broken })).toEqual([
      'paragrafer.9.beslut.attSatser.0 [invalid_format] en att-sats börjar med "att "',
    ]);
  });

  it('moves the last day of justering by söndagsregeln: 2023-12-10 + 14 days is julafton, a Sunday', () => {
    expect(justeringSenast(d('2023-10-11'))).toBe('2023-10-25');
    expect(justeringSenast(d('2023-12-10'))).toBe('2023-12-27');
  });

  it('extracts only what is justerat, or omedelbart justerat', () => {
    expect(utdragFel(exempel, [336])).toEqual([]);
    expect(utdragFel(exempel, [327, 400]).map((f) => f.rule)).toEqual([
      'paragraf_protokollford',
      'paragraf_finns',
    ]);
    const ojusterat = { ...exempel, justering: { ...exempel.justering, justerad: undefined } };
    expect(utdragFel(ojusterat, [336]).map((f) => f.rule)).toEqual(['utdrag_efter_justering']);
    const omedelbar = {
      ...ojusterat,
      paragrafer: ojusterat.paragrafer.map((p) =>
        p.nummer === 336 ? { ...p336, omedelbartJusterad: true } : p,
      ),
    };
    expect(utdragFel(omedelbar, [336])).toEqual([]);
  });

  it('joins att-satser as a Swedish decision reads, and lists the recipients of the adopted §', () => {
    expect(attSatserMedSkiljetecken(['att a', 'att b,', 'att c.'])).toEqual([
      'att a,',
      'att b, samt',
      'att c.',
    ]);
    expect(expedieringsmottagare(p336)).toEqual([
      { mottagare: 'Kommunkontoret', for: 'VERKSTALLIGHET' },
      { mottagare: 'Kommunfullmäktige', for: 'KANNEDOM' },
    ]);
  });
});

describe('the sammanträde’s commands', () => {
  const lund = loadAllKommuner().get('lund')!;
  const fakta = motesfaktaFor(lund, 'KS', d('2023-10-11'));
  const protokollforing = { ...nyttSammantrade(fakta), fas: 'PROTOKOLLFORING' as const };
  const { nummer: _n, ...utkast } = p336;
  const paragraf = (aktor: string, over: Partial<typeof utkast> = {}): SammantradeKommando => ({
    typ: 'protokollforParagraf',
    aktor,
    nyckel: 'KS 2023/0431',
    paragraf: { ...utkast, ...over },
  });

  it('resolves the meeting from the config: time and place from the plan, who is called, the recipients', () => {
    expect(fakta).toMatchObject({
      klockan: '14.00',
      plats: 'Sessionsalen, Stadshuset',
      anslagDagarEfterJustering: 1,
    });
    expect(fakta.kallade.sort()).toEqual([
      'ks-ersattare',
      'ks-justerare',
      'ks-ordforande',
      'ks-vice-ordforande',
    ]);
    expect(fakta.mottagare['Kommunkontoret']).toBe('kommunkontoret');
  });

  it('lets only the sekreterare or the kanslichef record, in the right phase, after the meeting has begun', () => {
    const kommando: SammantradeKommando = { typ: 'skickaForJustering', aktor: 'ks-justerare' };
    expect(sammantradeKommandoFel(protokollforing, kommando, d('2023-10-11')).map((f) => f.rule)).toEqual([
      'behorig_aktor',
      'motet_forst',
      'paragraf_finns',
    ]);
    expect(
      sammantradeKommandoFel(nyttSammantrade(fakta), paragraf('kommunsekreterare'), d('2023-10-11')).map(
        (f) => f.rule,
      ),
    ).toEqual(['fel_fas']);
  });

  it('refuses a § before the meeting’s facts, a § recorded twice and an unknown recipient', () => {
    expect(
      sammantradeKommandoFel(protokollforing, paragraf('kommunsekreterare'), d('2023-10-11')).map(
        (f) => f.rule,
      ),
    ).toEqual(['motet_forst']);
    const motet = tillampaSammantrade(protokollforing, {
      typ: 'protokollforMotet',
      aktor: 'kommunsekreterare',
      tid: exempel.tid,
      ajourneringar: [],
      narvaro: exempel.narvaro,
      ordforande: exempel.ordforande,
      sekreterare: exempel.sekreterare,
      justerare: [{ namn: 'Axel Hallberg (MP)', personId: 'ks-justerare' }],
      justering: { datum: d('2023-10-18'), plats: 'Digital justering' },
    });
    const recorded = tillampaSammantrade(motet, paragraf('kommunsekreterare'), 336);
    expect(recorded.paragrafer.map((p) => p.nummer)).toEqual([336]);
    expect(sammantradeKommandoFel(recorded, paragraf('kommunsekreterare'), d('2023-10-11'))).toEqual([
      {
        field: 'nyckel',
        rule: 'paragraf_en_gang',
        message: 'ärendet "KS 2023/0431" är redan protokollfört som § 336',
      },
    ]);
    const okand = paragraf('kommunsekreterare', {
      skickasTill: { verkstallighet: [], kannedom: ['Revisorerna'], mottagare: [] },
    });
    expect(
      sammantradeKommandoFel(motet, okand, d('2023-10-11')).map((f) => `${f.field} [${f.rule}]`),
    ).toEqual(['paragraf.skickasTill.kannedom.0 [mottagare_finns]']);
  });

  it('lists the revisorer’s bedömning with the report it joined, on KF’s list (KL 12 kap. 2 §)', () => {
    const state = medRapporter(nyttSammantrade(fakta), [
      {
        id: 'a',
        titel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
        status: 'REVISORERNAS_BEDOMNING',
        diarienummer: 'KS 2023/0431',
        steg: 'fullmaktige',
        handlingar: ['Revisorernas bedömning av delårsrapport per den 31 augusti 2023 (inkom 2023-10-20)'],
      },
    ]);
    expect(state.arenden[0]!.handlingar).toEqual([
      'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      'Revisorernas bedömning av delårsrapport per den 31 augusti 2023 (inkom 2023-10-20)',
    ]);
  });

  it('puts the registered reports planned for the meeting on the list, and notes the others', () => {
    const state = medRapporter(nyttSammantrade(fakta), [
      {
        id: 'a',
        titel: 'Delårsrapport',
        status: 'REGISTRERAD',
        diarienummer: 'KS 2023/0431',
        steg: 'beslut',
      },
      { id: 'b', titel: 'Verksamhetsplan', status: 'PAGAR', steg: 'beslut' },
    ]);
    expect(state.arenden.map((a) => [a.punkt, a.rubrik, a.diarienummer])).toEqual([
      [1, 'Delårsrapport', 'KS 2023/0431'],
    ]);
    expect(state.ejKlaraRapporter.map((r) => r.id)).toEqual(['b']);
    expect(
      medRapporter(state, [
        { id: 'a', titel: 'Delårsrapport', status: 'KLAR', diarienummer: 'KS 2023/0431', steg: 'beslut' },
      ]).arenden,
    ).toHaveLength(1);
  });
});

describe('the § series (issue 13)', () => {
  const organ = (
    typ: 'fullmaktige' | 'namnd',
    paragrafer?: { numrering: 'ar' | 'mandatperiod'; start?: Record<string, number> },
  ) =>
    ({
      kortnamn: 'X',
      namn: 'X',
      typ,
      reglemente: { kallelseDagar: 7, foredragningslistaStangerDagar: 7, justeringDagar: 7 },
      ...(paragrafer ? { paragrafer } : {}),
    }) as never;

  it('runs per year by default, from the config’s start for that year', () => {
    expect(
      paragrafserieFor(organ('namnd', { numrering: 'ar', start: { '2023': 327 } }), '2023-10-11' as never),
    ).toEqual({ serie: 2023, start: 327 });
    expect(paragrafserieFor(organ('namnd'), '2024-01-15' as never)).toEqual({ serie: 2024 });
  });

  it('runs per mandate period where the kommun numbers so: fullmäktige’s from 15 October of an election year (KL 5 kap. 9 §), a nämnd’s from 1 January after it', () => {
    const kf = organ('fullmaktige', { numrering: 'mandatperiod' });
    expect(paragrafserieFor(kf, '2022-10-14' as never).serie).toBe(2018);
    expect(paragrafserieFor(kf, '2022-10-15' as never).serie).toBe(2022);
    expect(paragrafserieFor(kf, '2026-06-10' as never).serie).toBe(2022);
    const namnd = organ('namnd', { numrering: 'mandatperiod', start: { '2023': 101 } });
    expect(paragrafserieFor(namnd, '2022-12-14' as never).serie).toBe(2019);
    expect(paragrafserieFor(namnd, '2023-01-25' as never)).toEqual({ serie: 2023, start: 101 });
    expect(paragrafserieFor(namnd, '2026-12-31' as never).serie).toBe(2023);
  });
});
