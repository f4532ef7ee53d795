/**
 * The golden test of the follow-up (issue 17): each source document's follow-up, written as the workbook a user
 * would upload (config/examples/uppfoljning/*.xlsx) and imported through the same import as a user's sheet, rolls up
 * to the counts the source writes by hand — read back from the generated PDF bilaga with pdftotext, and from the
 * DOCX bilaga's tables (its word/document.xml, unzipped), row by row.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAllKommuner } from '../../../src/config/load';
import { renderDokument } from '../../../src/documents';
import { uppfoljningsbilagaDokument } from '../../../src/domain/dokument';
import type { KommunConfig } from '../../../src/domain/kommun';
import type { TolkadUppfoljning } from '../../../src/domain/uppfoljning/modell';
import {
  raknatSom,
  sammanstall,
  type Sammanstallning,
} from '../../../src/domain/uppfoljning/sammanstallning';
import {
  exempeletsRapport,
  UPPFOLJNING_EXEMPEL_DIR,
  uppfoljningsexempel,
  type Uppfoljningsexempel,
} from '../../../src/uppfoljning/exempel';
import { importeraArk } from '../../../src/uppfoljning/import';
import { klassa } from '../../../src/domain/uppfoljning/skalor';
import {
  docxTabeller,
  readDocx,
  readPdf,
  type DocxTabell,
  type DocxText,
  type PdfText,
} from '../../helpers/dokument';

const kommuner = loadAllKommuner();
const exempel = uppfoljningsexempel();

interface Last {
  e: Uppfoljningsexempel;
  config: KommunConfig;
  tolkad: TolkadUppfoljning;
  summa: Sammanstallning;
  pdf: PdfText;
  docx: DocxText;
  tabeller: DocxTabell[];
}
const lasta = new Map<string, Last>();

beforeAll(async () => {
  for (const e of exempel) {
    const config = kommuner.get(e.kommun)!;
    const bytes = readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, `${e.fil}.xlsx`));
    const svar = await importeraArk(bytes, config, { organ: e.rapport.organ, ar: e.rapport.ar });
    if ('fel' in svar) throw new Error(`${e.fil}: ${JSON.stringify(svar.fel.slice(0, 5))}`);
    const summa = sammanstall(config.uppfoljning, svar.ok.objekt, svar.ok.varden);
    const organ = config.organ.find((o) => o.kortnamn === e.rapport.organ)!;
    const dokument = uppfoljningsbilagaDokument({
      kommun: config.kommun.namn,
      organ: { kortnamn: organ.kortnamn, namn: organ.namn },
      rapport: { id: exempeletsRapport(e), titel: `Delårsrapport ${e.rapport.ar}`, period: e.rapport.period },
      config: config.uppfoljning,
      objekt: svar.ok.objekt,
      varden: svar.ok.varden,
      sammanstallning: summa,
    });
    const pdf = readPdf(await renderDokument(dokument, 'pdf'));
    const docx = readDocx(await renderDokument(dokument, 'docx'));
    lasta.set(e.fil, {
      e,
      config,
      tolkad: svar.ok,
      summa,
      pdf,
      docx,
      tabeller: docxTabeller(docx.documentXml),
    });
  }
}, 60_000);

const antalPer = (per: Sammanstallning['mal']['per']) =>
  Object.fromEntries(per.filter((a) => a.antal > 0).map((a) => [a.steg, a.antal]));
const utanNollor = (r: Record<string, number> | undefined) =>
  Object.fromEntries(Object.entries(r ?? {}).filter(([, n]) => n > 0));

describe.each(exempel.map((e) => e.fil))('the follow-up of %s', (fil) => {
  const last = () => lasta.get(fil)!;

  it('counts the mål and uppdrag by the kommun’s own steps as the source does', () => {
    const { e, summa } = last();
    expect(antalPer(summa.mal.per)).toEqual(utanNollor(e.kallansAntal.mal));
    if (e.kallansAntal.trend) expect(antalPer(summa.mal.trend)).toEqual(utanNollor(e.kallansAntal.trend));
    expect(antalPer(summa.uppdrag.per)).toEqual(utanNollor(e.kallansAntal.uppdrag));
    expect(summa.mal.utan).toBe(0);
    expect(summa.uppdrag.utan).toBe(0);
  });

  it('sums the economy to the source’s totals (within the source’s own rounding of each row)', () => {
    const { e, summa } = last();
    for (const [falt, varde] of Object.entries(e.kallansAntal.ekonomi ?? {})) {
      const vart = summa.ekonomi[falt as 'budget' | 'utfall' | 'prognos' | 'avvikelse'];
      expect(Math.abs(vart - varde)).toBeLessThanOrEqual(0.15);
    }
  });

  it('writes the counts in the PDF bilaga, read back with pdftotext', () => {
    const { summa, pdf } = last();
    const uppdrag = summa.uppdrag.per
      .filter((a) => a.antal > 0)
      .map((a) => `${a.antal} ${a.namn}`)
      .join(', ')
      .replace(/, ([^,]*)$/, ' och $1');
    expect(pdf.flat).toContain(`Uppdrag: ${summa.uppdrag.totalt}, varav ${uppdrag}.`);
    const mal = summa.mal.per
      .filter((a) => a.antal > 0)
      .map((a) => `${a.antal} ${a.namn}`)
      .join(', ')
      .replace(/, ([^,]*)$/, ' och $1');
    expect(pdf.flat).toContain(`Mål: ${summa.mal.totalt}, varav ${mal}.`);
  });
});

/** The DOCX tables of one kind, by their header row: their data rows (the header and a Summa row left out). */
function rader(tabeller: readonly DocxTabell[], huvud: (h: string[]) => boolean): string[][] {
  return tabeller
    .filter((t) => huvud(t.rader[0] ?? []))
    .flatMap((t) => t.rader.slice(1))
    .filter((r) => r[0] !== 'Summa');
}
const malrader = (t: readonly DocxTabell[]) => rader(t, (h) => h[1] === 'Mål' && h[2] === 'Bedömning');
const uppdragsrader = (t: readonly DocxTabell[]) => rader(t, (h) => h[0] === 'Uppdrag' && h[2] === 'Status');

