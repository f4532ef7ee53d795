/**
 * Golden tests on real §§ of another kommun than the seeds: Kungsbacka's protocols, recorded as records under
 * config/examples/protokoll/ with their source (each file's `kalla`) and the kommun's style. Each § is rendered as
 * a protokollsutdrag in PDF/A and read back with pdftotext (and as HTML): every fact of the record is there, and
 * nothing is there that the record, the kommun's style or the documents' own labels do not say.
 */
import { renderProtokollsutdrag } from '../../../src/documents';
import { medStil, STANDARDSTIL } from '../../../src/domain/dokument';
import { isFullParagraf } from '../../../src/domain/protokoll';
import { readPdf } from '../../helpers/dokument';
import { exempel, fakta, norm } from '../../helpers/gyllene';

/** The words the documents themselves print: labels of the front page, the ANSLAG/BEVIS and a §. */
const ETIKETTER = `Protokollsutdrag Protokoll Sammanträdesdatum Sida av Tid och plats klockan ajournering Beslutande Ledamöter
  Tjänstgörande ersättare Övriga närvarande Ersättare Justerare Paragrafer för justering Underskrifter Sekreterare
  Ordförande ej Röstar ja nej Avstår instämmer i yrkande Paragrafen är omedelbart justerad Se Justering Justerat
  ${Object.values(STANDARDSTIL.rubriker).join(' ')} För verkställighet eller motsvarande åtgärd kännedom`;

const ord = (text: string) => text.toLocaleLowerCase('sv').match(/[\p{L}\p{N}]+/gu) ?? [];

describe.each(exempel)('$fil', ({ kalla, stil, protokoll }) => {
  it.each(kalla.paragrafer)(
    '§ %i: every fact of the record is in the utdrag, and nothing else',
    async (n) => {
      const pdf = readPdf(await renderProtokollsutdrag(protokoll, [n], 'pdf', medStil(stil)));
      // Each page's body: the head (up to "Sida n av m") and the foot's boxes taken off, so text runs on.
      const sidfot = norm((stil.sidfot ?? STANDARDSTIL.sidfot).join(' '));
      const text = norm(
        pdf.pages
          .map((p) => {
            const rader = p.raw.split('\n').map((r) => r.trim());
            const kropp = rader.slice(rader.findIndex((r) => /^Sida \d+ av \d+$/.test(r)) + 1);
            return kropp.filter((r) => !sidfot || norm(r) !== sidfot).join('\n');
          })
          .join('\n'),
      );
      for (const faktum of fakta(protokoll, n)) expect(text).toContain(faktum);
      // The kommun's name heads every page (its style's, as the record says it).
      for (const sida of pdf.pages) expect(sida.raw).toContain(protokoll.kommunNamn!);

      const tillatna = new Set([
        ...fakta(protokoll, n).flatMap(ord),
        ...ord(ETIKETTER),
        ...ord(JSON.stringify(stil)),
        ...ord(String(n)),
        // Numbers the record holds as numbers: §§, runs of §§ present, vote counts.
        ...ord(JSON.stringify(protokoll)),
      ]);
      const paHittat = ord(text).filter(
        (w) => !tillatna.has(w) && !(/^\d+$/.test(w) && Number(w) <= pdf.pages.length),
      );
      expect(paHittat).toEqual([]);
      expect(pdf.fonts).toMatch(/Roboto/);
    },
  );

  it.each(kalla.paragrafer)('§ %i: the HTML says the same facts', async (n) => {
    const html = (await renderProtokollsutdrag(protokoll, [n], 'html', medStil(stil))).toString('utf8');
    const text = norm(
      html
        .replace(/<style>[\s\S]*?<\/style>/, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"'),
    );
    for (const faktum of fakta(protokoll, n)) expect(text).toContain(faktum);
    expect(text).toContain(protokoll.kommunNamn!);
  });
});

it('covers the constructs the issue names, from real protocols', () => {
  const alla = exempel.flatMap((e) =>
    e.protokoll.paragrafer.filter(isFullParagraf).filter((p) => e.kalla.paragrafer.includes(p.nummer)),
  );
  expect(alla.length).toBeGreaterThanOrEqual(5);
  expect(alla.some((p) => p.beslutsgang?.typ === 'OMROSTNING' && p.beslutsgang.antal)).toBe(true);
  expect(alla.some((p) => p.reservationer.some((r) => r.motivering.length > 0))).toBe(true);
  expect(alla.some((p) => p.jav.length > 0)).toBe(true);
  expect(alla.some((p) => p.protokollsanteckningar.length > 0)).toBe(true);
  expect(alla.some((p) => p.omedelbartJusterad)).toBe(true);
  expect(alla.some((p) => p.beslut.text.length > 0 && p.beslut.attSatser.length === 0)).toBe(true);
  expect(
    exempel.some(
      (e) =>
        e.protokoll.narvaro.tjanstgorandeErsattare.some((t) => t.paragrafer) &&
        e.protokoll.narvaro.ledamoter.some((l) => l.ej),
    ),
  ).toBe(true);
});
