/**
 * The golden examples: real §§ of Kungsbacka's protocols recorded under config/examples/protokoll/ with their
 * source and the kommun's style, and the facts each holds as a document must read them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Stilval } from '../../src/domain/dokument';
import { isFullParagraf, protokollSchema, type Paragraf, type Protokoll } from '../../src/domain/protokoll';
import { z } from '../../src/domain/validering';
import { ROOT } from './dokument';

const DIR = path.join(ROOT, 'config/examples/protokoll');

const exempelSchema = z
  .object({
    kalla: z
      .object({
        beskrivning: z.string().min(10),
        url: z.url(),
        text: z.string().min(10),
        paragrafer: z.array(z.int().min(1)).min(1),
      })
      .strict(),
    stil: z.record(z.string(), z.unknown()),
    protokoll: protokollSchema,
  })
  .strict();

export const exempel = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((fil) => {
    const parsed = exempelSchema.parse(JSON.parse(readFileSync(path.join(DIR, fil), 'utf8')));
    return { fil, ...parsed, protokoll: parsed.protokoll as Protokoll, stil: parsed.stil as Stilval };
  });

/** Whitespace as one space, and none around a dash: a line may wrap after "142–". */
export const norm = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\s*([–-])\s*/g, '$1')
    .trim();

/** Keys whose values are not printed as they are: ids, enums, numbers printed as runs, flags. */
const INTE_TEXT = new Set([
  'kommun',
  'kommunNamn',
  'organ',
  'typ',
  'anmaltAv',
  'personId',
  'justerat',
  'omedelbartJusterad',
]);

/** Every text under `value` as the document prints it: a party in parentheses, a line of a text on its own. */
function texter(value: unknown, key = ''): string[] {
  if (INTE_TEXT.has(key)) return [];
  if (typeof value === 'string') return (key === 'parti' ? `(${value})` : value).split('\n').map(norm);
  if (Array.isArray(value)) return value.flatMap((v) => texter(v, key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => texter(v, k === 'fran' || k === 'till' ? 'nummer' : k));
  }
  return [];
}

/** Every text of a § as its utdrag must print it, and a vote's counts. */
export function paragrafFakta(paragraf: Paragraf): string[] {
  const out = texter(paragraf);
  if (paragraf.beslutsgang?.typ === 'OMROSTNING' && paragraf.beslutsgang.antal) {
    const { ja, nej } = paragraf.beslutsgang.antal;
    out.push(`Röstar ja (${ja})`, `Röstar nej (${nej})`);
  }
  return out;
}

/** Every text the record holds for the front page and for § `nummer`, as it must read in the document. */
export function fakta(p: Protokoll, nummer: number): string[] {
  const { paragrafer, ...framsida } = p;
  const paragraf = paragrafer.find((x) => x.nummer === nummer)!;
  return [...texter(framsida), ...(isFullParagraf(paragraf) ? paragrafFakta(paragraf) : [])];
}
