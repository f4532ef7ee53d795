/**
 * Reading the documents back as a person or an archive would: the example protocol of document 000, the text of
 * a PDF page by page through poppler's pdftotext (with the page head and the initials boxes taken off), its
 * fonts through pdffonts, and the paragraphs of a DOCX from its word/*.xml parts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { protokollSchema, type Protokoll } from '../../src/domain/protokoll';

export const ROOT = path.resolve(__dirname, '../..');
export const EXEMPEL_PROTOKOLL = path.join(ROOT, 'config/examples/lund-ks-2023-10-11.json');
export const EXEMPEL_KALLELSE = path.join(ROOT, 'config/examples/lund-ks-2023-10-11-kallelse.json');

/** Lund KS 2023-10-11, parsed as every caller parses it; a fresh copy each time, to change freely. */
export function lundProtokoll(): Protokoll {
  return protokollSchema.parse(JSON.parse(readFileSync(EXEMPEL_PROTOKOLL, 'utf8'))) as Protokoll;
}

export function rawLundProtokoll(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXEMPEL_PROTOKOLL, 'utf8')) as Record<string, unknown>;
}

/** Runs a poppler tool; a missing one says how to get it rather than failing obscurely. */
export function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is missing: install Debian's poppler-utils (.ci/run does)`);
    }
    throw error;
  }
}

export interface PdfPage {
  /** `pdftotext -layout` of the page as it is. */
  raw: string;
  /** The page's body: the head (organ, document, date, "Sida n av m") and the foot boxes taken off. */
  body: string[];
}

export interface PdfText {
  pages: PdfPage[];
  /** Every body line of every page, trimmed, empty lines dropped. */
  lines: string[];
  /** The bodies as one text, all whitespace runs made one space: sentences wrapped over lines read whole. */
  flat: string;
  fonts: string;
  info: string;
}

/** Writes `pdf` to a temporary file and reads it back with poppler, page by page. */
export function readPdf(pdf: Buffer): PdfText {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arshjul-pdf-'));
  try {
    const file = path.join(dir, 'dokument.pdf');
    writeFileSync(file, pdf);
    const info = poppler('pdfinfo', [file]);
    const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    const pages: PdfPage[] = [];
    for (let n = 1; n <= count; n++) {
      const raw = poppler('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-']);
      const lines = raw.split('\n').map((l) => l.trim());
      const headEnd = lines.findIndex((l) => /^Sida \d+ av \d+$/.test(l));
      const footStart = lines.findLastIndex((l) => /^Justerare\s+Utdragsbestyrkande$/.test(l));
      pages.push({
        raw,
        body: lines.slice(headEnd + 1, footStart < 0 ? undefined : footStart).filter(Boolean),
      });
    }
    const lines = pages.flatMap((p) => p.body);
    return {
      pages,
      lines,
      flat: lines.join(' ').replace(/\s+/g, ' '),
      fonts: poppler('pdffonts', [file]),
      info,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The part of `text` from the first `from` after `after` up to the next `to` (exclusive), trimmed. */
export function between(text: string, from: string, to: string, after = 0): string {
  const start = text.indexOf(from, after);
  if (start < 0) throw new Error(`"${from}" is not in the text`);
  const end = text.indexOf(to, start + from.length);
  if (end < 0) throw new Error(`"${to}" does not follow "${from}"`);
  return text.slice(start + from.length, end).trim();
}

export interface DocxText {
  /** The body's paragraphs as text, in order (table cells' paragraphs included). */
  paragraphs: string[];
  documentXml: string;
  headerXml: string;
  footerXml: string;
  stylesXml: string;
}

const paragraphsOf = (xml: string): string[] =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map((t) => t[1]!)
        .join('')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .filter((t) => t.trim() !== '');

/** Unzips a DOCX and reads its parts. */
export function readDocx(docx: Buffer): DocxText {
  const files = unzipSync(new Uint8Array(docx));
  const part = (name: string) => {
    const file = files[name];
    if (!file) throw new Error(`${name} is not in the DOCX (has: ${Object.keys(files).join(', ')})`);
    return strFromU8(file);
  };
  const documentXml = part('word/document.xml');
  return {
    paragraphs: paragraphsOf(documentXml),
    documentXml,
    headerXml: part('word/header1.xml'),
    footerXml: part('word/footer1.xml'),
    stylesXml: part('word/styles.xml'),
  };
}

/** A table of a DOCX body, under the heading before it: each row's cells as text (a cell's paragraphs joined). */
export interface DocxTabell {
  rubrik: string;
  rader: string[][];
}

/** The tables of a DOCX's `word/document.xml`, in order, each with the last heading (Heading1–3) before it. */
export function docxTabeller(documentXml: string): DocxTabell[] {
  const tabeller: DocxTabell[] = [];
  let rubrik = '';
  for (const [del] of documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g)) {
    if (del.startsWith('<w:p')) {
      if (/<w:pStyle w:val="Heading\d"\/>/.test(del)) rubrik = paragraphsOf(del).join('');
      continue;
    }
    const rader = [...del.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => paragraphsOf(tc[0]).join(' ')),
    );
    tabeller.push({ rubrik, rader });
  }
  return tabeller;
}
