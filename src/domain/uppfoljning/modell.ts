/**
 * What a report follows up (issue 17): the nämnd's **mål** with their bedömning, **indikatorer** with utfall,
 * målvärde and prognos, **uppdrag** from KF's EVP and from KF's and KS's beslut with their status, and the
 * **ekonomi** per verksamhet. Each is an object of the kommun's (kept across periods: an uppdrag lives until it is
 * genomfört or utgår) and, per report, a value: this period's bedömning, status, numbers and kommentar.
 *
 * A row of the follow-up — in a sheet (./ark.ts), a form or the REST API — is an object with this period's value,
 * in the source's words; `tolkaRad` checks it against the kommun's scales (./skalor.ts) and keeps the wording.
 */
import { isoDateSchema, type IsoDate } from '../datum';
import type { KommunConfig } from '../kommun';
import { sparbarText, z, type Fel } from '../validering';
import { klassa, tillatna, type UppfoljningConfig } from './skalor';

export const OBJEKT_SLAG = ['MAL', 'INDIKATOR', 'UPPDRAG', 'EKONOMI'] as const;
export type ObjektSlag = (typeof OBJEKT_SLAG)[number];

/** The kommun's own id of a mål, indikator, uppdrag or verksamhet: "KS-U07", "LKPG-SU-K13", "M2". */
export const objektIdSchema = z
  .string()
  .trim()
  .min(1, 'id saknas')
  .max(100)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u, 'skrivs med bokstäver, siffror och . _ : / -');

const text = (max: number) => sparbarText().pipe(z.string().trim().max(max));
const valfriText = (max: number) =>
  text(max)
    .optional()
    .transform((t) => (t ? t : undefined));

/** A number as the kommun writes it: a number, or text with a decimal comma and spaces ("2 640 631", "-4,0"). */
export const beloppSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
  } else {
    const tal = lasTal(v);
    if (tal !== undefined) return tal;
  }
  ctx.addIssue({
    code: 'custom',
    message: `"${String(v)}" är inget tal; skriv t.ex. 641,0 eller -4,0`,
    params: { rule: 'tal' },
  });
  return z.NEVER;
});

