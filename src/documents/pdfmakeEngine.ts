/**
 * pdfmake as a pure function from a document definition to PDF bytes: its bundled Roboto embedded (subset,
 * Identity-H, so å, ä, ö, § and – come out as themselves), the output declared PDF/A-2b (ISO 19005-2 level B:
 * fonts embedded, sRGB output intent, XMP metadata), and no access to the network or the file system.
 *
 * One printer serves every call: its fonts, in-memory file system and URL policy are read-only once made (each
 * document gets a pdfkit document of its own). It is made at the first call, which loads pdfmake — not at start,
 * where nothing needs it. pdfmake's default export is not used: it holds fonts and a file system as global state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type * as PrinterModule from 'pdfmake/js/Printer';
import type * as URLResolverModule from 'pdfmake/js/URLResolver';

type PdfPrinter = InstanceType<typeof PrinterModule.default>;

const ROBOTO = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

function loadFonts(): ReadonlyMap<string, Buffer> {
  const dir = path.join(path.dirname(require.resolve('pdfmake/fonts/Roboto.js')), 'Roboto');
  return new Map(Object.values(ROBOTO).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
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

let shared: PdfPrinter | undefined;

function printer(): PdfPrinter {
  if (shared) return shared;
  // A quarter of a second of loading that only a document needs: required here, not imported at the top. (Not
  // `import()`: Node and Jest give a CommonJS module's `exports` as its default, not its `exports.default`.)
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Printer = (require('pdfmake/js/Printer') as typeof PrinterModule).default;
  const URLResolver = (require('pdfmake/js/URLResolver') as typeof URLResolverModule).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const vfs = memoryFs(loadFonts());
  const urls = new URLResolver(vfs);
  urls.setUrlAccessPolicy(() => false);
  shared = new Printer({ Roboto: { ...ROBOTO } }, vfs, urls, () => false);
  return shared;
}

/** PDF bytes for `definition`, in Roboto, as PDF/A-2b. */
export async function pdfBytes(definition: TDocumentDefinitions): Promise<Buffer> {
  // Between its first await and its return, createPdfKitDocument runs without a break: concurrent calls each get
  // the document they asked for, though the printer keeps the last one in a field.
  const doc = await printer().createPdfKitDocument({
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
