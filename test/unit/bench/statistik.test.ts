/**
 * The bench's pure parts (src/bench/statistik.ts, src/bench/kommuner.ts): the ABAB order, the statistics of a
 * ratio, pass/fail, the shape of `npm run bench -- --json`, and the load run's generated kommuner. No clocks.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAllKommuner } from '../../../src/config/load';
import { flyttaVardag, genereraKommun, kommunId } from '../../../src/bench/kommuner';
import {
  abab,
  ababProv,
  ababSchema,
  bedom,
  jsonSchema,
  kvoter,
  median,
  percentil,
  somJson,
  somTabell,
  spann,
  type Matresultat,
} from '../../../src/bench/statistik';

describe('ABAB', () => {
  it('alternates the product and its floor, round by round', () => {
    expect(ababSchema(3)).toEqual(['A', 'B', 'A', 'B', 'A', 'B']);
    expect(() => ababSchema(0)).toThrow(/positive integer/);
    expect(() => ababSchema(1.5)).toThrow(/positive integer/);
  });

  it('runs A and B in that order and keeps each one’s results by round', async () => {
    const calls: string[] = [];
    const out = await abab(
      3,
      async (r) => (calls.push(`A${r}`), r * 10),
      async (r) => (calls.push(`B${r}`), r + 1),
    );
    expect(calls).toEqual(['A0', 'B0', 'A1', 'B1', 'A2', 'B2']);
    expect(out).toEqual({ a: [0, 10, 20], b: [1, 2, 3] });
  });

  it('alternates sample by sample and groups each side’s samples by round', async () => {
    const calls: string[] = [];
    let i = 0;
    const out = await ababProv(
      2,
      3,
      async () => (calls.push('A'), ++i),
      async () => (calls.push('B'), -++i),
    );
    expect(calls.join('')).toBe('ABABABABABAB');
    expect(out).toEqual({
      a: [
        [1, 3, 5],
        [7, 9, 11],
      ],
      b: [
        [-2, -4, -6],
        [-8, -10, -12],
      ],
    });
  });
});

describe('statistics', () => {
  it('takes the median of odd and even counts, unsorted', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentil(hundred, 99)).toBe(99);
    expect(percentil(hundred, 50)).toBe(50);
    expect(percentil([7], 99)).toBe(7);
    expect(percentil([1, 2], 0)).toBe(1);
  });

  it('gives min, median and max of the per-round ratios', () => {
    const r = kvoter([12, 30, 20], [10, 20, 10]);
    expect(r).toEqual([1.2, 1.5, 2]);
    expect(spann(r)).toEqual({ min: 1.2, median: 1.5, max: 2 });
  });

  it('refuses a ratio without a floor figure for every round', () => {
    expect(() => kvoter([1, 2], [1])).toThrow(/as many/);
    expect(() => kvoter([1], [0])).toThrow(/no ratio/);
  });
});

const matt = (over: Partial<Matresultat> = {}): Matresultat => ({
  name: 'command latency (REST task command vs bare Update)',
  a: 'product',
  b: 'floor',
  ratioOf: 'A / B',
  kvoter: [1.1, 1.3, 1.25],
  goal: 1.2,
  n: 20,
  rounds: 3,
  absoluta: [],
  detaljer: { 'A median ms': 12.3456, explain: 'Index Scan' },
  ...over,
});

describe('pass or fail', () => {
  it('passes when the median ratio is at or under the goal', () => {
    expect(bedom(matt()).pass).toBe(false);
    expect(bedom(matt({ kvoter: [1.1, 1.2, 1.9] }))).toEqual({ min: 1.1, median: 1.2, max: 1.9, pass: true });
  });

  it('fails on an absolute goal missed even when the ratio is met', () => {
    const absolut = { label: 'req/s', value: 250, unit: 'req/s', goal: 300, cmp: 'ge' as const };
    expect(bedom(matt({ kvoter: [1], goal: 1, absoluta: [absolut] })).pass).toBe(false);
    expect(bedom(matt({ kvoter: [1], goal: 1, absoluta: [{ ...absolut, value: 300 }] })).pass).toBe(true);
    const le = { label: 'events', value: 21, unit: '', goal: 20, cmp: 'le' as const };
    expect(bedom(matt({ kvoter: [1], goal: 2, absoluta: [le] })).pass).toBe(false);
  });
});

describe('--json', () => {
  it('prints every measure with the median as ratio, its goal, n and rounds', () => {
    const json = somJson([
      matt(),
      matt({ name: 'throughput (200 tasks)', kvoter: [3.28], goal: 1.5, n: 200, rounds: 1 }),
    ]);
    expect(jsonSchema.parse(json)).toEqual(json);
    expect(json.measures.map((m) => [m.name, m.ratio, m.goal, m.n, m.rounds, m.pass])).toEqual([
      ['command latency (REST task command vs bare Update)', 1.25, 1.2, 20, 3, false],
      ['throughput (200 tasks)', 3.28, 1.5, 200, 1, false],
    ]);
    expect(json.measures[0]).toMatchObject({ min: 1.1, max: 1.3, details: { 'A median ms': 12.346 } });
    expect(Object.keys(JSON.parse(JSON.stringify(json)) as object)).toEqual(['measures']);
  });

  it('adds the load run’s figures only when there was one', () => {
    expect(somJson([matt()], { kommuner: 3, 'command p99 ms': 40 }).load).toEqual({
      kommuner: 3,
      'command p99 ms': 40,
    });
  });

  it('prints a human table with each row’s result and what it compared', () => {
    const table = somTabell([matt()]);
    expect(table).toMatch(/command latency .* 1\.10× +1\.25× +1\.30× +≤ 1\.20× .* 20×3 +FAIL/);
    expect(table).toContain('A product');
    expect(table).not.toContain('Index Scan'); // the EXPLAIN is --verbose's
  });
});

describe('the load run’s kommuner', () => {
  it('moves a date by days only onto a weekday', () => {
    expect(flyttaVardag('2023-10-11', 1)).toBe('2023-10-12'); // Wednesday → Thursday
    expect(flyttaVardag('2023-10-13', 1)).toBe('2023-10-13'); // Friday → Saturday: kept
    expect(flyttaVardag('2023-10-11', 0)).toBe('2023-10-11');
  });

  it('generates valid configs from Lund’s seed, each with its own id, domain and shifted meetings', () => {
    const seedDir = path.resolve(__dirname, '../../../config');
    const seed = readFileSync(path.join(seedDir, 'lund.yaml'), 'utf8');
    const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-bench-kommuner-'));
    try {
      copyFileSync(path.join(seedDir, 'lund-logotyp.png'), path.join(dir, 'lund-logotyp.png'));
      for (const nr of [1, 2])
        writeFileSync(path.join(dir, `${kommunId(nr)}.yaml`), genereraKommun(seed, nr, nr));
      const kommuner = loadAllKommuner(dir);
      expect([...kommuner.keys()]).toEqual(['lund-001', 'lund-002']);
      const ett = kommuner.get('lund-001')!;
      expect(ett.kommun.namn).toBe('Lunds kommun 1');
      expect(ett.personer.every((p) => p.epost.endsWith('@lund-001.example.org'))).toBe(true);
      expect(genereraKommun(seed, 1, 1)).toContain('{ datum: 2023-10-12,'); // KS 2023-10-11, a day later
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
