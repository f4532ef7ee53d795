/**
 * The protokollsutdrag of § 336 as an editable Word file: the same words as the PDF, read from word/document.xml,
 * with real headings, Swedish as the language, and the initials boxes in the footer of every page.
 */
import { renderProtokollsutdrag } from '../../../src/documents';
import { lundProtokoll, readDocx, type DocxText } from '../../helpers/dokument';

let docx: Buffer;
let word: DocxText;

beforeAll(async () => {
  docx = await renderProtokollsutdrag(lundProtokoll(), [336], 'docx');
  word = readDocx(docx);
});

/** The paragraphs after the one equal to `label`, up to (not including) the one equal to `until`. */
function after(label: string, until: string, from = 0): string[] {
  const start = word.paragraphs.indexOf(label, from);
  if (start < 0) throw new Error(`no paragraph "${label}" in ${word.paragraphs.join(' | ')}`);
  const end = word.paragraphs.indexOf(until, start + 1);
  if (end < 0) throw new Error(`no paragraph "${until}" after "${label}"`);
  return word.paragraphs.slice(start + 1, end);
}

describe('the protokollsutdrag of § 336 as DOCX', () => {
  it('is a zip package with a Word document', () => {
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(word.documentXml).toContain('<w:body>');
  });

  it('starts with the § as a level 1 heading and its sections as level 2 headings', () => {
    expect(word.paragraphs[0]).toBe(
      '§ 336 Delårsrapport för kommunstyrelsen samt kommunfullmäktige, inklusive revisionen, per den 31 augusti 2023',
    );
    expect(word.documentXml).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*?<w:t[^>]*>§ 336 Delårsrapport/);
    for (const rubrik of ['Beslut', 'Sammanfattning', 'Yrkanden', 'Beslutsgång', 'Underlag för beslut']) {
      expect(word.documentXml).toMatch(
        new RegExp(`<w:pStyle w:val="Heading2"/>(?:(?!</w:p>)[\\s\\S])*?<w:t[^>]*>${rubrik}</w:t>`),
      );
    }
    expect(word.paragraphs).toContain('Diarienummer: KS 2023/0431');
  });

  it('writes the three att-satser with ", samt" and "."', () => {
    expect(after('Beslut', 'Sammanfattning')).toEqual([
      'Kommunstyrelsen beslutar',
      'att godkänna delårsrapport per den 31 augusti 2023 för kommunstyrelsen,',
      'att överlämna delårsrapport per den 31 augusti 2023 för kommunfullmäktige inklusive revision till kommunfullmäktige, samt',
      'att uppdra åt kommunkontoret att uppföljning av plan för klimatneutralt byggande ska ske årligen och att kommunstyrelsen ska uppdateras regelbundet och följa arbetet aktivt.',
    ]);
  });

  it('writes the yrkande, the instämmanden, the beslutsgång, four underlag and the distribution', () => {
    const yrkanden = after('Yrkanden', 'Beslutsgång');
    expect(yrkanden[0]).toBe('Axel Hallberg (MP) yrkar att kommunstyrelsen beslutar');
    expect(yrkanden.at(-1)).toBe(
      'Rasmus Törnblom (M), Jessica Ulfgren (L), Anders Almgren (S), Liv Severinsson (FNL), Mattias Horrdin (C) och Helena Falk (V) instämmer i Axel Hallbergs (MP) yrkande.',
    );
    expect(after('Beslutsgång', 'Underlag för beslut')).toEqual([
      'Ordförande Anders Almgren (S) frågar om kommunstyrelsen kan bifalla yrkandet och finner frågan med ja besvarad.',
    ]);
    expect(after('Underlag för beslut', 'Beslutet skickas till')).toHaveLength(4);
    expect(after('Beslutet skickas till', 'Kommunstyrelsen')).toEqual([
      'För verkställighet eller motsvarande åtgärd:',
      'Kommunkontoret',
      'För kännedom:',
      'Kommunfullmäktige',
    ]);
  });

  it('gives the front page and ANSLAG/BEVIS as label and value', () => {
    const pairs: [string, string][] = [
      [
        'Tid och plats',
        '2023-10-11 klockan 14.00–18.00, ajournering klockan 15.46–16.07, Sessionsalen, Stadshuset',
      ],
      ['Justerare', 'Axel Hallberg (MP)'],
      ['Paragrafer', '§ 327–365'],
      ['Tid och plats för justering', 'Digital justering onsdagen den 18 oktober 2023, klockan 10.00'],
      ['Anslaget sätts upp', '2023-10-19'],
      ['Anslaget tas ned', '2023-11-10'],
      ['Protokollets förvaringsplats', 'Kommunkontoret, Bruksgatan 22, Lund'],
    ];
    for (const [label, value] of pairs) {
      const i = word.paragraphs.indexOf(label);
      expect([label, word.paragraphs[i + 1]]).toEqual([label, value]);
    }
    expect(word.paragraphs).toContain(
      'Protokollet är justerat. Justeringen har tillkännagivits genom anslag.',
    );
    expect(word.paragraphs).toContain('Jessica Ulfgren (L), tjänstgör för Philip Sandberg (L)');
    expect(word.paragraphs).toContain('Henrik Weimarsson, ekonomidirektör, § 327–356');
  });

  it('puts the initials boxes in the footer and the document, date and page numbers in the header', () => {
    expect(word.footerXml).toContain('>Justerare<');
    expect(word.footerXml).toContain('>Utdragsbestyrkande<');
    expect(word.headerXml).toContain('>Protokollsutdrag<');
    expect(word.headerXml).toContain('>Sammanträdesdatum 2023-10-11<');
    expect(word.headerXml).toMatch(/PAGE[\s\S]*NUMPAGES/);
    expect(word.documentXml).toMatch(/<w:footerReference w:type="default"/);
  });

  it('declares Swedish as the text language', () => {
    expect(word.stylesXml).toMatch(/<w:lang w:val="sv-SE"/);
  });
});
