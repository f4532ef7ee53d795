/**
 * The format-neutral document models and the Swedish they write: names and genitives, participants as the front
 * page lists them, an omröstning with reservation, sections left out when empty, the kallelse, and a whole
 * protocol of 40 §§ (the benchmark's).
 */
import { heltProtokoll } from '../../../src/bench/heltProtokoll';
import type { IsoDate } from '../../../src/domain/datum';
import type { Block } from '../../../src/domain/dokument';
import { kallelseDokument, protokollDokument, textsOf } from '../../../src/domain/dokument';
import { paragrafBlocks } from '../../../src/domain/dokument/paragraf';
import {
  genitiv,
  ledamotText,
  ovrigText,
  tidOchPlats,
  tidOchPlatsForJustering,
  uppraknat,
} from '../../../src/domain/dokument/text';
import { kallelseSchema } from '../../../src/domain/kallelse';
import { isFullParagraf, protokollSchema, type Paragraf } from '../../../src/domain/protokoll';
import { renderKallelse, renderProtokoll } from '../../../src/documents';
import { EXEMPEL_KALLELSE, lundProtokoll, readPdf } from '../../helpers/dokument';
import { readFileSync } from 'node:fs';

const paragraf336 = (): Paragraf =>
  lundProtokoll().paragrafer.find((x): x is Paragraf => isFullParagraf(x) && x.nummer === 336)!;

const headings = (blocks: Block[], level: 1 | 2 | 3): string[] =>
  blocks.flatMap((b) =>
    b.kind === 'heading' && b.level === level
      ? [b.text]
      : b.kind === 'section' || b.kind === 'field'
        ? headings(b.blocks, level)
        : [],
  );

describe('Swedish of protocols', () => {
  it.each([
    ['Axel Hallberg (MP)', 'Axel Hallbergs (MP)'],
    ['Liv Severinsson (FNL)', 'Liv Severinssons (FNL)'],
    ['Klas', 'Klas'],
    ['Max Marx (V)', 'Max Marx (V)'],
    ['Inez Lindgren Ruiz', 'Inez Lindgren Ruiz'],
    ['Emma Ehrenberg', 'Emma Ehrenbergs'],
  ])('the genitive of %s is %s', (namn, expected) => {
    expect(genitiv(namn)).toBe(expected);
  });

  it.each([
    [[], ''],
    [['A'], 'A'],
    [['A', 'B'], 'A och B'],
    [['A', 'B', 'C'], 'A, B och C'],
  ])('lists %j as "%s"', (items, expected) => {
    expect(uppraknat(items)).toBe(expected);
  });

  it('writes participants as document 000 does', () => {
    const { narvaro } = lundProtokoll();
    expect(narvaro.ledamoter.map(ledamotText).slice(0, 3)).toEqual([
      'Anders Almgren (S), ordförande',
      'Rasmus Törnblom (M), vice ordförande',
      'Lina Olsson (S)',
    ]);
    expect(narvaro.ersattare.map(ledamotText)[3]).toBe('Christoffer Akej (M), § 327–355, kl. 14.00–17.05');
    expect(narvaro.ovriga.map(ovrigText)).toEqual([
      'Christoffer Karlsson, politisk sekreterare (L)',
      'Christoffer Nilsson, kommundirektör',
      'Emma Ehrenberg, kommunsekreterare',
      'Henrik Weimarsson, ekonomidirektör, § 327–356',
      'Karl Jönsson, kommunikationsstrateg, § 327–353',
      'Mattias Hedenrud, avdelningschef för ledningsstöd',
      'Oscar Arnell, chefsjurist',
      'Vesna Casitovski, kanslichef, § 327–354',
    ]);
  });

  it('writes the times and places of the meeting and the justering', () => {
    const p = lundProtokoll();
    expect(tidOchPlats(p)).toBe(
      '2023-10-11 klockan 14.00–18.00, ajournering klockan 15.46–16.07, Sessionsalen, Stadshuset',
    );
    expect(tidOchPlats({ ...p, ajourneringar: [...p.ajourneringar, { fran: '17.00', till: '17.10' }] })).toBe(
      '2023-10-11 klockan 14.00–18.00, ajournering klockan 15.46–16.07 och 17.00–17.10, Sessionsalen, Stadshuset',
    );
    expect(tidOchPlats({ ...p, ajourneringar: [] })).toBe(
      '2023-10-11 klockan 14.00–18.00, Sessionsalen, Stadshuset',
    );
    expect(tidOchPlatsForJustering(p.justering)).toBe(
      'Digital justering onsdagen den 18 oktober 2023, klockan 10.00',
    );
    const { klockan: _, ...utanKlockslag } = p.justering;
    expect(tidOchPlatsForJustering({ ...utanKlockslag, plats: 'Kommunkontoret' })).toBe(
      'Kommunkontoret onsdagen den 18 oktober 2023',
    );
  });
});

