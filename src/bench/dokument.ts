/**
 * `npm run bench:dokument [-- --runs N]`: how long the documents take to make, as medians of N runs (15) after
 * two warm-ups, side by side with a baseline — the one-§ protokollsutdrag of document 000 as PDF — and the ratio.
 * The subject is a whole protocol of 40 §§ recorded in full (src/bench/heltProtokoll.ts) as PDF, DOCX and HTML.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { protokollDokument, protokollsutdragDokument, type Dokument } from '../domain/dokument';
import { protokollSchema, type Protokoll } from '../domain/protokoll';
import { renderDokument, type Dokumentformat } from '../documents';
import { pdfPageCount } from '../documents/pdfmakeEngine';
import { heltProtokoll } from './heltProtokoll';

const EXEMPEL = path.resolve(__dirname, '../../config/examples/lund-ks-2023-10-11.json');

interface Fall {
  namn: string;
  format: Dokumentformat;
  dokument: () => Dokument;
}

interface Resultat {
  median: number;
  min: number;
  max: number;
  bytes: number;
  pages?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function measure(fall: Fall, runs: number): Promise<Resultat> {
  // Warm-up: module and font loading, and the JIT's first compilations.
  let last = await renderDokument(fall.dokument(), fall.format);
  last = await renderDokument(fall.dokument(), fall.format);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = await renderDokument(fall.dokument(), fall.format);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    bytes: last.length,
    ...(fall.format === 'pdf' ? { pages: pdfPageCount(last) } : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs: "${values.runs}" is not a positive integer`);

  const exempel = protokollSchema.parse(JSON.parse(readFileSync(EXEMPEL, 'utf8'))) as Protokoll;
  const hela = heltProtokoll(exempel, 40);
  const fall: Fall[] = [
    {
      namn: 'baseline: protokollsutdrag § 336',
      format: 'pdf',
      dokument: () => protokollsutdragDokument(exempel, [336]),
    },
    { namn: 'protokoll, 40 §§ in full', format: 'pdf', dokument: () => protokollDokument(hela) },
    { namn: 'protokoll, 40 §§ in full', format: 'docx', dokument: () => protokollDokument(hela) },
    { namn: 'protokoll, 40 §§ in full', format: 'html', dokument: () => protokollDokument(hela) },
  ];

  process.stdout.write(`bench:dokument — ${runs} runs each after two warm-ups, Node ${process.version}\n\n`);
  const header = ['document', 'format', 'median ms', 'min ms', 'max ms', 'pages', 'bytes', '× baseline'];
  const rows: string[][] = [];
  let baseline: number | undefined;
  for (const f of fall) {
    process.stderr.write(`measuring ${f.namn} (${f.format}) …\n`);
    const r = await measure(f, runs);
    baseline ??= r.median;
    rows.push([
      f.namn,
      f.format,
      r.median.toFixed(1),
      r.min.toFixed(1),
      r.max.toFixed(1),
      r.pages !== undefined ? String(r.pages) : '–',
      String(r.bytes),
      (r.median / baseline).toFixed(2),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(
    `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:dokument: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
