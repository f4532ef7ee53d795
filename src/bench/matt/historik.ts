/**
 * history: the history events of one task from start to done through the product (started, completed through
 * the REST API, ended) against the trivial workflow's with its one Update. The goal is ≤ 20 events
 * (the floor's are 10), so the ratio's goal is 2.0 and the count is checked besides.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Miljo } from '../miljo';
import { abab, kvoter, median, type Matresultat } from '../statistik';
import {
  HANDLAGGARE,
  klarViaTemporal,
  slutforViaRest,
  startaBar,
  startaUppgift,
  tillVilar,
  unikt,
  uppgiftsId,
} from '../uppgifter';

async function handelser(h: WorkflowHandle): Promise<number> {
  await h.result();
  return (await h.fetchHistory()).events?.length ?? 0;
}

export async function matHistorik(m: Miljo, opt: { rounds: number }): Promise<Matresultat> {
  const cookie = await m.kaka('lund', HANDLAGGARE);
  const { a, b } = await abab(
    opt.rounds,
    async () => {
      const h = await startaUppgift(m, unikt('historik'));
      await tillVilar(h);
      await slutforViaRest(m, uppgiftsId(h), cookie);
      return handelser(h);
    },
    async () => {
      const h = await startaBar(m.client, unikt('historik'));
      await tillVilar(h);
      await klarViaTemporal(h);
      return handelser(h);
    },
  );
  return {
    name: 'history events of one task (start→done vs bare)',
    a: 'fetchHistory() of a task workflow started, completed via REST at rest, ended',
    b: 'fetchHistory() of a trivial workflow started, one Update, ended',
    ratioOf: 'A events / B events, per round (goal 20/10)',
    kvoter: kvoter(a, b),
    goal: 2,
    n: 1,
    rounds: opt.rounds,
    absoluta: [{ label: 'events', value: median(a), unit: '', goal: 20, cmp: 'le' }],
    detaljer: { 'A events (median)': median(a), 'B events (median)': median(b) },
  };
}
