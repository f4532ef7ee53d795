/**
 * pdfmake as a pure function from a document definition to PDF bytes: its bundled Roboto embedded (subset,
 * Identity-H, so å, ä, ö, § and – come out as themselves), the output declared PDF/A-2b (ISO 19005-2 level B:
 * fonts embedded, sRGB output intent, XMP metadata), and no access to the network or the file system.
 *
 * Each call builds its own printer and in-memory file system; only the font files are read, once, and shared
 * read-only. pdfmake's default export is not used: it holds fonts and a file system as global state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import PdfPrinter from 'pdfmake/js/Printer';
import URLResolver from 'pdfmake/js/URLResolver';

const ROBOTO = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

let fontFiles: ReadonlyMap<string, Buffer> | undefined;

function loadFonts(): ReadonlyMap<string, Buffer> {
  if (!fontFiles) {
    const dir = path.join(path.dirname(require.resolve('pdfmake/fonts/Roboto.js')), 'Roboto');
    fontFiles = new Map(Object.values(ROBOTO).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  }
  return fontFiles;
}

function memoryFs(files: ReadonlyMap<string, Buffer>) {
  return {
    existsSync: (name: string) => files.has(name),
    readFileSync: (name: string) => {
      const file = files.get(name);
      if (!file) throw new Error(`pdf: no such font file ${name}`);
      return file;
    },
    writeFileSync: () => {
      throw new Error('pdf: documents do not fetch anything');
    },
  };
}

/** PDF bytes for `definition`, in Roboto, as PDF/A-2b. */
export async function pdfBytes(definition: TDocumentDefinitions): Promise<Buffer> {
  const vfs = memoryFs(loadFonts());
  const urls = new URLResolver(vfs);
  urls.setUrlAccessPolicy(() => false);
  const printer = new PdfPrinter({ Roboto: { ...ROBOTO } }, vfs, urls, () => false);
  const doc = await printer.createPdfKitDocument({
    ...definition,
    version: '1.7',
    subset: 'PDF/A-2b',
    defaultStyle: { font: 'Roboto', ...definition.defaultStyle },
  });
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The number of pages of a PDF made here (pdfkit writes every page object uncompressed). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}
