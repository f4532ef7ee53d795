/**
 * Real files of the kinds an ärende keeps, made in the test: a PDF (pdfmake, as Årshjul's own documents), the
 * kommun's tjänsteskrivelse (DOCX), a spreadsheet (XLSX) and an OpenDocument text (ODT) with the parts their
 * formats require — and files that only pretend to be one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { pdfBytes } from '../../src/documents/pdfmakeEngine';

/** A PDF of a report: its title and a few paragraphs. */
export function rapportPdf(
  titel: string,
  stycken: string[] = ['Verksamheten följer plan.'],
): Promise<Buffer> {
  return pdfBytes({
    content: [
      { text: titel, fontSize: 18, bold: true, margin: [0, 0, 0, 12] },
      ...stycken.map((text) => ({ text })),
    ],
  });
}

/** The template of config/mallar as it ships: a real DOCX. */
export const mallDocx = (): Buffer =>
  readFileSync(path.join(__dirname, '../../config/mallar/tjansteskrivelse.docx'));

/** A minimal but well-formed XLSX: the content types, the workbook and one sheet. */
export function xlsx(): Buffer {
  const zip = new PizZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Nyckeltal" sheetId="1"/></sheets></workbook>',
  );
  return Buffer.from(zip.generate({ type: 'uint8array' }));
}

/** A minimal ODT: the mimetype first, stored, and the content. */
export function odt(): Buffer {
  const zip = new PizZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file(
    'content.xml',
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Bilaga</text:p></office:text></office:body></office:document-content>',
  );
  return Buffer.from(zip.generate({ type: 'uint8array' }));
}

/** A ZIP that is none of the office formats. */
export function annanZip(): Buffer {
  const zip = new PizZip();
  zip.file('readme.txt', 'hej');
  return Buffer.from(zip.generate({ type: 'uint8array' }));
}
