/**
 * throughput: N tasks started and completed through the product — the task workflow started as a report process
 * starts it, completed by the handläggare through the REST API, until its workflow has ended (register written,
 * mail sent) — against N trivial workflows with one Update each, both at most `parallellt` at a time. The ratio
 * of the wall times.
 */
import type { Miljo } from '../miljo';
import { abab, kvoter, median, type Matresultat } from '../statistik';
import {
  HANDLAGGARE,
  iPool,
  klarViaTemporal,
  nu,
  slutforViaRest,
  startaBar,
  startaUppgift,
  unikt,
  uppgiftsId,
} from '../uppgifter';

const PARALLELLT = 50;

async function vagg(n: number, en: () => Promise<void>): Promise<number> {
  const t0 = nu();
  await iPool(Array.from({ length: n }), PARALLELLT, en);
  return nu() - t0;
}

export async function matGenomstromning(m: Miljo, opt: { rounds: number; n: number }): Promise<Matresultat> {
  const cookie = await m.kaka('lund', HANDLAGGARE);
  const produkt = (n: number) =>
    vagg(n, async () => {
      const h = await startaUppgift(m, unikt('genomstromning'));
      await slutforViaRest(m, uppgiftsId(h), cookie);
      await h.result();
    });
  const bar = (n: number) =>
    vagg(n, async () => {
      const h = await startaBar(m.client, unikt('genomstromning'));
      await klarViaTemporal(h);
      await h.result();
    });
  // Unmeasured warm-up of both: the workers' caches, the connections, the catcher's first messages.
  await produkt(Math.min(10, opt.n));
  await bar(Math.min(10, opt.n));
  const { a, b } = await abab(
    opt.rounds,
    () => produkt(opt.n),
    () => bar(opt.n),
  );
  const perS = (ms: number) => opt.n / (ms / 1000);
  return {
    name: `throughput (${opt.n} tasks start→done vs ${opt.n} bare workflows)`,
    a: `${opt.n} task workflows started, completed via REST, ended; ≤ ${PARALLELLT} at a time`,
    b: `${opt.n} trivial workflows started, one Update each, ended; ≤ ${PARALLELLT} at a time`,
    ratioOf: 'A wall time / B wall time, per round',
    kvoter: kvoter(a, b),
    goal: 1.5,
    n: opt.n,
    rounds: opt.rounds,
    absoluta: [],
    detaljer: { 'A tasks/s (median)': perS(median(a)), 'B workflows/s (median)': perS(median(b)) },
  };
}
