/**
 * Reads the kommun configurations (`config/*.yaml`) and validates them with the domain's schema. A broken file
 * stops start-up with a message naming the file, the line, the path in it and the rule broken.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { kommunConfigSchema, type KommunConfig } from '../domain/kommun';
import { felFromZod, sparbarTextFel, type Fel } from '../domain/validering';

export const DEFAULT_CONFIG_DIR = path.resolve(__dirname, '../../config');

export interface ConfigFel extends Fel {
  file: string;
  line?: number;
}

export class ConfigError extends Error {
  constructor(readonly fel: ConfigFel[]) {
    super(fel.map(formatConfigFel).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatConfigFel(fel: ConfigFel): string {
  const where = fel.line !== undefined ? `${fel.file}:${fel.line}` : fel.file;
  const field = fel.field ? ` ${fel.field}:` : '';
  return `Ogiltig konfiguration i ${where}:${field} ${fel.message} [regel: ${fel.rule}]`;
}

/** Parses one kommun's file, or throws a `ConfigError` with every problem found. */
export function loadKommunConfig(file: string): KommunConfig {
  return loadKonfig(file, (js) => js, true);
}

/**
 * Reads a YAML file, lets `komplettera` fill in what the file leaves out (the example plans of
 * ./exempel.ts), and validates it as a kommun's configuration; the file name must be the kommun's id when
 * `idSomFilnamn` holds.
 */
export function loadKonfig(
  file: string,
  komplettera: (js: Record<string, unknown>) => Record<string, unknown>,
  idSomFilnamn: boolean,
): KommunConfig {
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith('..') ? relative : file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { file: shown, field: '', rule: 'fil_finns', message: `kan inte läsas (${String(error)})` },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Only the first: a syntax error makes the parser report follow-on errors that mislead.
    const first = doc.errors[0]!;
    throw new ConfigError([
      {
        file: shown,
        line: first.linePos?.[0]?.line,
        field: '',
        rule: 'yaml_syntax',
        message: `YAML-fel: ${first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      },
    ]);
  }
  // Dates stay strings: the schema parses them as calendar dates, never as instants.
  const js: unknown = doc.toJS({ maxAliasCount: 50 });
  // Every text of the config reaches the register (names, titles): the same rule as every other edge.
  const tecken = sparbarTextFel(js);
  if (tecken.length > 0) {
    throw new ConfigError(
      tecken.map((fel) => ({ ...fel, file: shown, line: lineOf(doc, lines, fel.field) })),
    );
  }
  const result = kommunConfigSchema.safeParse(
    js !== null && typeof js === 'object' && !Array.isArray(js)
      ? komplettera(js as Record<string, unknown>)
      : js,
  );
  if (!result.success) {
    throw new ConfigError(
      felFromZod(result.error).map((fel) => ({ ...fel, file: shown, line: lineOf(doc, lines, fel.field) })),
    );
  }
  const logotyp = result.data.protokoll.logotyp;
  if (logotyp !== undefined && !arPng(path.resolve(path.dirname(file), logotyp))) {
    throw new ConfigError([
      {
        file: shown,
        line: lineOf(doc, lines, 'protokoll.logotyp'),
        field: 'protokoll.logotyp',
        rule: 'logotyp_png',
        message: `${logotyp} finns inte bredvid konfigurationen eller är ingen PNG-bild`,
      },
    ]);
  }
  if (idSomFilnamn && path.basename(file, path.extname(file)) !== result.data.kommun.id) {
    throw new ConfigError([
      {
        file: shown,
        line: lineOf(doc, lines, 'kommun.id'),
        field: 'kommun.id',
        rule: 'filnamn_som_id',
        message: `"${result.data.kommun.id}" ska vara samma som filens namn (${path.basename(file)})`,
      },
    ]);
  }
  return result.data;
}

const PNG_SIGNATUR = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether `file` exists and starts as a PNG image does. */
function arPng(file: string): boolean {
  try {
    return readFileSync(file).subarray(0, 8).equals(PNG_SIGNATUR);
  } catch {
    return false;
  }
}

/** Every kommun in `dir` (`*.yaml`, `*.yml`), keyed by `kommun.id`. */
export function loadAllKommuner(dir: string = DEFAULT_CONFIG_DIR): Map<string, KommunConfig> {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) {
    throw new ConfigError([
      {
        file: dir,
        field: '',
        rule: 'kommun_finns',
        message: 'ingen kommun är konfigurerad (inga .yaml-filer)',
      },
    ]);
  }
  const all = new Map<string, KommunConfig>();
  const problems: ConfigFel[] = [];
  for (const file of files) {
    try {
      const config = loadKommunConfig(path.join(dir, file));
      all.set(config.kommun.id, config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.fel);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return all;
}

/** The 1-based line of the node at the dotted `field` path, or of its nearest existing parent. */
function lineOf(doc: Document, lines: LineCounter, field: string): number | undefined {
  const keys = field === '' ? [] : field.split('.');
  for (let n = keys.length; n >= 0; n--) {
    const node = doc.getIn(
      keys.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    );
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.range) {
      return lines.linePos(node.range[0]).line;
    }
  }
  return undefined;
}