/** Rows counted by the step of the kommun's scale their cell `kolumn` names, read as a person would read it. */
function rakna(rows: readonly string[][], kolumn: number, skala: Parameters<typeof klassa>[1]) {
  const antal: Record<string, number> = {};
  for (const r of rows) {
    const steg = klassa(r[kolumn] ?? '', skala)?.id ?? '(okänd)';
    antal[steg] = (antal[steg] ?? 0) + 1;
  }
  return antal;
}

describe.each(exempel.map((e) => e.fil))('the DOCX bilaga of %s, read back', (fil) => {
  const last = () => lasta.get(fil)!;

  it('has the tables of the source: mål with bedömning, indikatorer, uppdrag with status and kommentar, ekonomi', () => {
    const { tabeller, tolkad } = last();
    const huvuden = new Set(tabeller.map((t) => t.rader[0]!.join(' | ')));
    expect(huvuden).toContain('Uppdrag | Ansvarig nämnd | Status | Slutdatum | Beslutad av | Kommentar');
    expect(
      [...huvuden].some((h) => /^Verksamhet \| Budget \| Utfall \| Helårsprognos \| Avvikelse$/.test(h)),
    ).toBe(true);
    expect([...huvuden].some((h) => /^Målområde \| Mål \| Bedömning \|( Trend \|)? Kommentar$/.test(h))).toBe(
      true,
    );
    const indikatorer = rader(tabeller, (h) => h[0] === 'Indikator');
    expect(indikatorer).toHaveLength(tolkad.objekt.filter((o) => o.slag === 'INDIKATOR').length);
  });

  it('counts the source’s mål and uppdrag from the rows, by the kommun’s own words', () => {
    const { e, config, tabeller, summa } = last();
    expect(malrader(tabeller)).toHaveLength(summa.mal.totalt);
    expect(rakna(malrader(tabeller), 2, config.uppfoljning.bedomning)).toEqual(
      utanNollor(e.kallansAntal.mal),
    );
    expect(uppdragsrader(tabeller)).toHaveLength(summa.uppdrag.totalt);
    expect(rakna(uppdragsrader(tabeller), 2, config.uppfoljning.uppdragsstatus)).toEqual(
      utanNollor(e.kallansAntal.uppdrag),
    );
    expect(last().docx.paragraphs).toContain(
      `Uppdrag: ${summa.uppdrag.totalt}, varav ${raknatSom(summa.uppdrag.per, summa.uppdrag.utan)}.`,
    );
  });
});

