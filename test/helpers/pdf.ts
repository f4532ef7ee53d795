/**
 * What a PDF says, as poppler's `pdftotext` reads it (Debian `poppler-utils`): the text a user or an archive
 * would extract, page by page, so tests compare documents by their words and not by their bytes.
 */
import { execFile } from 'node:child_process';

function pdftotext(pdf: Buffer, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pdftotext',
      [...args, '-', '-'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`pdftotext failed (is poppler-utils installed?): ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
    child.stdin!.end(pdf);
  });
}

/** The whole text, in reading order with the layout kept. */
export function pdfText(pdf: Buffer): Promise<string> {
  return pdftotext(pdf, ['-layout', '-enc', 'UTF-8']);
}

/** The text of each page (1-based order). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const all = await pdftotext(pdf, ['-layout', '-enc', 'UTF-8']);
  return all.split('\f').filter((page, i, pages) => i < pages.length - 1 || page.trim() !== '');
}
