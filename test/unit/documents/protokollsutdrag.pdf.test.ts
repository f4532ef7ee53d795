/**
 * The golden test: the protokollsutdrag of § 336 of Lund KS 2023-10-11, rendered as PDF from the shipped
 * example and read back with poppler, says what document 000 says, in its order (domain-brief.md §3, §7).
 */
import { fristerAv, isFullParagraf, type Paragraf } from '../../../src/domain/protokoll';
import { renderProtokollsutdrag } from '../../../src/documents';
import { between, lundProtokoll, readPdf, type PdfText } from '../../helpers/dokument';

let pdf: Buffer;
let text: PdfText;

beforeAll(async () => {
  pdf = await renderProtokollsutdrag(lundProtokoll(), [336], 'pdf');
  text = readPdf(pdf);
});

/** The line numbers of `labels`, each searched after the previous one: they must all be found, in order. */
function inOrder(lines: string[], labels: (string | RegExp)[]): number[] {
  const found: number[] = [];
  let from = 0;
  for (const label of labels) {
    const i = lines.findIndex(
      (l, n) =>
        n >= from && (typeof label === 'string' ? l === label || l.startsWith(`${label} `) : label.test(l)),
    );
    if (i < 0)
      throw new Error(`"${String(label)}" not found after line ${from}: ${lines.slice(from).join(' | ')}`);
    found.push(i);
    from = i + 1;
  }
  return found;
}