describe('a §', () => {
  it('leaves out the sections it has nothing for', () => {
    const x: Paragraf = { ...paragraf336(), yrkanden: [], sammanfattning: [], underlag: [] };
    delete x.beslutsgang;
    x.skickasTill = { verkstallighet: [], kannedom: ['Kommunfullmäktige'], mottagare: [] };
    const blocks = paragrafBlocks(x);
    expect(headings(blocks, 2)).toEqual(['Beslut', 'Beslutet skickas till']);
    expect(textsOf({ ...protokollDokument(lundProtokoll()), blocks })).not.toContain(
      'För verkställighet eller motsvarande åtgärd:',
    );
  });

  it('writes an omröstning with its ja, nej and avstår, the outcome, reservations and jäv', () => {
    const x: Paragraf = {
      ...paragraf336(),
      beslutsgang: {
        typ: 'OMROSTNING',
        text: 'Ordföranden ställer proposition och votering begärs.',
        ja: ['Anders Almgren (S)', 'Lina Olsson (S)'],
        nej: ['Rasmus Törnblom (M)'],
        avstar: [],
        utfall: 'Med 2 ja-röster mot 1 nej-röst har kommunstyrelsen bifallit yrkandet.',
      },
      reservationer: [{ av: ['Rasmus Törnblom (M)', 'Amanda Thonander (M)'], motivering: [] }],
      jav: [{ namn: 'Mattias Horrdin (C)', text: 'Han lämnar lokalen under ärendet.' }],
    };
    const texts = textsOf({ ...protokollDokument(lundProtokoll()), blocks: paragrafBlocks(x) });
    const from = texts.indexOf('Beslutsgång');
    expect(texts.slice(from, from + 14)).toEqual([
      'Beslutsgång',
      'Ordföranden ställer proposition och votering begärs.',
      'Röstar ja (2)',
      'Anders Almgren (S)',
      'Lina Olsson (S)',
      'Röstar nej (1)',
      'Rasmus Törnblom (M)',
      'Med 2 ja-röster mot 1 nej-röst har kommunstyrelsen bifallit yrkandet.',
      'Reservationer',
      'Rasmus Törnblom (M) och Amanda Thonander (M) reserverar sig mot beslutet.',
      'Jäv',
      'Mattias Horrdin (C) anmäler jäv och deltar inte i handläggningen av ärendet.',
      'Han lämnar lokalen under ärendet.',
      'Underlag för beslut',
    ]);
  });
});

describe('kallelse', () => {
  const kallelse = () => kallelseSchema.parse(JSON.parse(readFileSync(EXEMPEL_KALLELSE, 'utf8')));

  it('calls to the meeting with its time, place and numbered föredragningslista', () => {
    const d = kallelseDokument(kallelse());
    expect(d.title).toBe('Kallelse Kommunstyrelsen 2023-10-11');
    const texts = textsOf(d);
    expect(texts.slice(texts.indexOf('Kallelse till sammanträde med kommunstyrelsen'))).toEqual(
      expect.arrayContaining([
        'Tid',
        'Onsdagen den 11 oktober 2023, klockan 14.00',
        'Plats',
        'Sessionsalen, Stadshuset',
      ]),
    );
    expect(headings(d.blocks, 3)).toEqual([
      '1. Val av justerare och tid för justering',
      '2. Delårsrapport för kommunstyrelsen samt kommunfullmäktige, inklusive revisionen, per den 31 augusti 2023',
    ]);
    const from = texts.indexOf('Förslag till beslut');
    expect(texts.slice(from - 2, from + 3)).toEqual([
      'Diarienummer',
      'KS 2023/0431',
      'Förslag till beslut',
      'att godkänna delårsrapport per den 31 augusti 2023 för kommunstyrelsen, samt',
      'att överlämna delårsrapport per den 31 augusti 2023 för kommunfullmäktige inklusive revision till kommunfullmäktige.',
    ]);
  });

  it('renders as a PDF with the föredragningslista', async () => {
    const pdf = readPdf(await renderKallelse(kallelse(), 'pdf'));
    expect(pdf.flat).toContain(
      'Kallelse till sammanträde med kommunstyrelsen Tid Onsdagen den 11 oktober 2023, klockan 14.00',
    );
    expect(pdf.flat).toContain(
      'Föredragningslista 1. Val av justerare och tid för justering 2. Delårsrapport',
    );
    expect(pdf.flat).toContain('Föredragande Henrik Weimarsson, ekonomidirektör');
    expect(pdf.fonts).not.toMatch(/\bno\s+(yes|no)\s+(yes|no)\s+\d/);
  });

  it('says so when nothing is on the list', () => {
    expect(textsOf(kallelseDokument({ ...kallelse(), arenden: [] }))).toContain('Inga ärenden är anmälda.');
  });
});

