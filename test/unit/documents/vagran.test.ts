/**
 * What a document may and may not be made from: an utdrag only of §§ recorded in full and justerade (or
 * omedelbart justerade, KL 5 kap. 70 §); an anslagsbevis only once the anslag is up; a protocol not yet
 * justerat may be printed, and says so.
 */
import type { IsoDate } from '../../../src/domain/datum';
import {
  DokumentVagras,
  anslagsbevisDokument,
  protokollDokument,
  protokollsutdragDokument,
  textsOf,
} from '../../../src/domain/dokument';
import { isFullParagraf, utdragFel, type Paragraf, type Protokoll } from '../../../src/domain/protokoll';
import { renderProtokoll, renderProtokollsutdrag } from '../../../src/documents';
import { lundProtokoll, readPdf } from '../../helpers/dokument';

function refusal(make: () => unknown): DokumentVagras {
  try {
    make();
  } catch (error) {
    if (error instanceof DokumentVagras) return error;
    throw error;
  }
  throw new Error('expected DokumentVagras, but the document was made');
}

/** The example as it stood before the justering: no justerad day, no anslag. */
function ejJusterat(): Protokoll {
  const p = lundProtokoll();
  delete p.justering.justerad;
  delete p.anslagUppsatt;
  delete p.anslagNedtaget;
  return p;
}

const paragraf336 = (p: Protokoll) =>
  p.paragrafer.find((x): x is Paragraf => isFullParagraf(x) && x.nummer === 336)!;

describe('protokollsutdrag: refused', () => {
  it.each([
    [[327], 'paragraf_protokollford', '§ 327 är bara upptagen med nummer'],
    [[400], 'paragraf_finns', '§ 400 finns inte i protokollet (§ 327–365)'],
    [[336, 400], 'paragraf_finns', '§ 400 finns inte'],
  ])('of %j: %s', (nummer, rule, message) => {
    const p = lundProtokoll();
    const error = refusal(() => protokollsutdragDokument(p, nummer));
    expect(error.fel).toEqual(utdragFel(p, nummer));
    expect(error.fel).toEqual([expect.objectContaining({ field: 'paragraf', rule })]);
    expect(error.message).toContain(message);
  });

  it('of nothing at all', () => {
    expect(refusal(() => protokollsutdragDokument(lundProtokoll(), [])).fel).toEqual([
      expect.objectContaining({ field: 'paragraf', rule: 'paragraf_vald' }),
    ]);
  });

  it('of a § while the protocol is not justerat, also through the renderer', async () => {
    const p = ejJusterat();
    expect(refusal(() => protokollsutdragDokument(p, [336])).fel).toEqual([
      expect.objectContaining({ field: 'paragraf', rule: 'utdrag_efter_justering' }),
    ]);
    await expect(renderProtokollsutdrag(p, [336], 'pdf')).rejects.toBeInstanceOf(DokumentVagras);
  });
});

describe('protokollsutdrag: allowed', () => {
  it('of an omedelbart justerad § before the protocol is justerat, marked so and without ANSLAG/BEVIS', async () => {
    const p = ejJusterat();
    paragraf336(p).omedelbartJusterad = true;
    const pdf = readPdf(await renderProtokollsutdrag(p, [336], 'pdf'));
    expect(pdf.flat).toContain('aktivt. Paragrafen är omedelbart justerad. Sammanfattning');
    expect(pdf.flat).not.toContain('ANSLAG/BEVIS');
    expect(pdf.pages.every((page) => /Justerare\s+Utdragsbestyrkande/.test(page.raw))).toBe(true);
  });

  it('of an omedelbart justerad § whose own anslag is up: the ANSLAG/BEVIS covers that § only', () => {
    const p = ejJusterat();
    paragraf336(p).omedelbartJusterad = true;
    p.anslagUppsatt = '2023-10-12' as IsoDate;
    const texts = textsOf(protokollsutdragDokument(p, [336]));
    const anslag = texts.slice(texts.indexOf('ANSLAG/BEVIS'));
    expect(anslag).toEqual([
      'ANSLAG/BEVIS',
      'Paragrafen är omedelbart justerad. Justeringen har tillkännagivits genom anslag.',
      'Beslutande organ',
      'Kommunstyrelsen',
      'Sammanträdesdatum',
      '2023-10-11',
      'Paragrafer',
      '§ 336',
      'Anslaget sätts upp',
      '2023-10-12',
      'Anslaget tas ned',
      'tidigast 2023-11-03',
      'Protokollets förvaringsplats',
      'Kommunkontoret, Bruksgatan 22, Lund',
      'Underskrift',
      'Emma Ehrenberg',
    ]);
  });

  it('of several §§, each on pages of its own before the front page', () => {
    const p = lundProtokoll();
    const copy = { ...paragraf336(p), nummer: 337, rubrik: 'Ett annat ärende' };
    p.paragrafer[10] = copy;
    const d = protokollsutdragDokument(p, [337, 336]);
    expect(d.title).toBe('Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336–337');
    expect(d.fileStem).toBe('protokollsutdrag-KS-2023-10-11-336-337');
    const kinds = d.blocks.map((b) => (b.kind === 'heading' ? b.text.slice(0, 5) : b.kind));
    expect(kinds.slice(0, 4)).toEqual(['§ 336', 'paragraph', 'section', 'section']);
    expect(kinds.filter((k) => k.startsWith('§ 33'))).toEqual(['§ 336', '§ 337']);
    expect(kinds.filter((k) => k === 'pageBreak')).toHaveLength(2);
  });
});

describe('protokoll', () => {
  it('not yet justerat: printed, marked "Ej justerat", without ANSLAG/BEVIS', async () => {
    const d = protokollDokument(ejJusterat());
    expect(d.marking).toBe('Ej justerat');
    expect(textsOf(d)).toContain('Protokollet är inte justerat.');
    expect(textsOf(d)).not.toContain('ANSLAG/BEVIS');
    const pdf = readPdf(await renderProtokoll(ejJusterat(), 'pdf'));
    expect(pdf.flat).toContain('Kommunstyrelsen Protokollet är inte justerat. Tid och plats');
    expect(pdf.pages[0]!.raw).toContain('EJ JUSTERAT');
  });

  it('justerat: with ANSLAG/BEVIS and no marking', () => {
    const d = protokollDokument(lundProtokoll());
    expect(d.marking).toBeUndefined();
    expect(textsOf(d)).toContain('ANSLAG/BEVIS');
    expect(textsOf(d)).not.toContain('Protokollet är inte justerat.');
  });
});

describe('anslagsbevis', () => {
  it('is refused while the anslag is not up', () => {
    const p = lundProtokoll();
    delete p.anslagUppsatt;
    delete p.anslagNedtaget;
    expect(refusal(() => anslagsbevisDokument(p)).fel).toEqual([
      expect.objectContaining({ field: 'anslagUppsatt', rule: 'anslag_uppsatt' }),
    ]);
  });
});
