/**
 * plan: the year's plan as the kanslichef reads it — GET /api/kommuner/lund/ar/2026 on a running Lund year —
 * against the floor of an authenticated read through the same web app: GET /api/kommuner/lund (the same session
 * check and HTTP stack, answered from the config in memory). Each side is loaded by `parallellt` clients in a
 * closed loop for `sekunder`, per round. The goal is absolute (≥ 300 req/s and p50 ≤ 20 ms), so the ratio
 * is against the goal: max(300 / req/s, p50 / 20 ms) — ≤ 1 meets both; the floor's figures stand beside it.
 */
import { queryWhenReady } from '../../temporal/client';
import { startaArshjul } from '../../temporal/starta';
import { arshjulQuery, arshjulWorkflowId } from '../../workflows/arshjul';
import { PRODUKTKO, type Miljo } from '../miljo';
import { abab, median, percentil, type Matresultat } from '../statistik';
import { nu } from '../uppgifter';

const AR = 2026;
const MAL_RPS = 300;
const MAL_P50 = 20;

interface Last {
  rps: number;
  p50: number;
  p99: number;
}

/** `parallellt` clients GET `url` one after another for `sekunder`; every answer must be 200. */
export async function belasta(
  url: string,
  cookie: string,
  parallellt: number,
  sekunder: number,
): Promise<Last> {
  const ms: number[] = [];
  const t0 = nu();
  const slut = t0 + sekunder * 1000;
  await Promise.all(
    Array.from({ length: parallellt }, async () => {
      while (nu() < slut) {
        const t = nu();
        const res = await fetch(url, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
        ms.push(nu() - t);
      }
    }),
  );
  return { rps: ms.length / ((nu() - t0) / 1000), p50: median(ms), p99: percentil(ms, 99) };
}

export async function matPlan(
  m: Miljo,
  opt: { rounds: number; sekunder: number; parallellt: number },
): Promise<Matresultat> {
  const lund = m.services.kommuner.get('lund')!;
  await startaArshjul(m.client, lund, AR, PRODUKTKO, {});
  const handle = m.client.workflow.getHandle(arshjulWorkflowId('lund', AR));
  await queryWhenReady(handle, arshjulQuery, 60_000);
  // Until the year's start has settled (its reports started, its first activities done): unchanged for 2 s.
  for (let stilla = 0, forra = -1, t = Date.now(); stilla < 4 && Date.now() - t < 90_000;) {
    const langd = (await handle.describe()).historyLength;
    stilla = langd === forra ? stilla + 1 : 0;
    forra = langd;
    await new Promise((r) => setTimeout(r, 500));
  }
  const cookie = await m.kaka('lund', 'kanslichef');
  const produkt = `${m.web.address}/api/kommuner/lund/ar/${AR}`;
  const golv = `${m.web.address}/api/kommuner/lund`;
  // Warm-up: the routes, the session, the workflow's sticky cache.
  await belasta(produkt, cookie, 2, 1);
  await belasta(golv, cookie, 2, 1);
  const { a, b } = await abab(
    opt.rounds,
    () => belasta(produkt, cookie, opt.parallellt, opt.sekunder),
    () => belasta(golv, cookie, opt.parallellt, opt.sekunder),
  );
  const rps = median(a.map((x) => x.rps));
  const p50 = median(a.map((x) => x.p50));
  return {
    name: 'plan read (GET /api/kommuner/lund/ar/2026)',
    a: `GET /api/kommuner/lund/ar/${AR} as the kanslichef, ${opt.parallellt} clients, ${opt.sekunder} s per round`,
    b: 'GET /api/kommuner/lund as the kanslichef (same session check and HTTP stack, from memory), same load',
    ratioOf: `against the goal: max(${MAL_RPS} / A req/s, A p50 / ${MAL_P50} ms), per round`,
    kvoter: a.map((x) => Math.max(MAL_RPS / x.rps, x.p50 / MAL_P50)),
    goal: 1,
    n: opt.parallellt,
    rounds: opt.rounds,
    absoluta: [
      { label: 'req/s', value: rps, unit: 'req/s', goal: MAL_RPS, cmp: 'ge' },
      { label: 'p50', value: p50, unit: 'ms', goal: MAL_P50, cmp: 'le' },
    ],
    detaljer: {
      'A req/s': rps,
      'A p50 ms': p50,
      'A p99 ms': median(a.map((x) => x.p99)),
      'B req/s (floor)': median(b.map((x) => x.rps)),
      'B p50 ms (floor)': median(b.map((x) => x.p50)),
      'A/B p50 (vs floor)': p50 / median(b.map((x) => x.p50)),
    },
  };
}
