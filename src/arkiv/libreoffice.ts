/**
 * A DOCX, XLSX or ODT shown as PDF, for a chef to read in the browser before approving: converted by LibreOffice
 * headless when the machine has it (Debian's `libreoffice-writer-nogui`), else not at all (the page offers the
 * download). Each conversion runs in a folder and a LibreOffice profile of its own, so several may run at once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DokumentTyp } from '../domain/arendedokument';

const KANDIDATER = [process.env.ARSHJUL_SOFFICE, '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

/** LibreOffice's `soffice`, if the machine has it. */
export function soffice(): string | undefined {
  return KANDIDATER.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

export async function tillPdf(bytes: Uint8Array, typ: DokumentTyp): Promise<Uint8Array | undefined> {
  const program = soffice();
  if (!program) return undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'arshjul-visning-'));
  try {
    const fil = path.join(dir, `dokument.${typ}`);
    await writeFile(fil, bytes);
    await new Promise<void>((resolve, reject) =>
      execFile(
        program,
        [
          `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profil')).href}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          fil,
        ],
        { timeout: 120_000 },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    return new Uint8Array(await readFile(path.join(dir, 'dokument.pdf')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
