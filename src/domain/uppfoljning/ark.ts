/**
 * The follow-up as a workbook, because kanslier and ekonomer work in Excel: one sheet each for Mål, Indikatorer,
 * Uppdrag and Ekonomi, a header row and one row per object. Pure: the cells in, the rows out, or every refusal
 * naming its sheet, cell and column ("Uppdrag!K12 (Status): …"). Reading and writing the XLSX is
 * src/uppfoljning/xlsx.ts; the same rows come from the task page and the REST API.
 */
import { type z, felFromZod, type Fel } from '../validering';
import {
  ekonomiRadSchema,
  indikatorRadSchema,
  malRadSchema,
  uppdragRadSchema,
  type Plats,
  type UppfoljningIn,
} from './modell';

export type Lista = keyof UppfoljningIn;

export interface Kolumn {
  falt: string;
  rubrik: string;
  /** Shown for the reader, not read back (the last period's value beside this one's). */
  info?: boolean;
  bredd: number;
}

export const ARK: Record<Lista, { namn: string; kolumner: Kolumn[] }> = {
  mal: {
    namn: 'Mål',
    kolumner: [
      { falt: 'id', rubrik: 'Id', bredd: 12 },
      { falt: 'omrade', rubrik: 'Målområde', bredd: 20 },
      { falt: 'kfMal', rubrik: 'Fullmäktiges mål', bredd: 30 },
      { falt: 'titel', rubrik: 'Mål', bredd: 40 },
      { falt: 'forra', rubrik: 'Förra perioden', info: true, bredd: 24 },
      { falt: 'bedomning', rubrik: 'Bedömning', bredd: 30 },
      { falt: 'trend', rubrik: 'Trend', bredd: 10 },
      { falt: 'kommentar', rubrik: 'Kommentar', bredd: 60 },
    ],
  },
  indikatorer: {
    namn: 'Indikatorer',
    kolumner: [
      { falt: 'id', rubrik: 'Id', bredd: 12 },
      { falt: 'mal', rubrik: 'Mål-id', bredd: 12 },
      { falt: 'titel', rubrik: 'Indikator', bredd: 50 },
      { falt: 'enhet', rubrik: 'Enhet', bredd: 10 },
      { falt: 'malvarde', rubrik: 'Målvärde', bredd: 14 },
      { falt: 'forra', rubrik: 'Förra perioden', info: true, bredd: 16 },
      { falt: 'utfall', rubrik: 'Utfall', bredd: 14 },
      { falt: 'prognos', rubrik: 'Prognos', bredd: 14 },
      { falt: 'kommentar', rubrik: 'Kommentar', bredd: 50 },
    ],
  },
  uppdrag: {
    namn: 'Uppdrag',
    kolumner: [
      { falt: 'id', rubrik: 'Id', bredd: 14 },
      { falt: 'grupp', rubrik: 'Grupp', bredd: 24 },
      { falt: 'titel', rubrik: 'Uppdrag', bredd: 50 },
      { falt: 'beskrivning', rubrik: 'Beskrivning', bredd: 50 },
      { falt: 'ansvariga', rubrik: 'Ansvariga', bredd: 24 },
      { falt: 'kalla', rubrik: 'Källa', bredd: 20 },
      { falt: 'beslut', rubrik: 'Beslut', bredd: 18 },
      { falt: 'diarienummer', rubrik: 'Diarienummer', bredd: 16 },
      { falt: 'beslutadAv', rubrik: 'Beslutad av', bredd: 10 },
      { falt: 'slutdatum', rubrik: 'Slutdatum', bredd: 12 },
      { falt: 'forra', rubrik: 'Förra perioden', info: true, bredd: 16 },
      { falt: 'status', rubrik: 'Status', bredd: 20 },
      { falt: 'kommentar', rubrik: 'Kommentar', bredd: 60 },
    ],
  },
  ekonomi: {
    namn: 'Ekonomi',
    kolumner: [
      { falt: 'id', rubrik: 'Id', bredd: 12 },
      { falt: 'titel', rubrik: 'Verksamhet', bredd: 36 },
      { falt: 'budget', rubrik: 'Budget', bredd: 12 },
      { falt: 'utfall', rubrik: 'Utfall', bredd: 12 },
      { falt: 'forra', rubrik: 'Förra prognosen', info: true, bredd: 14 },
      { falt: 'prognos', rubrik: 'Helårsprognos', bredd: 14 },
      { falt: 'avvikelse', rubrik: 'Avvikelse', bredd: 12 },
      { falt: 'kommentar', rubrik: 'Kommentar', bredd: 50 },
    ],
  },
};

export const LISTOR = Object.keys(ARK) as Lista[];

const RADSCHEMA: Record<Lista, z.ZodType> = {
  mal: malRadSchema,
  indikatorer: indikatorRadSchema,
  uppdrag: uppdragRadSchema,
  ekonomi: ekonomiRadSchema,
};

