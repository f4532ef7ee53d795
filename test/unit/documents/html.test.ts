/**
 * The documents as HTML: one complete, accessible Swedish page per document, with the text of document 000,
 * and every piece of text from the record escaped — a rubrik or a name is text, never markup.
 */
import { isFullParagraf, type Paragraf, type Protokoll } from '../../../src/domain/protokoll';
import { renderAnslagsbevis, renderProtokoll, renderProtokollsutdrag } from '../../../src/documents';
import { lundProtokoll } from '../../helpers/dokument';

const html = async (render: Promise<Buffer>) => (await render).toString('utf8');

/** The text of the page as a reader hears it: tags dropped, entities decoded, whitespace made single. */
const textOf = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const paragraf336 = (p: Protokoll) =>
  p.paragrafer.find((x): x is Paragraf => isFullParagraf(x) && x.nummer === 336)!;

describe('the protokollsutdrag of § 336 as HTML', () => {
  let page: string;
  beforeAll(async () => {
    page = await html(renderProtokollsutdrag(lundProtokoll(), [336], 'html'));
  });

  it('is a complete Swedish page with a title, landmarks and one h1 per part', () => {
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336</title>');
    expect(page).toMatch(/<header class="sidhuvud">[\s\S]*<\/header>\s*<main>[\s\S]*<\/main>\s*<footer/);
    expect(page.trimEnd()).toMatch(/<\/html>$/);
    expect([...page.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1])).toEqual([
      '§ 336 Delårsrapport för kommunstyrelsen samt kommunfullmäktige, inklusive revisionen, per den 31 augusti 2023',
      'Kommunstyrelsen',
    ]);
    expect([...page.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Beslut',
      'Sammanfattning',
      'Yrkanden',
      'Beslutsgång',
      'Underlag för beslut',
      'Beslutet skickas till',
      'ANSLAG/BEVIS',
    ]);
  });

  it('says what document 000 says', () => {
    const text = textOf(page);
    expect(text).toContain(
      'att överlämna delårsrapport per den 31 augusti 2023 för kommunfullmäktige inklusive revision till kommunfullmäktige, samt att uppdra åt',
    );
    expect(text).toContain('och Helena Falk (V) instämmer i Axel Hallbergs (MP) yrkande.');
    expect(text).toContain(
      'Tid och plats för justering Digital justering onsdagen den 18 oktober 2023, klockan 10.00',
    );
    expect(text).toContain('Anslaget sätts upp 2023-10-19 Anslaget tas ned 2023-11-10');
    expect(text).toContain('Protokollets förvaringsplats Kommunkontoret, Bruksgatan 22, Lund');
    expect(text).toContain('Justerare Utdragsbestyrkande');
  });

  it('gives labels and values as a description list and the underlag as a list of four', () => {
    expect(page).toContain('<div><dt>Anslaget tas ned</dt><dd><p>2023-11-10</p></dd></div>');
    const underlag = /<h2>Underlag för beslut<\/h2>\s*<ul>([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect(underlag.match(/<li>/g)).toHaveLength(4);
  });
});

describe('escaping', () => {
  it('writes text from the record as text, not markup', async () => {
    const p = lundProtokoll();
    const x = paragraf336(p);
    x.rubrik = 'Svar på motion <script>alert("x")</script> & "citat" om \'<b>fet</b>\'';
    x.sammanfattning = ['<img src=x onerror=alert(1)>'];
    p.narvaro.ledamoter[0]!.namn = 'Anders <i>Almgren</i>';
    const page = await html(renderProtokollsutdrag(p, [336], 'html'));
    expect(page).not.toMatch(/<script|<img|<b>|<i>/);
    expect(page).toContain(
      '<h1>§ 336 Svar på motion &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;citat&quot; om &#39;&lt;b&gt;fet&lt;/b&gt;&#39;</h1>',
    );
    expect(page).toContain('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(page).toContain('<li>Anders &lt;i&gt;Almgren&lt;/i&gt; (S), ordförande</li>');
    expect(textOf(page)).toContain(`§ 336 ${x.rubrik}`);
  });
});

describe('the protokoll and the anslagsbevis as HTML', () => {
  it('lists every § of the protocol, the one in full and those by number only', async () => {
    const page = await html(renderProtokoll(lundProtokoll(), 'html'));
    const headings = [...page.matchAll(/<h1>§ (\d+)/g)].map((m) => Number(m[1]));
    expect(headings).toEqual(Array.from({ length: 39 }, (_, i) => 327 + i));
    expect(page.match(/class="sidbrytning"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(page).not.toContain('class="markering"');
  });

  it('gives the anslagsbevis alone', async () => {
    const text = textOf(await html(renderAnslagsbevis(lundProtokoll(), 'html')));
    expect(text).toContain(
      'ANSLAG/BEVIS Protokollet är justerat. Justeringen har tillkännagivits genom anslag. Beslutande organ Kommunstyrelsen Sammanträdesdatum 2023-10-11 Paragrafer § 327–365 Anslaget sätts upp 2023-10-19 Anslaget tas ned 2023-11-10',
    );
    expect(text).not.toContain('Utdragsbestyrkande');
  });
});