describe('a whole protocol of 40 §§ (the benchmark)', () => {
  const hela = heltProtokoll(lundProtokoll(), 40);

  it('is a valid record with §§ 327–366 in full', () => {
    const parsed = protokollSchema.parse(JSON.parse(JSON.stringify(hela)));
    expect(parsed.paragrafer.map((x) => x.nummer)).toEqual(Array.from({ length: 40 }, (_, i) => 327 + i));
    expect(parsed.paragrafer.every(isFullParagraf)).toBe(true);
  });

  it('gives each § pages of its own, every page with the initials boxes', async () => {
    const d = protokollDokument(hela);
    const paragrafer = headings(d.blocks, 1).filter((h) => h.startsWith('§ '));
    expect(paragrafer).toHaveLength(40);
    expect(d.blocks.filter((b) => b.kind === 'pageBreak')).toHaveLength(40);
    const pdf = readPdf(await renderProtokoll(hela, 'pdf'));
    expect(pdf.pages.length).toBeGreaterThan(40);
    expect(pdf.pages.every((p) => /Justerare\s+Utdragsbestyrkande/.test(p.raw))).toBe(true);
    const starts = pdf.pages.map((p) => /^§ (\d+) /.exec(p.body[0] ?? '')?.[1]).filter(Boolean);
    expect(starts.map(Number)).toEqual(Array.from({ length: 40 }, (_, i) => 327 + i));
  });
});

describe('the constructs of real protocols (issue 13)', () => {
  it('prints a reservation attached as a bilaga, a särskilt yttrande, and a § of another organ as a bilaga', () => {
    const x: Paragraf = {
      ...paragraf336(),
      reservationer: [
        {
          av: ['Rasmus Törnblom (M)'],
          lydelse: 'Rasmus Törnblom (M) reserverar sig mot beslutet med en skriftlig reservation.',
          motivering: [],
          bilaga: 'Bilaga 1',
        },
      ],
      sarskildaYttranden: [{ av: ['Helena Falk (V)'], text: ['Vi ser behov av en uppföljning.'] }],
      bilagor: [
        { beteckning: 'Bilaga 1', titel: 'Reservation från Moderaterna', text: ['Vi anser att …'] },
        {
          beteckning: 'Bilaga 2',
          titel: 'Arbetsutskottets beredning',
          text: [],
          utdrag: { organ: 'KSAU', datum: '2023-10-02' as IsoDate, paragraf: 176 },
        },
      ],
    };
    const texts = textsOf({ ...protokollDokument(lundProtokoll()), blocks: paragrafBlocks(x) });
    expect(texts).toEqual(
      expect.arrayContaining([
        'Rasmus Törnblom (M) reserverar sig mot beslutet med en skriftlig reservation.',
        'Se bilaga 1.',
        'Särskilda yttranden',
        'Helena Falk (V): Vi ser behov av en uppföljning.',
        'Bilagor',
        'Bilaga 1: Reservation från Moderaterna',
        'Bilaga 2: Arbetsutskottets beredning',
        'Protokollsutdrag KSAU 2023-10-02 § 176',
      ]),
    );
  });

  it('prints a vote by its counts alone, without empty lists beside them', () => {
    const x: Paragraf = {
      ...paragraf336(),
      beslutsgang: {
        typ: 'OMROSTNING',
        ja: [],
        nej: [],
        avstar: [],
        antal: { ja: 9, nej: 3, avstar: 1 },
        utfall: 'Med 9 ja-röster mot 3 nej-röster och 1 som avstår har kommunstyrelsen bifallit yrkandet.',
      },
    };
    const texts = textsOf({ ...protokollDokument(lundProtokoll()), blocks: paragrafBlocks(x) });
    expect(texts).toEqual(expect.arrayContaining(['Röstar ja (9)', 'Röstar nej (3)', 'Avstår (1)']));
    expect(texts.join(' ')).not.toMatch(/\(0\)/);
  });
});
