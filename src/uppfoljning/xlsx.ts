/**
 * The follow-up as an XLSX workbook (exceljs): written with the layout of src/domain/uppfoljning/ark.ts — the
 * kommun's steps offered as drop-down lists, last period's values beside this one's — and read back into the same
 * cells that layout checks. A file that is no workbook is refused, never half read.
 */
import type ExcelJS from 'exceljs';
import { ARK, LISTOR, OM_ARKET, type Cell, type Lista, type Tabell } from '../domain/uppfoljning/ark';
import type { UppfoljningIn } from '../domain/uppfoljning/modell';
import { kortNamn, type UppfoljningConfig } from '../domain/uppfoljning/skalor';
import type { Fel } from '../domain/validering';

/**
 * exceljs, loaded at the first workbook: a quarter of a second that every start would otherwise pay. (Required,
 * not `import()`ed: Node and Jest give a CommonJS module's `exports` as its default.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const excel = (): typeof ExcelJS => require('exceljs') as typeof ExcelJS;

export interface ArkHuvud {
  kommun: string;
  rapport: string;
  titel: string;
  period: string;
  enhet: string;
}

/** Last period's value of each row, shown beside this one's ("Förra perioden"). */
export type Forra = Partial<Record<Lista, Map<string, string>>>;

const SKALOR: Partial<Record<string, (c: UppfoljningConfig) => UppfoljningConfig['bedomning']>> = {
  bedomning: (c) => c.bedomning,
  trend: (c) => c.trend,
  status: (c) => c.uppdragsstatus,
};

export async function skrivArk(
  huvud: ArkHuvud,
  rader: UppfoljningIn,
  config: UppfoljningConfig,
  forra: Forra = {},
): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'Årshjul';
  // A fixed time: the same follow-up gives the same workbook (exceljs would stamp the clock's).
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  const om = wb.addWorksheet(OM_ARKET);
  om.columns = [{ width: 22 }, { width: 60 }, { width: 4 }, { width: 40 }, { width: 40 }, { width: 20 }];
  om.addRows([
    ['Kommun', huvud.kommun],
    ['Rapport', huvud.titel],
    ['Rapportens id', huvud.rapport],
    ['Period till och med', huvud.period],
    ['Belopp i', huvud.enhet],
    [],
    ['Fyll i bladen Mål, Indikatorer, Uppdrag och Ekonomi och ladda upp filen på uppgiften.'],
    ['Kolumnen "Förra perioden" läses inte in. En rad utan id läses inte in.'],
  ]);
  // The kommun's steps, for the drop-down lists: D bedömning, E status, F trend.
  const listor: [string, UppfoljningConfig['bedomning']][] = [
    ['D', config.bedomning],
    ['E', config.uppdragsstatus],
    ['F', config.trend],
  ];
  om.getCell('D10').value = 'Bedömningar';
  om.getCell('E10').value = 'Uppdragens status';
  om.getCell('F10').value = 'Trend';
  for (const [kol, steg] of listor) steg.forEach((s, i) => (om.getCell(`${kol}${11 + i}`).value = s.text));
  const intervall = (kol: string, n: number) => `'${OM_ARKET}'!$${kol}$11:$${kol}$${10 + Math.max(n, 1)}`;
  const listaFor: Record<string, string> = {
    bedomning: intervall('D', config.bedomning.length),
    status: intervall('E', config.uppdragsstatus.length),
    trend: intervall('F', config.trend.length),
  };

  for (const lista of LISTOR) {
    const { namn, kolumner } = ARK[lista];
    const ws = wb.addWorksheet(namn, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = kolumner.map((k) => ({ header: k.rubrik, key: k.falt, width: k.bredd }));
    ws.getRow(1).font = { bold: true };
    for (const rad of rader[lista] as unknown as Record<string, unknown>[]) {
      const forraVardet = forra[lista]?.get(String(rad.id));
      ws.addRow({ ...rad, ...(forraVardet !== undefined ? { forra: forraVardet } : {}) });
    }
    kolumner.forEach((k, i) => {
      const kol = ws.getColumn(i + 1);
      if (k.info) kol.font = { italic: true, color: { argb: 'FF555555' } };
      if (['beskrivning', 'kommentar', 'titel'].includes(k.falt))
        kol.alignment = { wrapText: true, vertical: 'top' };
      const skala = SKALOR[k.falt]?.(config);
      if (skala && skala.length > 0) {
        // A list offers the kommun's steps; a sentence of the kommun's own still reads (the check is the import's).
        // One range (the rows there are and 200 more), fixed before the loop: each validated cell counts as a row.
        const sista = Math.max(ws.rowCount, 2) + 200;
        for (let r = 2; r <= sista; r++) {
          ws.getCell(r, i + 1).dataValidation = {
            type: 'list',
            allowBlank: true,
            showErrorMessage: false,
            formulae: [listaFor[k.falt]!],
          };
        }
      }
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The kommun's steps as the sheet shows them, for the "Förra perioden" column. */
export const stegText = (skala: UppfoljningConfig['bedomning'], id: string | undefined) =>
  id ? kortNamn(skala.find((s) => s.id === id) ?? { id, text: id, alias: [], avslutar: false }) : undefined;

/** A workbook's sheets as cells; a file that is no XLSX is refused naming the file. */
export async function lasArkfil(
  bytes: Uint8Array,
): Promise<{ tabeller: Record<string, Tabell> } | { fel: Fel[] }> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { fel: [{ field: 'fil', rule: 'xlsx', message: 'filen är ingen Excel-arbetsbok (.xlsx)' }] };
  }
  const tabeller: Record<string, Tabell> = {};
  wb.eachSheet((ws) => {
    if (ws.name === OM_ARKET) {
      tabeller[ws.name] = { rubriker: [], rader: [] };
      return;
    }
    const rubriker: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
      rubriker[col - 1] = String(cellvarde(cell.value) ?? '');
    });
    while (rubriker.length > 0 && rubriker.at(-1) === '') rubriker.pop();
    const rader: Tabell['rader'] = [];
    ws.eachRow({ includeEmpty: false }, (row, nr) => {
      if (nr === 1) return;
      const celler: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        celler[col - 1] = cellvarde(cell.value);
      });
      rader.push({ nr, celler });
    });
    tabeller[ws.name] = { rubriker: Array.from(rubriker, (r) => r ?? ''), rader };
  });
  return { tabeller };
}

/** A cell's value as text, number or date, whatever exceljs made of it (rich text, formula, hyperlink). */
function cellvarde(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'SANT' : 'FALSKT';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellvarde(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return undefined;
}