/** A cell's value as read: text, a number, a date, or nothing. */
export type Cell = string | number | Date | undefined;

/** A sheet as read: its header row and its rows with their numbers in the sheet (1 is the header). */
export interface Tabell {
  rubriker: string[];
  rader: { nr: number; celler: Cell[] }[];
}

/** Column 0 → "A", 26 → "AA". */
export function kolumnbokstav(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A cell's place as Excel names it, with its column's heading: "Uppdrag!K12 (Status)". */
const cellnamn = (lista: Lista, kolumn: number, rad: number) =>
  `${ARK[lista].namn}!${kolumnbokstav(kolumn)}${rad} (${ARK[lista].kolumner[kolumn]!.rubrik})`;

function cellText(c: Cell, falt: string): string | number | undefined {
  if (c === undefined) return undefined;
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (typeof c === 'number') return falt === 'slutdatum' || isTalfalt(falt) ? c : String(c);
  const t = c.trim();
  return t === '' ? undefined : t;
}

const isTalfalt = (falt: string) => ['budget', 'utfall', 'prognos', 'avvikelse'].includes(falt);

/**
 * The workbook's sheets read as the follow-up's rows: every sheet's header must be the layout's (a column added,
 * removed or renamed is refused by name), every row checked; blank rows are skipped. The rows, and where each is
 * (`plats`, for the kommun's checks that follow), or every refusal naming its cell.
 */
export function lasArk(
  tabeller: Partial<Record<string, Tabell>>,
): { rader: UppfoljningIn; plats: Plats } | { fel: Fel[] } {
  const fel: Fel[] = [];
  const ut: UppfoljningIn = { mal: [], indikatorer: [], uppdrag: [], ekonomi: [] };
  const radnr: Record<Lista, number[]> = { mal: [], indikatorer: [], uppdrag: [], ekonomi: [] };
  const kanda = new Set(LISTOR.map((l) => ARK[l].namn));
  for (const namn of Object.keys(tabeller)) {
    if (!kanda.has(namn) && namn !== OM_ARKET) {
      fel.push({
        field: namn,
        rule: 'okant_ark',
        message: `bladet "${namn}" hör inte till uppföljningen (bladen är ${LISTOR.map((l) => ARK[l].namn).join(', ')})`,
      });
    }
  }
  for (const lista of LISTOR) {
    const { namn, kolumner } = ARK[lista];
    const tabell = tabeller[namn];
    if (!tabell) continue;
    const rubriker = tabell.rubriker.map((r) => r.trim());
    const fattas = kolumner.filter((k, i) => rubriker[i] !== k.rubrik);
    if (fattas.length > 0 || rubriker.length > kolumner.length) {
      const forsta = kolumner.findIndex((k, i) => rubriker[i] !== k.rubrik);
      const i = forsta === -1 ? kolumner.length : forsta;
      fel.push({
        field: `${namn}!${kolumnbokstav(i)}1`,
        rule: 'arkets_kolumner',
        message: `rubriken ska vara "${kolumner[i]?.rubrik ?? '(ingen)'}", inte "${rubriker[i] ?? ''}"; kolumnerna är ${kolumner.map((k) => k.rubrik).join(', ')}`,
      });
      continue;
    }
    for (const rad of tabell.rader) {
      const varden = Object.fromEntries(
        kolumner.flatMap((k, i) => {
          const v = k.info ? undefined : cellText(rad.celler[i], k.falt);
          return v === undefined ? [] : [[k.falt, v]];
        }),
      );
      if (Object.keys(varden).length === 0) continue;
      const result = RADSCHEMA[lista].safeParse(varden);
      if (!result.success) {
        for (const f of felFromZod(result.error)) {
          const kolumn = Math.max(
            0,
            kolumner.findIndex((k) => k.falt === f.field.split('.')[0]),
          );
          fel.push({ ...f, field: cellnamn(lista, kolumn, rad.nr), message: meddelande(f) });
        }
        continue;
      }
      (ut[lista] as unknown[]).push(result.data);
      radnr[lista].push(rad.nr);
    }
  }
  if (fel.length > 0) return { fel };
  const plats: Plats = (lista, index, falt) => {
    const kolumn = ARK[lista].kolumner.findIndex((k) => k.falt === falt);
    return cellnamn(lista, Math.max(0, kolumn), radnr[lista][index] ?? 0);
  };
  return { rader: ut, plats };
}

/** A missing id is said as the sheet's user sees it. */
function meddelande(f: Fel): string {
  return f.rule === 'obligatorisk' && f.field.startsWith('id')
    ? 'id saknas: varje rad behöver ett id'
    : f.message;
}

/** The sheet that says what the workbook is (kommun, report, period); not read back. */
export const OM_ARKET = 'Om';