describe('the DOCX bilagor’s rows, as the sources write them', () => {
  it('Linköping 003: 18 nämndmål; 32 uppdrag, 10 Genomförd, 19 Pågår, 3 Kvarstår; Kommungemensamt −4,0 mnkr', () => {
    const { tabeller } = lasta.get('linkoping-ks-2024-augusti')!;
    expect(malrader(tabeller)).toHaveLength(18);
    expect(malrader(tabeller)[0]).toEqual([
      'Samhälle',
      'God trygghet och säkerhet',
      'Nämndmålet bedöms uppnås.',
      'Ny säkerhetsorganisation har implementerats.',
    ]);
    // A status may be a sentence that begins with the label: "Genomförd. Hanteras och följs upp inom …".
    const status = uppdragsrader(tabeller).map((r) => r[2]);
    expect([
      status.length,
      ...['Genomförd', 'Pågår', 'Kvarstår'].map((s) => status.filter((t) => t?.startsWith(s)).length),
    ]).toEqual([32, 10, 19, 3]);
    expect(uppdragsrader(tabeller)).toContainEqual([
      'Kommunledningsförvaltningen ska verka för etablering och tillväxt av företag som bidrar till klimatomställning. (Internbudget 2024)',
      'KS',
      'Kvarstår',
      '',
      'KS',
      'Kvarstår.',
    ]);
    const ekonomi = tabeller.find((t) => t.rubrik === 'Ekonomi (mnkr)')!.rader;
    expect(ekonomi).toContainEqual(['Kommungemensamt', '280,8', '180,8', '284,8', '-4,0']);
  });

  it('Lund 000: the uppdrag from KS AU § 144, avslutad, and the resultaträkning’s 4,8 mnkr', () => {
    const { tabeller } = lasta.get('lund-ks-2023-augusti')!;
    expect(tabeller.map((t) => t.rubrik)).toEqual([
      'Mål',
      'Indikatorer',
      'Särskilda uppdrag från EVP',
      'Särskilda uppdrag från tidigare EVP',
      'Tillkommande uppdrag',
      'Ekonomi (mnkr)',
    ]);
    expect(malrader(tabeller).map((r) => r[2])).toEqual([
      'Bedömer att målet kommer klaras',
      'Bedömer att målet kommer klaras',
      'Bedömer att målet kommer klaras',
      expect.stringMatching(/delvis/),
    ]);
    expect(tabeller.find((t) => t.rubrik === 'Tillkommande uppdrag')!.rader[1]).toEqual([
      'KS AU § 144 Skrivelse – Lund kan göra mer för att rädda liv i Ukraina (KS AU § 144, Dnr KS 2022/0967)',
      'Kommunstyrelsen',
      '✓ Avslutad',
      '2023-04-30',
      'KS',
      'En inventering har sänts till Rivne och mottagits av borgmästaren.',
    ]);
    expect(tabeller.at(-1)!.rader.at(-1)).toEqual(['Summa', '0,0', '31,5', '4,8', '4,8']);
  });

  it('Eskilstuna 004: 9 processområden, 5 ● and 4 ◐, with their trend; 14 åtaganden', () => {
    const { tabeller } = lasta.get('eskilstuna-ks-2022-augusti')!;
    const mal = malrader(tabeller);
    expect(mal).toHaveLength(9);
    expect(mal.filter((r) => r[2] === '●')).toHaveLength(5);
    expect(mal.filter((r) => r[2] === '◐')).toHaveLength(4);
    expect(mal[0]!.slice(0, 4)).toEqual(['Hållbar utveckling', 'Näringsliv och arbete', '●', '→']);
    expect(uppdragsrader(tabeller)).toHaveLength(14);
  });
});

describe('the source documents’ counts, as written', () => {
  it('Linköping 003: 18 nämndmål, 12 uppnås and 6 delvis; 32 uppdrag, 10 genomförda, 19 pågår, 3 kvarstår', () => {
    const { pdf } = lasta.get('linkoping-ks-2024-augusti')!;
    expect(pdf.flat).toContain('Mål: 18, varav 12 uppnås och 6 delvis.');
    expect(pdf.flat).toContain('Uppdrag: 32, varav 10 Genomförd, 19 Pågår och 3 Kvarstår.');
  });

  it('Lund 000: three of four mål klaras, one delvis', () => {
    const { summa } = lasta.get('lund-ks-2023-augusti')!;
    expect(summa.mal.totalt).toBe(4);
    expect(antalPer(summa.mal.per)).toEqual({ klaras: 3, delvis: 1 });
  });

  it('Eskilstuna 004: 5 processområden ● and 4 ◐; 13 of 14 åtaganden klara, one försenat', () => {
    const { summa } = lasta.get('eskilstuna-ks-2022-augusti')!;
    expect(antalPer(summa.mal.per)).toEqual({ uppna: 5, delvis: 4 });
    expect(summa.uppdrag.totalt).toBe(14);
  });
});
