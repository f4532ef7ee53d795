/**
 * command: one task command's latency through the product — POST /api/tasks/{id}/slutfor as the signed-in
 * handläggare, on a task at rest — against the floor: one Temporal Update on the trivial workflow, on the same
 * server, from the same process. Per round, the median of n commands on each side; the ratio of the medians. The
 * commands are timed one at a time, each after the previous one's workflow has ended. Beside A, and alternating
 * with it, the same Update sent straight to a product task (C, not in the ratio): A − C is the web's share (HTTP,
 * session, the register row the check reads), C − B the product workflow's own.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { abab, kvoter, median, percentil, type Matresultat } from '../statistik';
import { slutforUpdate } from '../../workflows/uppgift';
import type { Miljo } from '../miljo';
import {
  HANDLAGGARE,
  iPool,
  klarViaTemporal,
  nu,
  slutforViaRest,
  startaBar,
  startaUppgift,
  tillVilar,
  unikt,
  uppgiftsId,
} from '../uppgifter';

async function tider(
  handles: WorkflowHandle[],
  kommando: (h: WorkflowHandle) => Promise<void>,
): Promise<number[]> {
  await iPool(handles, 8, (h) => tillVilar(h));
  const ms: number[] = [];
  for (const h of handles) {
    const t0 = nu();
    await kommando(h);
    ms.push(nu() - t0);
    // Untimed: what the command set going after its answer (the product stores the task, the run ends) is over
    // before the next one is timed, so each latency is one command's alone, on a server at rest as it found it.
    await h.result();
  }
  return ms;
}

export async function matKommando(m: Miljo, opt: { rounds: number; n: number }): Promise<Matresultat> {
  const cookie = await m.kaka('lund', HANDLAGGARE);
  const alla = { a: [] as number[], b: [] as number[], c: [] as number[] };
  const direkt = (h: WorkflowHandle) =>
    h
      .executeUpdate(slutforUpdate, { args: [{ aktor: HANDLAGGARE, kommentar: 'Klar.' }] })
      .then(() => undefined);
  // Pairs of tasks: one through the web (A), one straight (C); which goes first alternates, each is timed alone.
  const viaWebben = (i: number) => i % 2 === Math.floor(i / 2) % 2;
  const produkt = async (n: number) => {
    const hs = await iPool(Array.from({ length: 2 * n }), 8, () => startaUppgift(m, unikt('kommando')));
    const ms = await tider(hs, (h) =>
      viaWebben(hs.indexOf(h)) ? slutforViaRest(m, uppgiftsId(h), cookie) : direkt(h),
    );
    return { webben: ms.filter((_, i) => viaWebben(i)), rakt: ms.filter((_, i) => !viaWebben(i)) };
  };
  const bar = async (n: number) => {
    const hs = await iPool(Array.from({ length: n }), 8, () => startaBar(m.client, unikt('kommando')));
    return tider(hs, klarViaTemporal);
  };
  // Unmeasured warm-up of both: the routes, the connections, the workers' caches.
  await produkt(2);
  await bar(2);
  const { a, b } = await abab(
    opt.rounds,
    async () => {
      const { webben, rakt } = await produkt(opt.n);
      alla.a.push(...webben);
      alla.c.push(...rakt);
      return median(webben);
    },
    async () => {
      const ms = await bar(opt.n);
      alla.b.push(...ms);
      return median(ms);
    },
  );
  return {
    name: 'command latency (REST task command vs bare Update)',
    a: 'POST /api/tasks/{id}/slutfor through the web app, on a product task at rest (uppgift workflow)',
    b: 'executeUpdate on a trivial workflow (one Update, no activities) on the same dev server',
    ratioOf: 'median A latency / median B latency, per round',
    kvoter: kvoter(a, b),
    goal: 1.2,
    n: opt.n,
    rounds: opt.rounds,
    absoluta: [],
    detaljer: {
      'A median ms': median(alla.a),
      'B median ms': median(alla.b),
      "C median ms (the product's Update straight on Temporal)": median(alla.c),
      "the web's share ms (A − C)": median(alla.a) - median(alla.c),
      'A p99 ms': percentil(alla.a, 99),
      'B p99 ms': percentil(alla.b, 99),
    },
  };
}
