/**
 * The follow-up's workbook and gate (issue 17): a round trip through XLSX changes nothing; a broken sheet is refused
 * naming its row and column; the chef's gate lists what is missing, then lets the report through once filled.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAllKommuner } from '../../../src/config/load';
import { uppfoljningsbrister, grindFel } from '../../../src/domain/uppfoljning/grind';
import { somRader, type UppfoljningIn } from '../../../src/domain/uppfoljning/modell';
import { kravFor } from '../../../src/domain/uppfoljning/skalor';
import { UPPFOLJNING_EXEMPEL_DIR } from '../../../src/uppfoljning/exempel';
import { importeraArk } from '../../../src/uppfoljning/import';
import { skrivArk } from '../../../src/uppfoljning/xlsx';

const lund = loadAllKommuner().get('lund')!;
const rapport = { organ: 'KS', ar: 2023 };
const huvud = {
  kommun: 'Lund',
  rapport: 'lund/2023/KS/delarsrapport-augusti',
  titel: 'Delår',
  period: '2023-08-31',
  enhet: 'mnkr',
};
const fixtur = () => readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, 'lund-ks-2023-augusti.xlsx'));

async function importera(bytes: Uint8Array) {
  return importeraArk(bytes, lund, rapport);
}

/** The fixture workbook with one cell changed. */
async function medCell(blad: string, cell: string, varde: ExcelJS.CellValue): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fixtur() as unknown as ArrayBuffer);
  wb.getWorksheet(blad)!.getCell(cell).value = varde;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the follow-up workbook', () => {
  it('round-trips: written from the rows and read back, the same rows and the same values', async () => {
    const forst = await importera(fixtur());
    if ('fel' in forst) throw new Error(JSON.stringify(forst.fel));
    const rader: UppfoljningIn = somRader(forst.ok.objekt, forst.ok.varden);
    const igen = await importera(await skrivArk(huvud, rader, lund.uppfoljning));
    if ('fel' in igen) throw new Error(JSON.stringify(igen.fel));
    expect(igen.ok).toEqual(forst.ok);
    expect(somRader(igen.ok.objekt, igen.ok.varden)).toEqual(rader);
  });

  it('refuses a status that is not in the kommun’s list, naming the cell and column', async () => {
    const svar = await importera(await medCell('Uppdrag', 'L2', 'Nästan klart'));
    expect(svar).toEqual({
      fel: [
        expect.objectContaining({
          field: expect.stringMatching(/^Uppdrag!L2 \(Status\)$/),
          rule: 'kommunens_skala',
          message: expect.stringContaining('"Nästan klart" är ingen status i kommunens lista'),
        }),
      ],
    });
  });

  it('refuses a number that is text, naming the cell and column', async () => {
    const svar = await importera(await medCell('Ekonomi', 'C2', 'ungefär noll'));
    expect('fel' in svar && svar.fel).toEqual([
      expect.objectContaining({ field: 'Ekonomi!C2 (Budget)', rule: 'tal' }),
    ]);
  });

  it('refuses a row without an uppdrag id, naming the row', async () => {
    const svar = await importera(await medCell('Uppdrag', 'A3', null));
    expect('fel' in svar && svar.fel).toEqual([
      expect.objectContaining({ field: 'Uppdrag!A3 (Id)', message: 'id saknas: varje rad behöver ett id' }),
    ]);
  });

  it('refuses a file that is no workbook', async () => {
    const svar = await importera(Buffer.from('inte en arbetsbok'));
    expect('fel' in svar && svar.fel[0]).toMatchObject({ field: 'fil', rule: 'xlsx' });
  });
});

describe('the gate before the chef’s Godkänn', () => {
  it('lists every gap, then lets the report through once filled', async () => {
    const svar = await importera(fixtur());
    if ('fel' in svar) throw new Error(JSON.stringify(svar.fel));
    const krav = kravFor(lund.uppfoljning, 'delarsrapport-augusti', 'delarsrapport')!;
    expect(uppfoljningsbrister(krav, svar.ok.objekt, svar.ok.varden)).toEqual([]);

    const uppdrag = svar.ok.objekt.find((o) => o.slag === 'UPPDRAG')!;
    const mal = svar.ok.objekt.find((o) => o.slag === 'MAL')!;
    const varden = svar.ok.varden.filter((v) => v.objektId !== uppdrag.id && v.objektId !== mal.id);
    const fel = grindFel(uppfoljningsbrister(krav, svar.ok.objekt, varden));
    expect(fel.map((f) => f.field)).toEqual([
      'uppfoljning',
      `mal.${mal.id}.bedomning`,
      `uppdrag.${uppdrag.id}.status`,
      `uppdrag.${uppdrag.id}.kommentar`,
    ]);
    expect(fel[0]!.message).toContain('3 saker saknas');
  });

  it('follows the kommun’s rules per report kind: an årsredovisning needs no indikator prognos', () => {
    const ars = kravFor(lund.uppfoljning, 'arsredovisning', 'arsredovisning');
    expect(ars?.indikatorPrognos).toBe(false);
    expect(kravFor(lund.uppfoljning, 'evp', 'evp')).toBeUndefined();
  });
});
