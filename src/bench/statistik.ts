/**
 * The bench's pure parts: the ABAB order of the product (A) and its floor (B) over rounds, the statistics of a
 * measure (median, percentiles, min/median/max of the per-round ratio), whether a measure meets its goal, and
 * the shape of `npm run bench -- --json`. No clocks here: the measures time, these only count.
 */
import { z } from '../domain/validering';

export type Sida = 'A' | 'B';

/** A B A B …: the product then its floor, `rounds` times, so that drift on a loaded machine hits both alike. */
export function ababSchema(rounds: number): Sida[] {
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a positive integer, not ${rounds}`);
  return Array.from({ length: rounds * 2 }, (_, i) => (i % 2 === 0 ? 'A' : 'B'));
}

/** Runs `a` and `b` in ABAB order; each one's results by round. */
export async function abab<T>(
  rounds: number,
  a: (round: number) => Promise<T>,
  b: (round: number) => Promise<T>,
): Promise<{ a: T[]; b: T[] }> {
  const out = { a: [] as T[], b: [] as T[] };
  let round = 0;
  for (const sida of ababSchema(rounds)) {
    if (sida === 'A') out.a.push(await a(round));
    else out.b.push(await b(round++));
  }
  return out;
}

/**
 * ABAB at the sample's grain, for cheap samples (a render, a query): `rounds × n` pairs, A then B each time; each
 * side's samples grouped by round.
 */
export async function ababProv(
  rounds: number,
  n: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<{ a: number[][]; b: number[][] }> {
  const { a: as, b: bs } = await abab(rounds * n, a, b);
  const perRunda = (xs: number[]) => Array.from({ length: rounds }, (_, r) => xs.slice(r * n, (r + 1) * n));
  return { a: perRunda(as), b: perRunda(bs) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile (`p` in 0…100). */
export function percentil(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export interface Spann {
  min: number;
  median: number;
  max: number;
}

export function spann(values: readonly number[]): Spann {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/** Per round, the product's figure over its floor's (both the same length: one per round). */
export function kvoter(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length || a.length === 0)
    throw new Error(`a ratio per round needs as many A as B figures (${a.length} vs ${b.length})`);
  return a.map((x, i) => {
    const y = b[i]!;
    if (!(y > 0)) throw new Error(`the floor's figure of round ${i + 1} is ${y}: no ratio`);
    return x / y;
  });
}

/** An absolute goal beside the ratio (events ≤ 20, seconds ≤ 10, req/s ≥ 300 …), with the product's median. */
export interface Absolut {
  label: string;
  value: number;
  unit: string;
  goal: number;
  /** `le`: value ≤ goal passes; `ge`: value ≥ goal passes. */
  cmp: 'le' | 'ge';
}

export const absolutUppfyllt = (a: Absolut) => (a.cmp === 'le' ? a.value <= a.goal : a.value >= a.goal);

export interface Matresultat {
  /** Contains the measure's key (command, throughput, …). */
  name: string;
  /** What A and B are, in a line each, and what the ratio divides. */
  a: string;
  b: string;
  ratioOf: string;
  /** Per round. */
  kvoter: number[];
  goal: number;
  /** Samples per side and round (commands, tasks, requests, renders…). */
  n: number;
  rounds: number;
  absoluta: Absolut[];
  /** Extra figures worth a line: medians of each side, counts, the EXPLAIN plan. */
  detaljer: Record<string, number | string>;
}

export interface Bedomt extends Spann {
  pass: boolean;
}

/** The median ratio at or under its goal, and every absolute goal met. */
export function bedom(r: Pick<Matresultat, 'kvoter' | 'goal' | 'absoluta'>): Bedomt {
  const s = spann(r.kvoter);
  return { ...s, pass: s.median <= r.goal && r.absoluta.every(absolutUppfyllt) };
}

export const jsonMattSchema = z.object({
  name: z.string(),
  ratio: z.number(),
  goal: z.number(),
  n: z.int().positive(),
  rounds: z.int().positive(),
  min: z.number(),
  max: z.number(),
  pass: z.boolean(),
  ratioOf: z.string(),
  absolute: z.array(
    z.object({
      label: z.string(),
      value: z.number(),
      unit: z.string(),
      goal: z.number(),
      cmp: z.enum(['le', 'ge']),
      pass: z.boolean(),
    }),
  ),
  details: z.record(z.string(), z.union([z.number(), z.string()])),
});

export const jsonSchema = z.object({
  measures: z.array(jsonMattSchema),
  /** The load run's figures, when --load was given. */
  load: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
});
export type BenchJson = z.output<typeof jsonSchema>;

const avrunda = (x: number) => Math.round(x * 1000) / 1000;
const avrundade = (r: Record<string, number | string>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? avrunda(v) : v]));

/** What `--json` prints: the median as `ratio`, beside the goal, the sample count and the rounds. */
export function somJson(resultat: readonly Matresultat[], load?: BenchJson['load']): BenchJson {
  return jsonSchema.parse({
    measures: resultat.map((r) => {
      const b = bedom(r);
      return {
        name: r.name,
        ratio: avrunda(b.median),
        goal: r.goal,
        n: r.n,
        rounds: r.rounds,
        min: avrunda(b.min),
        max: avrunda(b.max),
        pass: b.pass,
        ratioOf: r.ratioOf,
        absolute: r.absoluta.map((a) => ({ ...a, value: avrunda(a.value), pass: absolutUppfyllt(a) })),
        details: avrundade(r.detaljer),
      };
    }),
    ...(load ? { load: avrundade(load) } : {}),
  });
}

const f = (x: number) => (Number.isInteger(x) || Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));

/** The human table: one row per measure, then what each row compared. */
export function somTabell(resultat: readonly Matresultat[]): string {
  const header = ['measure', 'min', 'median', 'max', 'goal', 'absolute (goal)', 'n×rounds', 'result'];
  const rows = resultat.map((r) => {
    const b = bedom(r);
    return [
      r.name,
      `${f(b.min)}×`,
      `${f(b.median)}×`,
      `${f(b.max)}×`,
      `≤ ${f(r.goal)}×`,
      r.absoluta
        .map((a) => `${a.label} ${f(a.value)} ${a.unit} (${a.cmp === 'le' ? '≤' : '≥'} ${f(a.goal)})`)
        .join('; ') || '–',
      `${r.n}×${r.rounds}`,
      b.pass ? 'pass' : 'FAIL',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const forklaring = resultat.map(
    (r) =>
      `${r.name}: ratio = ${r.ratioOf}\n  A ${r.a}\n  B ${r.b}\n` +
      Object.entries(r.detaljer)
        .filter(([k]) => k !== 'explain')
        .map(([k, v]) => `  ${k}: ${typeof v === 'number' ? f(v) : v}`)
        .join('\n'),
  );
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...forklaring].join(
    '\n',
  );
}
