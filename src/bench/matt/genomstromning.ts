/**
 * throughput: N tasks started and completed through the product — the task workflow started as a report process
 * starts it, completed by the handläggare through the REST API, until its workflow has ended (register written,
 * mail sent) — against N trivial workflows with one Update each, both at most `parallellt` at a time. The ratio
 * of the wall times. Beside it, what each side costs per task: the CPU of this process, the Temporal server and
 * PostgreSQL (./cpu.ts), and the events in one task's history — where the difference lies, for whoever tries next.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { cpuMatare, summa, type CpuDelar } from '../cpu';
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

async function vagg(
  n: number,
  en: () => Promise<WorkflowHandle>,
): Promise<{ ms: number; sista: WorkflowHandle }> {
  const t0 = nu();
  const hs = await iPool(Array.from({ length: n }), PARALLELLT, en);
  return { ms: nu() - t0, sista: hs[hs.length - 1]! };
}

/** Runs one side's round, its CPU added to `cpu`; the wall time. */
async function matt(
  m: Miljo,
  cpu: CpuDelar[],
  handelser: number[],
  korning: () => Promise<{ ms: number; sista: WorkflowHandle }>,
): Promise<number> {
  const matare = cpuMatare(m.dev.process.pid);
  const { ms, sista } = await korning();
  const delar = matare.stopp();
  if (delar) cpu.push(delar);
  handelser.push((await sista.describe()).historyLength);
  return ms;
}

const perUppgift = (delar: CpuDelar[], n: number): string => {
  const s = summa(delar);
  const ms = (x: number) => ((x * 1000) / (n * delar.length)).toFixed(1);
  return `node ${ms(s.node)}, temporal ${ms(s.temporal)}, postgres ${ms(s.postgres)}`;
};

export async function matGenomstromning(m: Miljo, opt: { rounds: number; n: number }): Promise<Matresultat> {
  const cookie = await m.kaka('lund', HANDLAGGARE);
  const produkt = (n: number) =>
    vagg(n, async () => {
      const h = await startaUppgift(m, unikt('genomstromning'));
      await slutforViaRest(m, uppgiftsId(h), cookie);
      await h.result();
      return h;
    });
  const bar = (n: number) =>
    vagg(n, async () => {
      const h = await startaBar(m.client, unikt('genomstromning'));
      await klarViaTemporal(h);
      await h.result();
      return h;
    });
  // Unmeasured warm-up of both: the workers' caches, the connections, the catcher's first messages.
  await produkt(Math.min(10, opt.n));
  await bar(Math.min(10, opt.n));
  const cpu = { a: [] as CpuDelar[], b: [] as CpuDelar[] };
  const handelser = { a: [] as number[], b: [] as number[] };
  const { a, b } = await abab(
    opt.rounds,
    () => matt(m, cpu.a, handelser.a, () => produkt(opt.n)),
    () => matt(m, cpu.b, handelser.b, () => bar(opt.n)),
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
    detaljer: {
      'A tasks/s (median)': perS(median(a)),
      'B workflows/s (median)': perS(median(b)),
      'A history events per task': median(handelser.a),
      'B history events per workflow': median(handelser.b),
      ...(cpu.a.length > 0 && cpu.b.length > 0
        ? { 'A CPU ms per task': perUppgift(cpu.a, opt.n), 'B CPU ms per workflow': perUppgift(cpu.b, opt.n) }
        : {}),
    },
  };
}
