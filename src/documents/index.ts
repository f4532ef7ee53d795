/**
 * The documents of a sammanträde — protokoll, protokollsutdrag, anslagsbevis, kallelse — as PDF (archival,
 * PDF/A-2b with embedded fonts), DOCX (editable) or HTML. Each function builds the document's model from the
 * record (src/domain/dokument/) and renders it; nothing is read or written but the bytes returned, and nothing
 * is kept between calls. A record that cannot give the document rejects with `DokumentVagras` and every `Fel`.
 */
import {
  STANDARDSTIL,
  anslagsbevisDokument,
  kallelseDokument,
  protokollDokument,
  protokollsutdragDokument,
  type Dokument,
  type Dokumentstil,
} from '../domain/dokument';
import type { Kallelse } from '../domain/kallelse';
import type { Protokoll } from '../domain/protokoll';
import { z } from '../domain/validering';
import type * as DocxModule from './docx';
import { renderHtml } from './html';
import { renderPdf } from './pdf';

export { DokumentVagras } from '../domain/dokument';

export const dokumentformatSchema = z.enum(['pdf', 'docx', 'html']);
export type Dokumentformat = z.output<typeof dokumentformatSchema>;

export const CONTENT_TYPE: Record<Dokumentformat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
};

/** A document model in one format. */
export async function renderDokument(dokument: Dokument, format: Dokumentformat): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return renderPdf(dokument);
    case 'docx': {
      // The docx package (a tenth of a second to load) only when a Word file is asked for: not at start-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { renderDocx } = require('./docx') as typeof DocxModule;
      return renderDocx(dokument);
    }
    case 'html':
      return renderHtml(dokument);
  }
}

/** The §§ `nummer` with the front page and ANSLAG/BEVIS; refused unless each is recorded in full and justerad. */
export async function renderProtokollsutdrag(
  protokoll: Protokoll,
  nummer: readonly number[],
  format: Dokumentformat,
  stil: Dokumentstil = STANDARDSTIL,
): Promise<Buffer> {
  return renderDokument(protokollsutdragDokument(protokoll, nummer, stil), format);
}

export async function renderProtokoll(
  protokoll: Protokoll,
  format: Dokumentformat,
  stil: Dokumentstil = STANDARDSTIL,
): Promise<Buffer> {
  return renderDokument(protokollDokument(protokoll, stil), format);
}

/** Refused while the anslag is not posted. */
export async function renderAnslagsbevis(
  protokoll: Protokoll,
  format: Dokumentformat,
  stil: Dokumentstil = STANDARDSTIL,
): Promise<Buffer> {
  return renderDokument(anslagsbevisDokument(protokoll, stil), format);
}

export async function renderKallelse(kallelse: Kallelse, format: Dokumentformat): Promise<Buffer> {
  return renderDokument(kallelseDokument(kallelse), format);
}

/** A document rendered in `format`, with its content type and file name: what a download answers. */
export async function dokumentFil(
  dokument: Dokument,
  format: Dokumentformat,
): Promise<{ bytes: Buffer; typ: string; namn: string }> {
  return {
    bytes: await renderDokument(dokument, format),
    typ: CONTENT_TYPE[format],
    namn: filnamn(dokument, format),
  };
}

/** "protokollsutdrag-KS-2023-10-11-336.pdf": an ASCII file name for a download or a mail attachment. */
export function filnamn(dokument: Dokument, format: Dokumentformat): string {
  return `${dokument.fileStem}.${format}`;
}
