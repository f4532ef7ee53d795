/**
 * What an uploaded file is, by its content, never by its name: its signature (magic-bytes.js) says PDF or a ZIP
 * container; a container is a DOCX, XLSX or ODT only when it holds the parts that format requires (read with
 * PizZip). Anything else is not a document Årshjul keeps.
 */
import type * as MagicBytes from 'magic-bytes.js';
import type PizZip from 'pizzip';
import type { DokumentTyp } from '../domain/arendedokument';

const ODT_MIMETYP = 'application/vnd.oasis.opendocument.text';

export function filtypAv(bytes: Uint8Array): DokumentTyp | undefined {
  // Loaded at the first upload, not at start-up.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { filetypeinfo } = require('magic-bytes.js') as typeof MagicBytes;
  const Zip = require('pizzip') as typeof PizZip;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const signatur = filetypeinfo(bytes).map((t) => t.typename);
  if (signatur.includes('pdf')) return 'pdf';
  if (!signatur.includes('zip')) return undefined;
  let zip: PizZip;
  try {
    zip = new Zip(bytes);
  } catch {
    return undefined;
  }
  if (zip.file('[Content_Types].xml')) {
    if (zip.file('word/document.xml')) return 'docx';
    if (zip.file('xl/workbook.xml')) return 'xlsx';
    return undefined;
  }
  const mimetyp = zip.file('mimetype')?.asText().trim();
  return mimetyp === ODT_MIMETYP && zip.file('content.xml') ? 'odt' : undefined;
}