describe('the protokollsutdrag of § 336 as PDF (document 000)', () => {
  it('is a PDF/A-2b with Roboto embedded, titled as the extract', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const fonts = text.fonts.split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font).toMatch(/Roboto/);
      // name, type (two words), encoding, then emb sub uni: every font embedded.
      expect(font).toMatch(/\sIdentity-H\s+yes\s+yes\s+yes\s/);
    }
    expect(text.info).toMatch(/^Title:\s+Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336$/m);
    expect(text.info).toMatch(/^PDF version:\s+1\.7$/m);
    const bytes = pdf.toString('latin1');
    expect(bytes).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(bytes).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(bytes).toContain('/S /GTS_PDFA1');
  });

  it('carries "Justerare | Utdragsbestyrkande" and the page head on every page', () => {
    expect(text.pages.length).toBeGreaterThanOrEqual(2);
    text.pages.forEach((page, i) => {
      expect(page.raw).toMatch(/Justerare\s+Utdragsbestyrkande/);
      expect(page.raw).toContain('Protokollsutdrag');
      expect(page.raw).toContain('Sammanträdesdatum 2023-10-11');
      expect(page.raw).toContain(`Sida ${i + 1} av ${text.pages.length}`);
    });
  });

  it('has the § first and then the front page and ANSLAG/BEVIS, section by section in the order of document 000', () => {
    const at = inOrder(text.lines, [
      '§ 336 Delårsrapport för kommunstyrelsen samt kommunfullmäktige,',
      'Diarienummer: KS 2023/0431',
      'Beslut',
      'Sammanfattning',
      'Yrkanden',
      'Beslutsgång',
      'Underlag för beslut',
      'Beslutet skickas till',
      'Kommunstyrelsen',
      'Tid och plats',
      'Beslutande',
      'Övriga närvarande',
      'Justerare',
      'Paragrafer',
      'Tid och plats för justering',
      'Underskrifter',
      'ANSLAG/BEVIS',
      'Beslutande organ',
      'Sammanträdesdatum',
      'Paragrafer',
      'Anslaget sätts upp',
      'Anslaget tas ned',
      'Protokollets förvaringsplats',
      'Underskrift',
    ]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // The front page starts on a page of its own, after the §.
    const frontPage = text.pages.findIndex((p) => p.body[0] === 'Kommunstyrelsen');
    expect(frontPage).toBeGreaterThan(0);
    expect(text.pages.slice(0, frontPage).some((p) => p.body.some((l) => l.startsWith('§ 336')))).toBe(true);
  });

  it('writes the beslut with its three att-satser: ", samt" on the second, "." on the last', () => {
    expect(between(text.flat, 'Beslut Kommunstyrelsen beslutar', 'Sammanfattning')).toBe(
      'att godkänna delårsrapport per den 31 augusti 2023 för kommunstyrelsen, ' +
        'att överlämna delårsrapport per den 31 augusti 2023 för kommunfullmäktige inklusive revision till kommunfullmäktige, samt ' +
        'att uppdra åt kommunkontoret att uppföljning av plan för klimatneutralt byggande ska ske årligen och att kommunstyrelsen ska uppdateras regelbundet och följa arbetet aktivt.',
    );
  });

  it('writes the sammanfattning as the example records it', () => {
    const paragraf = lundProtokoll().paragrafer.find(
      (p): p is Paragraf => isFullParagraf(p) && p.nummer === 336,
    )!;
    expect(between(text.flat, 'Sammanfattning', 'Yrkanden')).toBe(paragraf.sammanfattning.join(' '));
  });

  it('writes the yrkande and the instämmanden with the genitive "Axel Hallbergs (MP)"', () => {
    const yrkanden = between(text.flat, 'Yrkanden', 'Beslutsgång');
    expect(yrkanden).toMatch(
      /^Axel Hallberg \(MP\) yrkar att kommunstyrelsen beslutar att godkänna .* för kommunstyrelsen, att överlämna .* till kommunfullmäktige, samt att uppdra åt kommunkontoret .* aktivt\. /,
    );
    expect(yrkanden).toMatch(
      /Rasmus Törnblom \(M\), Jessica Ulfgren \(L\), Anders Almgren \(S\), Liv Severinsson \(FNL\), Mattias Horrdin \(C\) och Helena Falk \(V\) instämmer i Axel Hallbergs \(MP\) yrkande\.$/,
    );
  });

  it('writes the beslutsgång by acclamation', () => {
    expect(between(text.flat, 'Beslutsgång', 'Underlag för beslut')).toBe(
      'Ordförande Anders Almgren (S) frågar om kommunstyrelsen kan bifalla yrkandet och finner frågan med ja besvarad.',
    );
  });

  it('lists the four underlag för beslut and nothing else', () => {
    const underlag = between(text.flat, 'Underlag för beslut', 'Beslutet skickas till');
    const items = [
      'Protokollsutdrag kommunstyrelsens arbetsutskott beredande 2023-10-02 § 176 Delårsrapport för kommunstyrelsen samt kommunfullmäktige, inklusive revisionen, per den 31 augusti 2023',
      'Kommunkontorets tjänsteskrivelse 2023-09-21 Delårsrapport för kommunstyrelsen samt kommunfullmäktige, inklusive revisionen, per den 31 augusti 2023',
      'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      'Delårsrapport per den 31 augusti 2023 för kommunfullmäktige inklusive revisionen',
    ];
    expect(underlag.replace(/•\s*/g, '')).toBe(items.join(' '));
  });

  it('sends the beslut to Kommunkontoret för verkställighet and Kommunfullmäktige för kännedom', () => {
    expect(between(text.flat, 'Beslutet skickas till', 'Kommunstyrelsen Tid och plats')).toBe(
      'För verkställighet eller motsvarande åtgärd: Kommunkontoret För kännedom: Kommunfullmäktige',
    );
  });

  it('gives the front page facts of document 000', () => {
    const front = text.flat.slice(text.flat.indexOf('Kommunstyrelsen Tid och plats'));
    expect(front).toContain(
      'Tid och plats 2023-10-11 klockan 14.00–18.00, ajournering klockan 15.46–16.07, Sessionsalen, Stadshuset',
    );
    expect(between(front, 'Beslutande Ledamöter', 'Tjänstgörande ersättare')).toMatch(
      /^Anders Almgren \(S\), ordförande Rasmus Törnblom \(M\), vice ordförande .* Magnus Liljeroth \(SD\)$/,
    );
    expect(front).toContain(
      'Tjänstgörande ersättare Jessica Ulfgren (L), tjänstgör för Philip Sandberg (L) Liv Severinsson (FNL), tjänstgör för Jan Annerstedt (FNL)',
    );
    expect(front).toContain('Övriga närvarande Ersättare Elin Engdahl (S)');
    expect(front).toContain('Christoffer Akej (M), § 327–355, kl. 14.00–17.05');
    expect(front).toContain('Övriga Christoffer Karlsson, politisk sekreterare (L)');
    expect(front).toContain('Henrik Weimarsson, ekonomidirektör, § 327–356');
    expect(front).toContain('Vesna Casitovski, kanslichef, § 327–354');
    expect(front).toContain('Justerare Axel Hallberg (MP) Paragrafer § 327–365');
    expect(front).toContain(
      'Tid och plats för justering Digital justering onsdagen den 18 oktober 2023, klockan 10.00',
    );
    expect(between(front, 'Underskrifter', 'ANSLAG/BEVIS')).toBe(
      'Sekreterare Emma Ehrenberg Ordförande Anders Almgren (S) Justerare Axel Hallberg (MP)',
    );
  });

  it('certifies the anslag with the dates of the deadline core', () => {
    const anslag = text.flat.slice(text.flat.indexOf('ANSLAG/BEVIS'));
    expect(fristerAv(lundProtokoll()).anslagNedtidigast).toBe('2023-11-10');
    expect(anslag).toBe(
      'ANSLAG/BEVIS Protokollet är justerat. Justeringen har tillkännagivits genom anslag. ' +
        'Beslutande organ Kommunstyrelsen Sammanträdesdatum 2023-10-11 Paragrafer § 327–365 ' +
        'Anslaget sätts upp 2023-10-19 Anslaget tas ned 2023-11-10 ' +
        'Protokollets förvaringsplats Kommunkontoret, Bruksgatan 22, Lund Underskrift Emma Ehrenberg',
    );
  });

  it('follows the record: a later anslag moves "Anslaget tas ned" with söndagsregeln', async () => {
    const p = lundProtokoll();
    p.anslagUppsatt = '2023-10-20' as typeof p.datum; // + 3 weeks = fredag 10 november → down lördag 11 november
    delete p.anslagNedtaget; // not yet down: the first lawful day is printed as such
    const moved = readPdf(await renderProtokollsutdrag(p, [336], 'pdf'));
    expect(moved.flat).toContain('Anslaget sätts upp 2023-10-20 Anslaget tas ned tidigast 2023-11-11');
  });
});
