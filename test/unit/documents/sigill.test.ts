/**
 * The kommun's seal on a justerat protokollsutdrag: a PAdES signature (ETSI.CAdES.detached) with the seal
 * certificate, verified by poppler's pdfsig; one changed byte in the signed document breaks it, and the sealed PDF
 * still reads as the document it was (an incremental update: the archival bytes are kept).
 */
import { renderProtokollsutdrag } from '../../../src/documents';
import { forsegla } from '../../../src/documents/sigill';
import { lundProtokoll, readPdf } from '../../helpers/dokument';
import { pdfsig, testSigill } from '../../helpers/sigill';

const sigill = testSigill();

it('seals the utdrag of § 336 so that pdfsig verifies it, and one changed byte breaks the seal', async () => {
  const pdf = await renderProtokollsutdrag(lundProtokoll(), [336], 'pdf');
  const forseglad = await forsegla(pdf, sigill, new Date('2023-10-19T08:00:00+02:00'));

  // The signed PDF is the archival PDF with the signature appended: its bytes come first, unchanged.
  expect(forseglad.subarray(0, pdf.length - 1).equals(pdf.subarray(0, pdf.length - 1))).toBe(true);
  const { rapport, giltig } = pdfsig(forseglad);
  expect(giltig).toBe(true);
  expect(rapport).toContain('Signature Type: ETSI.CAdES.detached');
  expect(rapport).toContain('Signer Certificate Common Name: Lunds kommun sigill (TEST)');
  expect(rapport).toContain('Total document signed');
  expect(readPdf(forseglad).flat).toContain('§ 336 Delårsrapport för kommunstyrelsen');

  const andrad = Buffer.from(forseglad);
  const i = andrad.indexOf('Kommunstyrelsen');
  andrad[i] = 'k'.charCodeAt(0);
  const brutet = pdfsig(andrad);
  expect(brutet.giltig).toBe(false);
  expect(brutet.rapport).toMatch(/Digest Mismatch|Signature is Invalid/);
});

it('refuses a PKCS#12 file that holds no key for its certificate, and a wrong password', async () => {
  const pdf = await renderProtokollsutdrag(lundProtokoll(), [336], 'pdf');
  await expect(forsegla(pdf, { ...sigill, losenord: 'fel' }, new Date())).rejects.toThrow();
});
