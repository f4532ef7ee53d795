/**
 * The golden test of the follow-up (issue 17): each source document's follow-up, written as the workbook a user
 * would upload (config/examples/uppfoljning/*.xlsx) and imported through the same import as a user's sheet, rolls up
 * to the counts the source writes by hand — read back from the generated PDF bilaga with pdftotext.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAllKommuner } from '../../../src/config/load';
import { renderDokument } from '../../../src/documents';
import { uppfoljningsbilagaDokument } from '../../../src/domain/dokument';
import type { KommunConfig } from '../../../src/domain/kommun';
import type { TolkadUppfoljning } from '../../../src/domain/uppfoljning/modell';
import { sammanstall, type Sammanstallning } from '../../../src/domain/uppfoljning/sammanstallning';
import {
  exempeletsRapport,
  UPPFOLJNING_EXEMPEL_DIR,
  uppfoljningsexempel,
  type Uppfoljningsexempel,
} from '../../../src/uppfoljning/exempel';
import { importeraArk } from '../../../src/uppfoljning/import';
import { readPdf, type PdfText } from '../../helpers/dokument';

const kommuner = loadAllKommuner();
const exempel = uppfoljningsexempel();

interface Last {
  e: Uppfoljningsexempel;
  config: KommunConfig;
  tolkad: TolkadUppfoljning;
  summa: Sammanstallning;
  pdf: PdfText;
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
    lasta.set(e.fil, { e, config, tolkad: svar.ok, summa, pdf });
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