/** `text` as a number, if it is one as Swedish reports write it. */
export function lasTal(text: string): number | undefined {
  const t = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace('−', '-')
    .replace(',', '.');
  return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

/** One row of the follow-up as entered: an object and this period's value (empty fields: not entered). */
export const malRadSchema = z
  .object({
    id: objektIdSchema,
    /** Målområde, perspective or processområde's group: "Samhälle", "Hållbar utveckling". */
    omrade: valfriText(200),
    /** The KF mål (inriktningsmål, kommunövergripande mål) this nämndmål serves. */
    kfMal: valfriText(500),
    titel: text(1000).pipe(z.string().min(1, 'målet saknar text')),
    bedomning: valfriText(2000),
    trend: valfriText(100),
    kommentar: valfriText(8000),
  })
  .strict();

export const indikatorRadSchema = z
  .object({
    id: objektIdSchema,
    /** The mål it measures. */
    mal: objektIdSchema.optional(),
    titel: text(1000).pipe(z.string().min(1, 'indikatorn saknar text')),
    enhet: valfriText(100),
    /** As the kommun writes it: "80", "≥ 30", "Öka", "Mindre än 23", "Behålla". */
    malvarde: valfriText(200),
    /** As written: "4,24", "I.U.", "*", "I.U. Kan rapporteras i november 2024". */
    utfall: valfriText(500),
    prognos: valfriText(500),
    kommentar: valfriText(8000),
  })
  .strict();

export const uppdragRadSchema = z
  .object({
    id: objektIdSchema,
    /** How the report groups it: "Särskilda uppdrag från EVP", "Kommungemensamma", "Tillkommande uppdrag". */
    grupp: valfriText(200),
    titel: text(2000).pipe(z.string().min(1, 'uppdraget saknar text')),
    /** The beslut's att-satser or the uppdrag's description. */
    beskrivning: valfriText(8000),
    /** The ansvariga nämnder as written ("Kommunstyrelsen, Barn- och skolnämnden", "KS, SBN, alla bolag"). */
    ansvariga: valfriText(1000),
    /** Where it comes from: "EVP 2023–2025", "Budget 2024 med plan för 2025–2029", "från budget 2023". */
    kalla: valfriText(500),
    /** The beslut: "KF 2022-11-24 § 355", "KS AU § 144". */
    beslut: valfriText(200),
    diarienummer: valfriText(100),
    beslutadAv: valfriText(100),
    slutdatum: isoDateSchema.optional(),
    /** This period's status in the kommun's words (a label or a sentence). */
    status: valfriText(2000),
    kommentar: valfriText(8000),
  })
  .strict();

export const ekonomiRadSchema = z
  .object({
    id: objektIdSchema,
    /** The verksamhet, stab or avdelning. */
    titel: text(500).pipe(z.string().min(1, 'verksamheten saknar namn')),
    budget: beloppSchema.optional(),
    /** The period's utfall. */
    utfall: beloppSchema.optional(),
    /** The helårsprognos. */
    prognos: beloppSchema.optional(),
    /** As the report gives it; computed by the kommun's rule when left out. */
    avvikelse: beloppSchema.optional(),
    kommentar: valfriText(8000),
  })
  .strict();

/** A whole follow-up as entered (the REST API's body; a sheet's four tabs). */
export const uppfoljningInSchema = z
  .object({
    mal: z.array(malRadSchema).max(500).default([]),
    indikatorer: z.array(indikatorRadSchema).max(2000).default([]),
    uppdrag: z.array(uppdragRadSchema).max(2000).default([]),
    ekonomi: z.array(ekonomiRadSchema).max(500).default([]),
  })
  .strict();
export type UppfoljningIn = z.output<typeof uppfoljningInSchema>;
export type MalRad = z.output<typeof malRadSchema>;
export type IndikatorRad = z.output<typeof indikatorRadSchema>;
export type UppdragRad = z.output<typeof uppdragRadSchema>;
export type EkonomiRad = z.output<typeof ekonomiRadSchema>;

/** A step of one of the kommun's scales, with the words the row used for it. */
export interface Tolkat {
  text: string;
  steg: string;
}

/** An object of the follow-up as the register keeps it, across periods. */
export interface Objekt {
  id: string;
  slag: ObjektSlag;
  /** The organs whose reports follow it up (an uppdrag may be several nämnders'). */
  organ: string[];
  /** The year it was first followed up. */
  ar: number;
  titel: string;
  /** The rest of the object's fields, by kind (the row's fields that are not this period's value). */
  data: Record<string, string | undefined>;
  slutdatum?: IsoDate;
}

/** One period's value of an object, for one report. */
export interface Varde {
  objektId: string;
  /** A mål's bedömning or an uppdrag's status. */
  bedomning?: Tolkat;
  trend?: Tolkat;
  kommentar?: string;
  utfall?: string;
  prognos?: string;
  budget?: number;
  utfallBelopp?: number;
  prognosBelopp?: number;
  avvikelse?: number;
}

/** A follow-up checked against the kommun: its objects and this period's values. */
export interface TolkadUppfoljning {
  objekt: Objekt[];
  varden: Varde[];
}

/** The fields of a row kind that describe the object (kept across periods) rather than this period's value. */
const OBJEKTFALT: Record<ObjektSlag, readonly string[]> = {
  MAL: ['omrade', 'kfMal'],
  INDIKATOR: ['mal', 'enhet', 'malvarde'],
  UPPDRAG: ['grupp', 'beskrivning', 'ansvariga', 'kalla', 'beslut', 'diarienummer', 'beslutadAv'],
  EKONOMI: [],
};

/**
 * The kommun's organs an uppdrag's ansvariga name, by kortnamn or name ("KS, SBN", "Kommunstyrelsen
 * Barn- och skolnämnden"); names that are no organ of the kommun (its bolag, "alla nämnder") stay in the text.
 */
export function ansvarigaOrgan(ansvariga: string | undefined, organ: KommunConfig['organ']): string[] {
  if (!ansvariga) return [];
  const t = ansvariga.toLocaleLowerCase('sv-SE');
  return organ
    .filter((o) => {
      const kort = new RegExp(`(^|[^\\p{L}])${o.kortnamn.toLocaleLowerCase('sv-SE')}($|[^\\p{L}])`, 'u');
      return kort.test(t) || t.includes(o.namn.toLocaleLowerCase('sv-SE'));
    })
    .map((o) => o.kortnamn);
}

/** Where a row is, for a refusal: the list and the row's place in it (a sheet names its own cells). */
export type Plats = (
  lista: 'mal' | 'indikatorer' | 'uppdrag' | 'ekonomi',
  index: number,
  falt: string,
) => string;
const jsonPlats: Plats = (lista, index, falt) => `${lista}.${index}.${falt}`;

/**
 * The follow-up of report `rapport` (of `organ`, year `ar`) checked against the kommun: every bedömning, status and
 * trend one of its scales' steps (the wording kept), ids unique, an indikator's mål known. Either every row is
 * good or the refusals, each naming its row and field.
 */
export function tolkaUppfoljning(
  input: UppfoljningIn,
  kommun: { uppfoljning: UppfoljningConfig; organ: KommunConfig['organ'] },
  rapport: { organ: string; ar: number },
  plats: Plats = jsonPlats,
  kandaMal: readonly string[] = [],
): { ok: TolkadUppfoljning } | { fel: Fel[] } {
  const fel: Fel[] = [];
  const objekt: Objekt[] = [];
  const varden: Varde[] = [];
  const skalor = kommun.uppfoljning;
  const sedda = new Map<string, string>();
  const tolka = (
    lista: Parameters<Plats>[0],
    index: number,
    falt: string,
    text: string | undefined,
    skala: UppfoljningConfig['bedomning'],
    vad: string,
  ): Tolkat | undefined => {
    if (text === undefined) return undefined;
    const steg = klassa(text, skala);
    if (!steg) {
      fel.push({
        field: plats(lista, index, falt),
        rule: 'kommunens_skala',
        message: `"${text}" är ingen ${vad} i kommunens lista (${tillatna(skala)})`,
      });
      return undefined;
    }
    return { text, steg: steg.id };
  };
  const nytt = (
    slag: ObjektSlag,
    lista: Parameters<Plats>[0],
    index: number,
    rad: { id: string; titel: string } & Record<string, unknown>,
    organ: string[],
  ) => {
    const forra = sedda.get(rad.id);
    if (forra !== undefined) {
      fel.push({
        field: plats(lista, index, 'id'),
        rule: 'unikt_id',
        message: `id ${rad.id} finns redan (${forra})`,
      });
    }
    sedda.set(rad.id, plats(lista, index, 'id'));
    const data = Object.fromEntries(
      OBJEKTFALT[slag].flatMap((f) => (rad[f] !== undefined ? [[f, String(rad[f])]] : [])),
    );
    objekt.push({
      id: rad.id,
      slag,
      organ: [...new Set([rapport.organ, ...organ])],
      ar: rapport.ar,
      titel: rad.titel,
      data,
      ...(rad.slutdatum ? { slutdatum: rad.slutdatum as IsoDate } : {}),
    });
  };
  const utanTomma = (v: Varde): Varde | undefined =>
    Object.values(v).filter((x) => x !== undefined).length > 1 ? v : undefined;

  input.mal.forEach((r, i) => {
    nytt('MAL', 'mal', i, r, []);
    const bedomning = tolka('mal', i, 'bedomning', r.bedomning, skalor.bedomning, 'bedömning');
    const trend = tolka('mal', i, 'trend', r.trend, skalor.trend, 'trend');
    const v = utanTomma({
      objektId: r.id,
      ...(bedomning ? { bedomning } : {}),
      ...(trend ? { trend } : {}),
      ...(r.kommentar ? { kommentar: r.kommentar } : {}),
    });
    if (v) varden.push(v);
  });
  const malen = new Set([...kandaMal, ...input.mal.map((m) => m.id)]);
  input.indikatorer.forEach((r, i) => {
    nytt('INDIKATOR', 'indikatorer', i, r, []);
    if (r.mal !== undefined && !malen.has(r.mal)) {
      fel.push({
        field: plats('indikatorer', i, 'mal'),
        rule: 'mal_finns',
        message: `målet ${r.mal} finns inte i uppföljningen`,
      });
    }
    const v = utanTomma({
      objektId: r.id,
      ...(r.utfall ? { utfall: r.utfall } : {}),
      ...(r.prognos ? { prognos: r.prognos } : {}),
      ...(r.kommentar ? { kommentar: r.kommentar } : {}),
    });
    if (v) varden.push(v);
  });
  input.uppdrag.forEach((r, i) => {
    nytt('UPPDRAG', 'uppdrag', i, r, ansvarigaOrgan(r.ansvariga, kommun.organ));
    const status = tolka('uppdrag', i, 'status', r.status, skalor.uppdragsstatus, 'status');
    const v = utanTomma({
      objektId: r.id,
      ...(status ? { bedomning: status } : {}),
      ...(r.kommentar ? { kommentar: r.kommentar } : {}),
    });
    if (v) varden.push(v);
  });
  input.ekonomi.forEach((r, i) => {
    nytt('EKONOMI', 'ekonomi', i, r, []);
    const v = utanTomma({
      objektId: r.id,
      ...(r.budget !== undefined ? { budget: r.budget } : {}),
      ...(r.utfall !== undefined ? { utfallBelopp: r.utfall } : {}),
      ...(r.prognos !== undefined ? { prognosBelopp: r.prognos } : {}),
      ...(r.avvikelse !== undefined ? { avvikelse: r.avvikelse } : {}),
      ...(r.kommentar ? { kommentar: r.kommentar } : {}),
    });
    if (v) varden.push(v);
  });
  return fel.length > 0 ? { fel } : { ok: { objekt, varden } };
}

/** The follow-up back as rows (the REST API's answer, a sheet, a form): objects with their values. */
export function somRader(objekt: readonly Objekt[], varden: readonly Varde[]): UppfoljningIn {
  const vardet = new Map(varden.map((v) => [v.objektId, v]));
  const av = (slag: ObjektSlag) => objekt.filter((o) => o.slag === slag);
  const bas = (o: Objekt) => ({ id: o.id, titel: o.titel, ...utanTomma(o.data) });
  return {
    mal: av('MAL').map((o) => {
      const v = vardet.get(o.id);
      return {
        ...bas(o),
        ...(v?.bedomning ? { bedomning: v.bedomning.text } : {}),
        ...(v?.trend ? { trend: v.trend.text } : {}),
        ...(v?.kommentar ? { kommentar: v.kommentar } : {}),
      } as MalRad;
    }),
    indikatorer: av('INDIKATOR').map((o) => {
      const v = vardet.get(o.id);
      return {
        ...bas(o),
        ...(v?.utfall ? { utfall: v.utfall } : {}),
        ...(v?.prognos ? { prognos: v.prognos } : {}),
        ...(v?.kommentar ? { kommentar: v.kommentar } : {}),
      } as IndikatorRad;
    }),
    uppdrag: av('UPPDRAG').map((o) => {
      const v = vardet.get(o.id);
      return {
        ...bas(o),
        ...(o.slutdatum ? { slutdatum: o.slutdatum } : {}),
        ...(v?.bedomning ? { status: v.bedomning.text } : {}),
        ...(v?.kommentar ? { kommentar: v.kommentar } : {}),
      } as UppdragRad;
    }),
    ekonomi: av('EKONOMI').map((o) => {
      const v = vardet.get(o.id);
      return {
        ...bas(o),
        ...(v?.budget !== undefined ? { budget: v.budget } : {}),
        ...(v?.utfallBelopp !== undefined ? { utfall: v.utfallBelopp } : {}),
        ...(v?.prognosBelopp !== undefined ? { prognos: v.prognosBelopp } : {}),
        ...(v?.avvikelse !== undefined ? { avvikelse: v.avvikelse } : {}),
        ...(v?.kommentar ? { kommentar: v.kommentar } : {}),
      } as EkonomiRad;
    }),
  };
}

function utanTomma(data: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => e[1] !== undefined));
}
