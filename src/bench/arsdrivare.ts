/**
 * Drives kommuner's years on the time-skipping server as a diligent organisation would (after
 * test/workflows/arshjul.test.ts): every open task due today or earlier is done — the approval approved, the
 * others completed — then virtual time jumps to the next due or start date across every year. The command is the
 * caller's (a Temporal Update, or the REST API); each one's latency is kept. The driver reads the years as the
 * kanslichef's page reads them (`registerVy`): the register row each årshjul keeps, with its reports' steps from
 * the register's own rows.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { dateInStockholm } from '../domain/datum';
import type { ArshjulOversikt, StegOversikt } from '../domain/arshjul';
import type { IsoDate } from '../domain/datum';
import type { Register } from '../db/register';
import { medRapporternasSteg } from '../api/arshjulAret';
import { queryWhenReady, validationFelOf } from '../temporal/client';
import { arshjulQuery, oversiktAv, type ArshjulData } from '../workflows/arshjul';
import { nu } from './uppgifter';

export interface Klocka {
  now(): Promise<number>;
  advance(ms: number): Promise<void>;
}

export interface Aret {
  kommun: string;
  ar: number;
  handle: WorkflowHandle;
}

/** How the driver reads a running year's view for `idag`. */
export type Vy = (a: Aret, idag: IsoDate) => Promise<ArshjulOversikt>;

/**
 * The view as the year's page and REST read serve it (src/api/arshjulAret.ts): the register row the årshjul
 * writes whenever its state changes — a small indexed select, the data only when the row has changed since the
 * last read — and its reports' steps, read again only when their rows have changed. Until the year's first
 * write, the årshjul's query.
 */
export function registerVy(register: Pick<Register, 'hamtaArshjulOversikt' | 'rapporternasSteg'>): Vy {
  const senast = new Map<string, { seq: number; steg: string; data: ArshjulData; med: ArshjulData }>();
  return async (a, idag) => {
    const nyckel = `${a.kommun}/${a.ar}`;
    const kand = senast.get(nyckel);
    const rad = await register.hamtaArshjulOversikt(a.kommun, a.ar, kand?.seq);
    if (!rad)
      return oversiktAv(
        await medRapporternasSteg(register, await queryWhenReady(a.handle, arshjulQuery)),
        idag,
      );
    if (rad.data === undefined && kand && kand.steg === rad.steg) return oversiktAv(kand.med, idag);
    const data = (rad.data as ArshjulData | undefined) ?? kand!.data;
    const med = await medRapporternasSteg(register, data);
    senast.set(nyckel, { seq: rad.seq, steg: rad.steg, data, med });
    return oversiktAv(med, idag);
  };
}

/** Does the task's step as its ansvarig; throws on a refusal (a done-a-moment-ago refusal is the driver's). */
export type Gor = (kommun: string, steg: StegOversikt, task: WorkflowHandle) => Promise<void>;

export interface Korda {
  /** Commands done (tasks completed or approved). */
  kommandon: number;
  /** Each command's latency (ms). */
  latenser: number[];
  /** Every task and report workflow id seen, per kommun. */
  uppgifter: Map<string, Set<string>>;
  rapporter: Map<string, Set<string>>;
  /** Commands per virtual day, over every year. */
  perDag: Map<string, number>;
  /** Wall ms the driver spent in its own pauses (a signal on its way to the view), not waiting on the server. */
  pausMs: number;
  /** Wall ms the driver spent reading the years' views (describe and query of each årshjul), and how many. */
  lasMs: number;
  lasningar: number;
}

/** Times a read of the view into `ut`. */
async function las<T>(ut: Korda, read: () => Promise<T>): Promise<T> {
  const t0 = nu();
  try {
    return await read();
  } finally {
    ut.lasMs += nu() - t0;
    ut.lasningar++;
  }
}

const paus = async (ut: Korda, ms: number) => {
  ut.pausMs += ms;
  await new Promise((resolve) => setTimeout(resolve, ms));
};

/** The driver's poll while the view catches up: a read is a small select (or a query), so fine-grained. */
const PAUS_MS = 4;

const noon = (date: string) => `${date}T12:00:00+01:00`;
const paborjad = (s: StegOversikt) => s.uppgiftId && (s.status === 'PAGAR' || s.status === 'FORSENAD');

