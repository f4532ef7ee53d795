/**
 * How a kommun writes its identifiers, from a format in its config:
 * - diarienummer: Lund `KS 2023/0431` = `{diarium} {ar}/{nr:4}`; Eskilstuna `KSKF/2022:251` = `{diarium}/{ar}:{nr}`;
 * - beslutsreferens (how a decision is cited): Linköping `KS 2024-05-27 § 117` = `{organ} {datum} § {paragraf}`.
 * `{name:N}` pads a number with zeros to N digits.
 */
import type { IsoDate } from './datum';

export const DIARIENUMMER_FALT = ['diarium', 'ar', 'nr'] as const;
export const BESLUTSREFERENS_FALT = ['organ', 'datum', 'paragraf'] as const;

const PLACEHOLDER = /\{([a-z]+)(?::(\d+))?\}/g;

/** The placeholder names used in `format`, in order of appearance. */
export function placeholders(format: string): string[] {
  return [...format.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

function fill(format: string, values: Record<string, string | number>): string {
  return format.replace(PLACEHOLDER, (_, name: string, width?: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`format "${format}" uses an unknown field {${name}}`);
    return width !== undefined ? String(value).padStart(Number(width), '0') : String(value);
  });
}

export interface DiarienummerDelar {
  diarium: string;
  ar: number;
  nr: number;
}

export function formatDiarienummer(format: string, delar: DiarienummerDelar): string {
  return fill(format, { diarium: delar.diarium, ar: delar.ar, nr: delar.nr });
}

export interface BeslutsreferensDelar {
  organ: string;
  datum: IsoDate;
  paragraf: number;
}

export function formatBeslutsreferens(format: string, delar: BeslutsreferensDelar): string {
  return fill(format, { organ: delar.organ, datum: delar.datum, paragraf: delar.paragraf });
}

/** "§ 327–365" for a contiguous run, "§ 336" for one, else the runs: "§ 127–141, 144–148", "§ 327, 329". */
export function paragrafSpann(paragrafer: readonly number[]): string {
  const sorted = [...new Set(paragrafer)].sort((a, b) => a - b);
  if (sorted.length === 0) return '§ –';
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const last = runs.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return `§ ${runs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ')}`;
}

/** Reads "327-365", "327–365" or "327,336,340-342" (with or without "§") as a list of paragraf numbers. */
export function parseParagrafSpann(text: string): number[] | undefined {
  const parts = text
    .replace(/§/g, '')
    .split(',')
    .map((p) => p.trim());
  const numbers: number[] = [];
  for (const part of parts) {
    const match = /^(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$/.exec(part);
    if (!match) return undefined;
    const from = Number(match[1]);
    const to = match[2] !== undefined ? Number(match[2]) : from;
    if (to < from || from < 1) return undefined;
    for (let n = from; n <= to; n++) numbers.push(n);
  }
  return numbers;
}
