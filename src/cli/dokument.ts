/**
 * The documents of a sammanträde from a record in a JSON file (src/domain/protokoll.ts, src/domain/kallelse.ts):
 *
 *   arshjul protokollsutdrag --protokoll FIL.json --paragraf N[,N…] --format pdf|docx|html --out SÖKVÄG
 *   arshjul protokoll        --protokoll FIL.json --format pdf|docx|html --out SÖKVÄG
 *   arshjul anslagsbevis     --protokoll FIL.json --format pdf|docx|html --out SÖKVÄG
 *   arshjul kallelse         --kallelse FIL.json --format pdf|docx|html --out SÖKVÄG
 *
 * Prints one JSON line (path, format, bytes, pages for a PDF). Bad input — a missing or broken file, a record
 * that breaks a rule, a § that cannot be extracted — exits 2 with one line naming the option and the rule, and
 * writes nothing: the file appears whole (written beside its target, then renamed) or not at all.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DokumentVagras,
  anslagsbevisDokument,
  kallelseDokument,
  protokollDokument,
  protokollsutdragDokument,
  type Dokument,
} from '../domain/dokument';
import { DEFAULT_CONFIG_DIR, loadAllKommuner } from '../config/load';
import { dokumentstil } from '../documents/stil';
import { STANDARDSTIL, type Dokumentstil } from '../domain/dokument';
import { kallelseSchema } from '../domain/kallelse';
import { parseParagrafSpann } from '../domain/numrering';
import { protokollSchema, type Protokoll } from '../domain/protokoll';
import type { Fel } from '../domain/validering';
import { dokumentformatSchema, renderDokument, type Dokumentformat } from '../documents';
import { pdfPageCount } from '../documents/pdfmakeEngine';
import { parseOptions } from './args';
import { readRecord } from './record';
import { CliError, EXIT_FAILURE, usageError } from './io';

export const DOKUMENT_KOMMANDON = ['protokollsutdrag', 'protokoll', 'anslagsbevis', 'kallelse'] as const;
export type DokumentKommando = (typeof DOKUMENT_KOMMANDON)[number];

/** One problem, its rule named at the end as everywhere in the CLI's messages about records. */
const fel = (field: string, rule: string, message: string): Fel => ({
  field,
  rule,
  message: `${message} [regel: ${rule}]`,
});

function required(command: string, option: string, value: string | undefined): string {
  if (value === undefined || value === '')
    throw usageError(command, [fel(option, 'obligatorisk', 'obligatoriskt fält saknas')]);
  return value;
}

function formatOf(command: string, value: string | undefined): Dokumentformat {
  const format = dokumentformatSchema.safeParse(required(command, 'format', value));
  if (!format.success)
    throw usageError(command, [
      fel('format', 'format', `"${value}" är inget format; välj pdf, docx eller html`),
    ]);
  return format.data;
}

function paragraferOf(command: string, value: string | undefined): number[] {
  const nummer = parseParagrafSpann(required(command, 'paragraf', value));
  if (!nummer)
    throw usageError(command, [
      fel('paragraf', 'paragrafnummer', `"${value}" är inga paragrafnummer; skriv t.ex. 336 eller 336,337`),
    ]);
  return nummer;
}

/** A refusal by the document rules: a § is named by --paragraf, anything else is in the record's file. */
function refusal(command: string, option: string, file: string, error: DokumentVagras): CliError {
  return usageError(
    command,
    error.fel.map((f) =>
      f.field === 'paragraf'
        ? fel('paragraf', f.rule, f.message)
        : fel(option, f.rule, `${file}: ${f.field}: ${f.message}`),
    ),
  );
}

function outPath(command: string, value: string | undefined): string {
  const out = path.resolve(required(command, 'out', value));
  const dir = path.dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw usageError(command, [fel('out', 'mapp_finns', `mappen ${dir} finns inte`)]);
  if (existsSync(out) && statSync(out).isDirectory())
    throw usageError(command, [fel('out', 'fil', `${out} är en mapp; ange en fil`)]);
  return out;
}

/** Writes beside the target and renames, so a reader never sees half a document. */
function writeWhole(out: string, bytes: Buffer): void {
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`arshjul: kan inte skriva ${out}: ${(error as Error).message}`, EXIT_FAILURE);
  }
}

/** The style of the record's kommun when it is configured here (its name, logo and words), else Lund's model. */
function stilFor(protokoll: Protokoll): Dokumentstil {
  try {
    const config = loadAllKommuner(process.env.ARSHJUL_CONFIG_DIR ?? DEFAULT_CONFIG_DIR).get(
      protokoll.kommun,
    );
    return config ? dokumentstil(config) : STANDARDSTIL;
  } catch {
    return STANDARDSTIL;
  }
}

export async function dokumentCommand(command: DokumentKommando, argv: string[]): Promise<void> {
  const kallelse = command === 'kallelse';
  const v = parseOptions(command, argv, {
    ...(kallelse ? { kallelse: { type: 'string' } } : { protokoll: { type: 'string' } }),
    ...(command === 'protokollsutdrag' ? { paragraf: { type: 'string' } } : {}),
    format: { type: 'string' },
    out: { type: 'string' },
  } as const) as Partial<Record<'kallelse' | 'protokoll' | 'paragraf' | 'format' | 'out', string>>;

  const option = kallelse ? 'kallelse' : 'protokoll';
  const file = required(command, option, v[option]);
  const paragrafer = command === 'protokollsutdrag' ? paragraferOf(command, v.paragraf) : [];
  const format = formatOf(command, v.format);
  const out = outPath(command, v.out);

  let dokument: Dokument;
  try {
    if (kallelse) {
      dokument = kallelseDokument(readRecord(command, option, file, kallelseSchema));
    } else {
      const protokoll = readRecord(command, option, file, protokollSchema) as Protokoll;
      const stil = stilFor(protokoll);
      dokument =
        command === 'protokollsutdrag'
          ? protokollsutdragDokument(protokoll, paragrafer, stil)
          : command === 'anslagsbevis'
            ? anslagsbevisDokument(protokoll, stil)
            : protokollDokument(protokoll, stil);
    }
  } catch (error) {
    if (error instanceof DokumentVagras) throw refusal(command, option, file, error);
    throw error;
  }

  const bytes = await renderDokument(dokument, format);
  writeWhole(out, bytes);
  const result = {
    path: out,
    format,
    bytes: bytes.length,
    ...(format === 'pdf' ? { pages: pdfPageCount(bytes) } : {}),
    dokument: dokument.title,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
