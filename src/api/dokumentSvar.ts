/**
 * A rendered document as a download, the same from the pages and the REST API: never cached (an unjusterat
 * protocol is a draft, and a signed-in person's documents are theirs), never sniffed, an HTML document unable to
 * run scripts, and a DOCX saved rather than opened in the browser.
 */
import type { Response } from 'express';

export interface Dokumentfil {
  bytes: Buffer;
  typ: string;
  namn: string;
  /** The Content-Disposition, when not the default (a DOCX saved, anything else opened). */
  disposition?: string;
  /** The pages of this site may show it in a frame (a PDF on the task page). */
  inramning?: boolean;
}

export const DOKUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function skickaDokument(res: Response, fil: Dokumentfil): void {
  res
    .type(fil.typ)
    .set('Cache-Control', 'no-store')
    .set('X-Content-Type-Options', 'nosniff')
    .set('Content-Security-Policy', `${DOKUMENT_CSP}; frame-ancestors ${fil.inramning ? "'self'" : "'none'"}`)
    .set('X-Frame-Options', fil.inramning ? 'SAMEORIGIN' : 'DENY')
    .set(
      'Content-Disposition',
      fil.disposition ?? `${fil.namn.endsWith('.docx') ? 'attachment' : 'inline'}; filename="${fil.namn}"`,
    )
    .send(fil.bytes);
}
