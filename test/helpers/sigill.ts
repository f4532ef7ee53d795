/**
 * A seal certificate for tests, made with openssl at test time (never committed): a self-signed RSA certificate
 * and its key as PKCS#12, and poppler's `pdfsig` to verify what is sealed with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sigill } from '../../src/documents/sigill';

export const TEST_SIGILL_LOSENORD = 'test-sigill';

/** TEST MATERIAL: a fresh self-signed seal for `namn`, as a .p12 file in a temporary folder, and its bytes. */
export function testSigill(namn = 'Lunds kommun'): Sigill & { fil: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arshjul-sigill-'));
  const key = path.join(dir, 'nyckel.pem');
  const cert = path.join(dir, 'certifikat.pem');
  const fil = path.join(dir, 'sigill.p12');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      `/O=${namn}/CN=${namn} sigill (TEST)`,
    ],
    { stdio: 'pipe' },
  );
  execFileSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      cert,
      '-out',
      fil,
      '-passout',
      `pass:${TEST_SIGILL_LOSENORD}`,
    ],
    { stdio: 'pipe' },
  );
  return { fil, p12: readFileSync(fil), losenord: TEST_SIGILL_LOSENORD, namn, plats: 'Kommunkontoret' };
}

/** `pdfsig` on the PDF: its report, and whether every signature in it is valid. */
export function pdfsig(pdf: Buffer): { rapport: string; giltig: boolean } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arshjul-pdfsig-'));
  const file = path.join(dir, 'forseglad.pdf');
  writeFileSync(file, pdf);
  const run = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  if (run.error) throw new Error(`pdfsig is missing: install Debian's poppler-utils (${String(run.error)})`);
  const rapport = `${run.stdout}${run.stderr}`;
  return {
    rapport,
    giltig: /Signature Validation: Signature is Valid\./.test(rapport) && !/Mismatch|Invalid/.test(rapport),
  };
}
