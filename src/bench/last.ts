/**
 * The load run (`npm run bench -- --load N`): N kommuner's years at once on one time-skipping server, with one
 * worker. The kommuner are generated from Lund's seed config (config/lund.yaml): ids lund-001…, their own mail
 * domains, and each one's meeting dates shifted 0–2 days (a weekday still) so their deadlines do not all fall on
 * the same hour. The calendar is compressed by the server's virtual clock: a year takes minutes. Reports tasks/s,
 * the commands' p99 latency, the register's PostgreSQL bytes and Temporal's history per kommun-year, and what
 * those figures make of 290 kommuner.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { loadAllKommuner } from '../config/load';
import { arshjul, arshjulWorkflowId } from '../workflows/arshjul';
import { korAren, registerVy } from './arsdrivare';
import { AR_START, medUpdate } from './matt/ar';
import { PRODUKTKO, type Miljo } from './miljo';
import { median, percentil } from './statistik';
import { genereraKommun, kommunId } from './kommuner';
import { startaTidshopp } from './tidshopp';
import { iPool, nu } from './uppgifter';

const SEED = path.resolve(__dirname, '../../config');
const KOMMUNER_I_SVERIGE = 290;

function skrivKonfig(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const seed = readFileSync(path.join(SEED, 'lund.yaml'), 'utf8');
  copyFileSync(path.join(SEED, 'lund-logotyp.png'), path.join(dir, 'lund-logotyp.png'));
  for (let k = 1; k <= n; k++)
    writeFileSync(path.join(dir, `${kommunId(k)}.yaml`), genereraKommun(seed, k, k % 3));
  loadAllKommuner(dir); // every generated config valid, or the run stops here with the config's own message
}

export async function lastkorning(
  m: Miljo,
  opt: { kommuner: number },
): Promise<Record<string, number | string>> {
  const n = opt.kommuner;
  const dir = path.join(m.korning.dir, 'load-config');
  skrivKonfig(dir, n);
  const ts = await startaTidshopp(m, { startAt: AR_START, configDir: dir, schema: 'load', web: false });
  try {
    const fore = await m.postgres.storlek(ts.registerUrl);
    const kommuner = [...ts.services.kommuner.keys()];
    const { korda, s } = await ts.medWorker(async () => {
      const t0 = nu();
      const aren = await Promise.all(
        kommuner.map(async (kommun) => ({
          kommun,
          ar: 2023,
          handle: await ts.client.workflow.start(arshjul, {
            args: [{ kommun, ar: 2023, maxHistorik: 1_000_000, startaSammantraden: false }],
            taskQueue: PRODUKTKO,
            workflowId: arshjulWorkflowId(kommun, 2023),
          }),
        })),
      );
      const korda = await korAren(aren, ts, medUpdate, registerVy(ts.services.register), (s) =>
        process.stderr.write(`[bench] load: ${s}\n`),
      );
      // The clock held: a year whose reports are done needs no more virtual time (temporal/timeSkippingResult).
      await Promise.all(aren.map((a) => ts.slutet(a.handle.workflowId)));
      return { korda, s: (nu() - t0) / 1000 };
    });
    const efter = await m.postgres.storlek(ts.registerUrl);
    // Temporal's side: every workflow of the years (årshjul, reports, tasks), its events and encoded bytes.
    const ids = kommuner.flatMap((k) => [
      arshjulWorkflowId(k, 2023),
      ...korda.rapporter.get(k)!,
      ...korda.uppgifter.get(k)!,
    ]);
    const historik = await iPool(ids, 8, async (id) => {
      const h = await ts.client.workflow.getHandle(id).fetchHistory();
      return {
        events: h.events?.length ?? 0,
        bytes: temporal.api.history.v1.History.encode(h).finish().length,
      };
    });
    const events = historik.reduce((x, h) => x + h.events, 0);
    const bytes = historik.reduce((x, h) => x + h.bytes, 0);
    const uppgifter = kommuner.reduce((x, k) => x + korda.uppgifter.get(k)!.size, 0);
    const perAr = (x: number) => x / n;
    const registerPerAr = perAr(efter - fore);
    const historikPerAr = perAr(bytes);
    const kommandonPerAr = perAr(korda.kommandon);
    return {
      kommuner: n,
      'wall s': s,
      'workflows (årshjul + reports + tasks)': ids.length,
      'tasks per kommun-year': perAr(uppgifter),
      'commands per kommun-year': kommandonPerAr,
      "driver's own pauses s (polling for the register's view to catch up)": korda.pausMs / 1000,
      'tasks/s (commands done / wall s)': korda.kommandon / s,
      'tasks/s (over wall s less the pauses)': korda.kommandon / (s - korda.pausMs / 1000),
      'busiest virtual day: commands per kommun': Math.max(...korda.perDag.values()) / n,
      'command p50 ms': median(korda.latenser),
      'command p99 ms': percentil(korda.latenser, 99),
      'register bytes per kommun-year (PostgreSQL, tables + indexes)': registerPerAr,
      'register bytes of the configs alone (before the years)': fore,
      'history events per kommun-year': perAr(events),
      'history bytes per kommun-year (encoded)': historikPerAr,
      '290 kommuner: register MB per year': (registerPerAr * KOMMUNER_I_SVERIGE) / 1e6,
      '290 kommuner: history MB per year': (historikPerAr * KOMMUNER_I_SVERIGE) / 1e6,
      '290 kommuner: commands per year': kommandonPerAr * KOMMUNER_I_SVERIGE,
      '290 kommuner: commands on the busiest day':
        (Math.max(...korda.perDag.values()) / n) * KOMMUNER_I_SVERIGE,
    };
  } finally {
    await ts.stang();
  }
}

export function lastTabell(f: Record<string, number | string>): string {
  const bredd = Math.max(...Object.keys(f).map((k) => k.length));
  return [
    `Load run: ${f.kommuner} kommuner's years 2023 at once, one worker, time-skipping server`,
    ...Object.entries(f).map(
      ([k, v]) =>
        `  ${k.padEnd(bredd)}  ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(2)) : v}`,
    ),
  ].join('\n');
}