export async function korAren(
  aren: Aret[],
  klocka: Klocka,
  gor: Gor,
  vy: Vy,
  logg: (s: string) => void = () => undefined,
): Promise<Korda> {
  let manad = '';
  const ut: Korda = {
    kommandon: 0,
    latenser: [],
    uppgifter: new Map(),
    rapporter: new Map(),
    perDag: new Map(),
    pausMs: 0,
    lasMs: 0,
    lasningar: 0,
  };
  for (const a of aren) {
    ut.uppgifter.set(a.kommun, new Set());
    ut.rapporter.set(a.kommun, new Set());
  }
  let vantat = 0;
  let kvar = [...aren];
  // The virtual clock as last read: it moves only when the driver advances it (in between, at wall-clock pace
  // at most — seconds, where the driver's dates are days), so it is read again only after an advance, not at each
  // of the polls while the view catches up (each a round trip to the test server).
  let klockan: number | undefined;
  for (;;) {
    const now = (klockan ??= await klocka.now());
    if (dateInStockholm(now).slice(0, 7) !== manad) {
      manad = dateInStockholm(now).slice(0, 7);
      logg(`virtual ${manad}: ${ut.kommandon} commands done, ${kvar.length} years running`);
    }
    const lagen = [];
    for (const a of kvar) {
      const o = await las(ut, () => vy(a, dateInStockholm(now)));
      if (o.rapporter.length > 0 && o.rapporter.every((r) => r.status === 'KLAR')) continue;
      for (const r of o.rapporter) {
        if (r.status !== 'PLANERAD') ut.rapporter.get(a.kommun)!.add(`rapport/${r.id}`);
        for (const s of r.steg) if (s.uppgiftId) ut.uppgifter.get(a.kommun)!.add(`uppgift/${s.uppgiftId}`);
      }
      lagen.push({ a, o });
    }
    kvar = lagen.map((l) => l.a);
    if (kvar.length === 0) break;
    let acted = false;
    for (const { a, o } of lagen) {
      const open = o.rapporter.flatMap((r) => r.steg.filter(paborjad));
      for (const steg of open.filter((s) => s.forfaller <= o.idag)) {
        const task = a.handle.client.getHandle(`uppgift/${steg.uppgiftId}`);
        if ((await task.describe()).status.name !== 'RUNNING') continue;
        const t0 = nu();
        try {
          await gor(a.kommun, steg, task);
        } catch (error) {
          if (validationFelOf(error)?.[0]?.rule === 'uppgiften_avslutad') continue;
          if (error instanceof WorkflowNotFoundError) continue;
          throw error;
        }
        ut.latenser.push(nu() - t0);
        ut.kommandon++;
        ut.perDag.set(o.idag, (ut.perDag.get(o.idag) ?? 0) + 1);
        acted = true;
        await tillsVyn(a, steg.uppgiftId!, o.idag, ut, vy);
      }
    }
    if (acted) {
      vantat = 0;
      continue;
    }
    // A report between two steps: its next task is a signal away from the view; wait up to two seconds, polled
    // finely (the driver's own pauses are not the product's time).
    const mellanSteg = lagen.some(({ o }) =>
      o.rapporter.some((r) => r.status === 'PAGAR' && !r.steg.some(paborjad)),
    );
    if (mellanSteg && vantat++ < 2000 / PAUS_MS) {
      await paus(ut, PAUS_MS);
      continue;
    }
    vantat = 0;
    // Before the clock moves: a year that has stopped (or failed) with work left on its view is no longer driven.
    // Asked here, not every round: a describe is a round trip to the server between the product's steps.
    const igang = [];
    for (const l of lagen) {
      if ((await las(ut, () => l.a.handle.describe())).status.name === 'RUNNING') igang.push(l);
    }
    kvar = igang.map((l) => l.a);
    if (kvar.length === 0) break;
    const next = igang
      .flatMap(({ o }) => [
        ...o.rapporter.flatMap((r) => r.steg.filter(paborjad)).map((s) => noon(s.forfaller)),
        ...o.rapporter.filter((r) => r.status === 'PLANERAD').map((r) => noon(r.start)),
      ])
      .filter((t) => Date.parse(t) > now)
      .sort()[0];
    if (next) await klocka.advance(Date.parse(next) - now);
    else await paus(ut, 100);
    klockan = undefined;
  }
  return ut;
}

/**
 * Until the year's view has heard that the task is done: a stale open step would let time jump past the next.
 * `idag`: the day the driver is on (the clock stands still while it waits here; it moves only when advanced).
 */
async function tillsVyn(a: Aret, uppgiftId: string, idag: IsoDate, ut: Korda, vy: Vy): Promise<void> {
  for (let i = 0; i < 5000 / PAUS_MS; i++) {
    const o = await las(ut, () => vy(a, idag));
    const samma = o.rapporter.flatMap((r) => r.steg).find((x) => x.uppgiftId === uppgiftId);
    if (samma?.status !== 'PAGAR' && samma?.status !== 'FORSENAD') return;
    await paus(ut, PAUS_MS);
  }
}
