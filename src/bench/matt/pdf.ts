/**
 * pdf: a whole protocol of 40 §§ (../heltProtokoll.ts, from Lund KS 2023-10-11) as PDF through the product
 * (renderDokument: the document model, its pdfmake definition, the product's engine) against bare pdfmake of the
 * same content: the same definition, rendered by one printer made once and reused, with the same fonts and
 * PDF/A-2b options. A and B alternate render by render; the ratio of the medians of n renders per round.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import PdfPrinter from 'pdfmake/js/Printer';
import URLResolver from 'pdfmake/js/URLResolver';
import { renderDokument } from '../../documents';
import { definition } from '../../documents/pdf';
import { protokollDokument } from '../../domain/dokument';
import { protokollSchema, type Protokoll } from '../../domain/protokoll';
import { heltProtokoll } from '../heltProtokoll';
import { ababProv, kvoter, median, type Matresultat } from '../statistik';
import { nu } from '../uppgifter';

const EXEMPEL = path.resolve(__dirname, '../../../config/examples/lund-ks-2023-10-11.json');
const ROBOTO = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

/** One pdfmake printer, made once: what pdfmake itself needs per document is only createPdfKitDocument. */
function barPdfmake(): (d: TDocumentDefinitions) => Promise<Buffer> {
  const dir = path.join(path.dirname(require.resolve('pdfmake/fonts/Roboto.js')), 'Roboto');
  const files = new Map<string, Buffer>(
    Object.values(ROBOTO).map((f) => [f, readFileSync(path.join(dir, f))]),
  );
  const vfs = {
    existsSync: (name: string) => files.has(name),
    readFileSync: (name: string) => files.get(name)!,
    writeFileSync: () => undefined,
  };
  const urls = new URLResolver(vfs);
  urls.setUrlAccessPolicy(() => false);
  const printer = new PdfPrinter({ Roboto: { ...ROBOTO } }, vfs, urls, () => false);
  return async (d) => {
    const doc = await printer.createPdfKitDocument({
      ...d,
      version: '1.7',
      subset: 'PDF/A-2b',
      defaultStyle: { font: 'Roboto', ...d.defaultStyle },
    });
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  };
}

async function tid(rendera: () => Promise<Buffer>): Promise<number> {
  const t0 = nu();
  await rendera();
  return nu() - t0;
}

export async function matPdf(opt: { rounds: number; n: number }): Promise<Matresultat> {
  const exempel = protokollSchema.parse(JSON.parse(readFileSync(EXEMPEL, 'utf8'))) as Protokoll;
  const hela = heltProtokoll(exempel, 40);
  const def = definition(protokollDokument(hela));
  const bar = barPdfmake();
  const produkt = () => renderDokument(protokollDokument(hela), 'pdf');
  // Warm-up of both: fonts read, modules loaded, the JIT's first compilations.
  for (let i = 0; i < 2; i++) await Promise.all([produkt(), bar(def)]);
  const bytes = { a: (await produkt()).length, b: (await bar(def)).length };
  const prov = await ababProv(
    opt.rounds,
    opt.n,
    () => tid(produkt),
    () => tid(() => bar(def)),
  );
  const a = prov.a.map(median);
  const b = prov.b.map(median);
  return {
    name: 'pdf (40-§ protocol vs bare pdfmake)',
    a: 'renderDokument(protokollDokument(40 §§), "pdf") — the product',
    b: 'the same pdfmake definition through one reused PdfPrinter (same fonts, PDF/A-2b)',
    ratioOf: 'median A ms / median B ms, per round',
    kvoter: kvoter(a, b),
    goal: 1.2,
    n: opt.n,
    rounds: opt.rounds,
    absoluta: [],
    detaljer: { 'A median ms': median(a), 'B median ms': median(b), 'A bytes': bytes.a, 'B bytes': bytes.b },
  };
}
