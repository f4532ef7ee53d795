/**
 * One pdfmake printer serves every document (src/documents/pdfmakeEngine.ts): documents made at the same time each
 * come out whole and as themselves, the same as when made one after another.
 */
import { pdfBytes, pdfPageCount } from '../../../src/documents/pdfmakeEngine';
import { readPdf } from '../../helpers/dokument';

const rapport = (titel: string, stycken: number) => ({
  content: [
    { text: titel, fontSize: 18, bold: true },
    ...Array.from({ length: stycken }, (_, i) => ({ text: `${titel}: stycke ${i + 1} – åäö §` })),
  ],
});

const texten = (pdf: Buffer) => readPdf(pdf).lines;

it('makes documents started together each whole, as when made one at a time', async () => {
  const titlar = ['Delårsrapport', 'Årsredovisning', 'Budgetunderlag', 'Verksamhetsplan'];
  const enAtGangen: Buffer[] = [];
  for (const [i, titel] of titlar.entries()) enAtGangen.push(await pdfBytes(rapport(titel, 40 * (i + 1))));
  const samtidigt = await Promise.all(titlar.map((titel, i) => pdfBytes(rapport(titel, 40 * (i + 1)))));

  for (const [i, titel] of titlar.entries()) {
    expect(pdfPageCount(samtidigt[i]!)).toBe(pdfPageCount(enAtGangen[i]!));
    const lines = texten(samtidigt[i]!);
    expect(lines).toEqual(texten(enAtGangen[i]!));
    expect(lines).toContain(`${titel}: stycke ${40 * (i + 1)} – åäö §`);
    for (const annan of titlar.filter((t) => t !== titel))
      expect(lines.some((line) => line.startsWith(annan))).toBe(false);
  }
});
