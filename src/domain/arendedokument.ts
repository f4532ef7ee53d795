/**
 * The documents of an ärende as the kansli keeps them: the tjänsteskrivelse, the report, bilagor — PDF, DOCX, XLSX
 * or ODT, each upload a version of its own. What an upload must be to be kept, as a pure function of what came
 * in (name, size, the type its content showed): a clear refusal naming the rule, or the name it is kept under.
 */
import { arSparbarText } from './tecken';
import { z, type Fel } from './validering';

export const DOKUMENT_TYPER = ['pdf', 'docx', 'xlsx', 'odt'] as const;
export type DokumentTyp = (typeof DOKUMENT_TYPER)[number];

export const DOKUMENT_ROLLER = ['TJANSTESKRIVELSE', 'RAPPORT', 'BILAGA'] as const;
export type DokumentRoll = (typeof DOKUMENT_ROLLER)[number];

export const ROLL_TEXT: Record<DokumentRoll, string> = {
  TJANSTESKRIVELSE: 'Tjänsteskrivelse',
  RAPPORT: 'Rapport',
  BILAGA: 'Bilaga',
};

export const MIME: Record<DokumentTyp, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
};

const TYP_TEXT: Record<DokumentTyp, string> = {
  pdf: 'en PDF',
  docx: 'ett Word-dokument (DOCX)',
  xlsx: 'ett Excel-ark (XLSX)',
  odt: 'ett OpenDocument-dokument (ODT)',
};

/** The default largest upload (config `regler.dokument.maxStorlekMb`). */
export const STANDARD_MAX_MB = 25;

/**
 * An upload checked: `namn` is kept as given but trimmed; a name with a path (`/`, `\`), a control character, a
 * lone surrogate or no extension of the content's type is refused, as is an empty file, one over the limit and
 * one whose content is none of PDF, DOCX, XLSX, ODT.
 */
export function granskaUppladdning(input: {
  namn: string;
  storlek: number;
  /** The type its content showed (src/documents/filtyp.ts), or undefined when it showed none. */
  typ: DokumentTyp | undefined;
  maxStorlekMb: number;
}): { namn: string; typ: DokumentTyp } | { fel: Fel[] } {
  const namn = input.namn.trim();
  const fel: Fel[] = [];
  if (namn.length === 0) {
    fel.push({ field: 'fil', rule: 'filnamn_finns', message: 'filen har inget namn' });
  } else if (/[/\\]/.test(namn)) {
    fel.push({
      field: 'fil',
      rule: 'filnamn_utan_sokvag',
      message: `filnamnet "${namn}" får inte innehålla / eller \\ (en sökväg); ge filen bara ett namn`,
    });
    // eslint-disable-next-line no-control-regex -- a control character in a file name is the rule
  } else if (/[\u0000-\u001f\u007f]/.test(namn) || !arSparbarText(namn)) {
    fel.push({
      field: 'fil',
      rule: 'filnamn_tecken',
      message: 'filnamnet innehåller tecken som inte kan sparas (styrtecken)',
    });
  } else if (namn.length > 200 || namn.startsWith('.')) {
    fel.push({
      field: 'fil',
      rule: 'filnamn_form',
      message: 'filnamnet får vara högst 200 tecken och inte börja med en punkt',
    });
  }
  if (input.storlek === 0) {
    fel.push({ field: 'fil', rule: 'fil_inte_tom', message: 'filen är tom' });
  } else if (input.storlek > input.maxStorlekMb * 1024 * 1024) {
    fel.push({ field: 'fil', rule: 'fil_storlek', message: `filen är större än ${input.maxStorlekMb} MB` });
  } else if (!input.typ) {
    fel.push({
      field: 'fil',
      rule: 'filtyp',
      message: 'filen är inte en PDF, DOCX, XLSX eller ODT (enligt sitt innehåll)',
    });
  } else if (fel.length === 0 && !namn.toLowerCase().endsWith(`.${input.typ}`)) {
    fel.push({
      field: 'fil',
      rule: 'filtyp_namn',
      message: `filen är ${TYP_TEXT[input.typ]} men namnet slutar inte på .${input.typ}`,
    });
  }
  return fel.length > 0 ? { fel } : { namn, typ: input.typ! };
}

/** A stored version, as far as choosing the current ones needs it. */
export interface Version {
  id: string;
  nr: number;
  roll: DokumentRoll;
  namn: string;
  sha256: string;
}

/**
 * The ärende's current documents: the latest tjänsteskrivelse, the latest report, and each bilaga (by name) in
 * its latest version — what a chef approves and what the meeting gets.
 */
export function aktuellaDokument<V extends Version>(versioner: readonly V[]): V[] {
  const senaste = new Map<string, V>();
  for (const v of [...versioner].sort((a, b) => a.nr - b.nr)) {
    senaste.set(v.roll === 'BILAGA' ? `BILAGA:${v.namn.toLowerCase()}` : v.roll, v);
  }
  const ordning = (v: V) => DOKUMENT_ROLLER.indexOf(v.roll);
  return [...senaste.values()].sort((a, b) => ordning(a) - ordning(b) || a.nr - b.nr);
}

/** Whether the current documents are other than those approved (a new version came after the approval). */
export function nyttSedanGodkannandet(
  aktuella: readonly Pick<Version, 'id'>[],
  godkanda: readonly Pick<Version, 'id'>[],
): boolean {
  const bundna = new Set(godkanda.map((d) => d.id));
  return aktuella.some((d) => !bundna.has(d.id));
}

/**
 * An approved version as it travels with its ärende to the meeting: on the föredragningslista and in the
 * kallelse (attached, or linked), named in the protocol's "Underlag för beslut".
 */
export const bilagaSchema = z
  .object({
    dokumentId: z.uuid(),
    roll: z.enum(DOKUMENT_ROLLER),
    namn: z.string().min(1).max(200),
    nr: z.int().min(1),
    typ: z.enum(DOKUMENT_TYPER),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    storlek: z.int().min(1),
  })
  .strict();
export type Bilaga = z.output<typeof bilagaSchema>;

/** A bilaga as the föredragningslista and the protocol's underlag name it: "Rapport: delarsrapport.pdf (version 3)". */
export const bilagaText = (b: Pick<Bilaga, 'roll' | 'namn' | 'nr'>) =>
  `${ROLL_TEXT[b.roll]}: ${b.namn} (version ${b.nr})`;

/** The handlingar of an ärende on the list: its approved versions by name, else the report's title; then the rest. */
export function handlingarMedBilagor(
  titel: string,
  bilagor: readonly Bilaga[],
  ovriga: readonly string[] = [],
): string[] {
  return [...(bilagor.length > 0 ? bilagor.map(bilagaText) : [titel]), ...ovriga];
}
