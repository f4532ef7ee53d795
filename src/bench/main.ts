/**
 * `npm run bench [-- --quick] [-- --json] [-- --verbose] [-- --only a,b] [-- --load N]`: every row of issue 16's
 * table measured against its floor in the same run, product (A) and floor (B) in ABAB order over rounds, against
 * real parts the bench starts itself (src/bench/miljo.ts) and stops at the end. Prints per measure min/median/max
 * of the ratio, its goal and pass/FAIL; `--json` prints only `{"measures":[…]}` (the median as `ratio`) on stdout.
 * `--load N` adds the load run: N kommuner's years at once (src/bench/last.ts). Progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { matAr } from './matt/ar';
import { matGenomstromning } from './matt/genomstromning';
import { matHistorik } from './matt/historik';
import { matKommando } from './matt/kommando';
import { matOversikt } from './matt/oversikt';
import { matPdf } from './matt/pdf';
import { matPlan } from './matt/plan';
import { matStart } from './matt/start';
import { lastkorning, lastTabell } from './last';
import { Korning, Postgres, startaMiljo, type Miljo } from './miljo';
import { somJson, somTabell, type Matresultat } from './statistik';

export const MATT = ['command', 'throughput', 'history', 'year', 'plan', 'overview', 'start', 'pdf'] as const;
type Matt = (typeof MATT)[number];

/** Sizes of the full run and of --quick (under 5 minutes on 2 cores). */
export function storlekar(quick: boolean) {
  return quick
    ? {
        command: { rounds: 3, n: 6 },
        throughput: { rounds: 2, n: 30 },
        history: { rounds: 2 },
        year: { rounds: 1 },
        plan: { rounds: 2, sekunder: 3, parallellt: 16 },
        overview: { rounds: 3, n: 10, antal: 50_000, andelOppna: 0.02 },
        start: { rounds: 2 },
        pdf: { rounds: 3, n: 3 },
      }
    : {
        command: { rounds: 5, n: 20 },
        throughput: { rounds: 3, n: 200 },
        history: { rounds: 3 },
        year: { rounds: 2 },
        plan: { rounds: 3, sekunder: 10, parallellt: 16 },
        overview: { rounds: 5, n: 10, antal: 50_000, andelOppna: 0.02 },
        start: { rounds: 3 },
        pdf: { rounds: 5, n: 5 },
      };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      only: { type: 'string' },
      load: { type: 'string' },
    },
  });
  // stdout is the JSON's alone: whatever else the product logs goes to stderr.
  if (values.json) console.log = console.error;
  const logg = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  const valda = (values.only?.split(',') ?? (values.load ? [] : [...MATT])).map((s) => s.trim()) as Matt[];
  const okanda = valda.filter((v) => !MATT.includes(v));
  if (okanda.length > 0) throw new Error(`--only: unknown ${okanda.join(', ')} (known: ${MATT.join(', ')})`);
  const load = values.load !== undefined ? Number(values.load) : undefined;
  if (load !== undefined && !(Number.isInteger(load) && load >= 1))
    throw new Error('--load N: N ≥ 1 kommuner');
  const s = storlekar(values.quick);

  // The SDK's own logs (the native core's too, forwarded) go to stderr, warnings and worse; signals are ours.
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
  });
  const korning = new Korning();
  // Ctrl-C: stop what runs, let the measure under way settle (whatever it starts meanwhile is stopped at once),
  // then exit.
  let flode: Promise<unknown> = Promise.resolve();
  const avbryt = () => {
    logg('interrupted: stopping what the bench started…');
    void korning
      .stang()
      .then(() => Promise.race([flode, new Promise((r) => setTimeout(r, 60_000))]))
      .catch(() => undefined)
      .then(() => korning.stangSena())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', avbryt);
  process.once('SIGTERM', avbryt);
  const t0 = Date.now();
  const resultat: Matresultat[] = [];
  let lastFigurer: Record<string, number | string> | undefined;
  try {
    const postgres = await Postgres.oppna();
    korning.efter(() => postgres.stang());
    let m: Miljo | undefined;
    const miljo = async () => (m ??= await startaMiljo(korning, postgres, logg));
    const kor = async (namn: Matt, mat: () => Promise<Matresultat>) => {
      if (!valda.includes(namn)) return;
      if (korning.stanger) throw new Error('interrupted');
      logg(`measuring ${namn}…`);
      const t = Date.now();
      const p = mat();
      flode = p.catch(() => undefined);
      const r = await p;
      if (!r.name.includes(namn))
        throw new Error(`the measure "${r.name}" must name "${namn}" (--json's names)`);
      resultat.push(r);
      logg(
        `${namn}: median ratio ${r.kvoter.map((k) => k.toFixed(2)).join(', ')} (${((Date.now() - t) / 1000).toFixed(0)} s)`,
      );
    };
    // Those without the bench's own servers first (`npm start` with nothing of the bench's running beside
    // it); the plan last, as its running year keeps the dev server busy a while.
    await kor('pdf', () => matPdf(s.pdf));
    await kor('overview', () => matOversikt(postgres, { ...s.overview, verbose: values.verbose }));
    await kor('start', () => matStart(korning, s.start));
    await kor('command', async () => matKommando(await miljo(), s.command));
    await kor('throughput', async () => matGenomstromning(await miljo(), s.throughput));
    await kor('history', async () => matHistorik(await miljo(), s.history));
    await kor('year', async () => matAr(await miljo(), s.year));
    await kor('plan', async () => matPlan(await miljo(), s.plan));
    if (load !== undefined) {
      logg(`load run: ${load} kommuner's years at once…`);
      const p = miljo().then((m) => lastkorning(m, { kommuner: load }));
      flode = p.catch(() => undefined);
      lastFigurer = await p;
    }
  } finally {
    logg('stopping what the bench started…');
    await korning.stang();
    await korning.stangSena();
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(somJson(resultat, lastFigurer))}\n`);
  } else {
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    process.stdout.write(
      `npm run bench${values.quick ? ' --quick' : ''} — ${when} UTC, Node ${process.version}, ` +
        `${((Date.now() - t0) / 1000).toFixed(0)} s\n\n${somTabell(resultat)}\n`,
    );
    if (values.verbose) {
      for (const r of resultat)
        if (r.detaljer.explain) process.stdout.write(`\n${r.name}\n${r.detaljer.explain}\n`);
    }
    if (lastFigurer) process.stdout.write(`\n${lastTabell(lastFigurer)}\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
