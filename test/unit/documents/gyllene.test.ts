/**
 * Golden tests on real §§ of another kommun than the seeds: Kungsbacka's protocols, recorded as records under
 * config/examples/protokoll/ with their source (each file's `kalla`) and the kommun's style. Each § is rendered as
 * a protokollsutdrag in PDF/A and read back with pdftotext (and as HTML): every fact of the record is there, and
 * nothing is there that the record, the kommun's style or the documents' own labels do not say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderProtokollsutdrag } from '../../../src/documents';
import { medStil, STANDARDSTIL, type Stilval } from '../../../src/domain/dokument';
import { isFullParagraf, protokollSchema, type Protokoll } from '../../../src/domain/protokoll';
import { z } from '../../../src/domain/validering';
import { readPdf, ROOT } from '../../helpers/dokument';

const DIR = path.join(ROOT, 'config/examples/protokoll');

const exempelSchema = z
  .object({
    kalla: z
      .object({
        beskrivning: z.string().min(10),
        url: z.url(),
        text: z.string().min(10),
        paragrafer: z.array(z.int().min(1)).min(1),
      })
      .strict(),
    stil: z.record(z.string(), z.unknown()),
    protokoll: protokollSchema,
  })
  .strict();

const exempel = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((fil) => {
    const parsed = exempelSchema.parse(JSON.parse(readFileSync(path.join(DIR, fil), 'utf8')));
    return { fil, ...parsed, protokoll: parsed.protokoll as Protokoll, stil: parsed.stil as Stilval };
  });

/** Whitespace as one space, and none around a dash: a line may wrap after "142–". */
const norm = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\s*([–-])\s*/g, '$1')
    .trim();

/** Keys whose values are not printed as they are: ids, enums, numbers printed as runs, flags. */
const INTE_TEXT = new Set([
  'kommun',
  'kommunNamn',
  'organ',
  'typ',
  'anmaltAv',
  'personId',
  'justerat',
  'omedelbartJusterad',
]);

/** Every text the record holds for the front page and for § `nummer`, as it must read in the document. */
function fakta(p: Protokoll, nummer: number): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key = ''): void => {
    if (INTE_TEXT.has(key)) return;
    if (typeof value === 'string') out.push(key === 'parti' ? `(${value})` : value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, k === 'fran' || k === 'till' ? 'nummer' : k);
  };
  const { paragrafer, ...framsida } = p;
  walk(framsida);
  const paragraf = paragrafer.find((x) => x.nummer === nummer)!;
  walk(paragraf);
  if (isFullParagraf(paragraf) && paragraf.beslutsgang?.typ === 'OMROSTNING' && paragraf.beslutsgang.antal) {
    const { ja, nej } = paragraf.beslutsgang.antal;
    out.push(`Röstar ja (${ja})`, `Röstar nej (${nej})`);
  }
  // A text of several lines is printed as paragraphs: each line is a fact.
  return out.flatMap((t) => t.split('\n')).map(norm);
}

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
