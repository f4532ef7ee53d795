/**
 * year: Lund's whole year 2023 (its 13 reports, without the meetings' workflows, as test/workflows/arshjul.test.ts
 * runs it) on the time-skipping server with the product's activities — the register on PostgreSQL, every mail
 * through SMTP to the catcher — each task done on its due day by a Temporal Update as its ansvarig. Wall seconds
 * from the year's start to its result; the goal is absolute, so the ratio is against it: seconds / 10 s.
 *
 * Beside it, ABAB, the year's floor: the same year's form read from the first round's histories (../arsform.ts) and
 * run by the floor's workflow (../bar/form.ts) on a fresh server of its own — every workflow task the product's
 * year had, on the same triggers and at the same virtual instants, with the same commands, but the product's work
 * taken out (its local activities and activities do nothing). What the year costs on this host and SDK before the
 * product does anything.
 */
import path from 'node:path';
import vm from 'node:vm';
import { godkannUpdate, slutforUpdate } from '../../workflows/uppgift';
import type { ArshjulOversikt } from '../../domain/arshjul';
import { arshjul, arshjulWorkflowId } from '../../workflows/arshjul';
import { korAren, registerVy, type Gor } from '../arsdrivare';
import { korForm, lasArsform, type Arsform } from '../arsform';
import { barForm } from '../bar/form';
import { BARKO, PRODUKTKO, type Miljo } from '../miljo';
import { kvoter, median, type Matresultat } from '../statistik';
import { startaTidshopp } from '../tidshopp';
import { nu } from '../uppgifter';

const MAL_S = 10;
export const AR_START = '2023-01-02T07:00:00+01:00';
const CONFIG = path.resolve(__dirname, '../../../config');

/** The Update the driver sends: the approval approved, everything else completed. */
export const medUpdate: Gor = async (_kommun, steg, task) => {
  const update = steg.steg === 'godkannande' ? godkannUpdate : slutforUpdate;
  await task.executeUpdate(update, { args: [{ aktor: steg.ansvarig }] });
};

interface EttAr {
  s: number;
  kommandon: number;
  mail: number;
  /** Seconds from the year's end until the outbox was empty (not in the measure). */
  utkorg: number;
  paus: number;
  las: number;
  lasningar: number;
  /** The year's form, read from its histories when asked for. */
  form?: Arsform;
}

async function ettAr(m: Miljo, runda: number, medForm: boolean): Promise<EttAr> {
  const ts = await startaTidshopp(m, {
    startAt: AR_START,
    configDir: CONFIG,
    schema: `ar_${runda}`,
    web: false,
  });
  try {
    return await ts.medWorker(async () => {
      const t0 = nu();
      const handle = await ts.client.workflow.start(arshjul, {
        args: [{ kommun: 'lund', ar: 2023, maxHistorik: 1_000_000, startaSammantraden: false }],
        taskQueue: PRODUKTKO,
        workflowId: arshjulWorkflowId('lund', 2023),
      });
      const korda = await korAren(
        [{ kommun: 'lund', ar: 2023, handle }],
        ts,
        medUpdate,
        registerVy(ts.services.register),
      );
      const utfall = await ts.slutet<ArshjulOversikt>(handle.workflowId);
      const s = (nu() - t0) / 1000;
      if (!utfall.rapporter.every((r) => r.status === 'KLAR'))
        throw new Error('the year ended with reports not done');
      // The year is its workflows'; the outbox may still be sending its last messages (src/activities/utkorg.ts).
      // Counted once it is empty, and how long after the year's end, outside the measure.
      const t1 = nu();
      while ((await ts.services.register.utkorgen()).length > 0) {
        if (nu() - t1 > 60_000) throw new Error('the outbox did not empty within a minute of the year');
        await new Promise((r) => setTimeout(r, 20));
      }
      const utkorg = (nu() - t1) / 1000;
      const { rows } = await m.postgres.query<{ n: string }>(
        `select count(*) as n from bench_${process.pid}_ar_${runda}.mail_logg`,
      );
      return {
        s,
        ...(medForm ? { form: await lasArsform(ts.client, handle.workflowId) } : {}),
        kommandon: korda.kommandon,
        mail: Number(rows[0]!.n),
        utkorg,
        paus: korda.pausMs / 1000,
        las: korda.lasMs / 1000,
        lasningar: korda.lasningar,
      };
    });
  } finally {
    await ts.stang();
  }
}

/** The floor's year: the product year's form, on a fresh time-skipping server; its seconds and workflow tasks. */
async function ettBarAr(
  m: Miljo,
  runda: number,
  ar: Arsform,
): Promise<{ s: number; arbetsuppgifter: number }> {
  const ts = await startaTidshopp(m, {
    startAt: AR_START,
    configDir: CONFIG,
    schema: `arb_${runda}`,
    web: false,
  });
  const ingenting = async () => undefined;
  try {
    return await ts.medWorker(
      async () => {
        const t0 = nu();
        const handle = await ts.client.workflow.start(barForm, {
          args: [ar.form],
          taskQueue: BARKO,
          workflowId: ar.form.workflowId,
        });
        const skickade = await korForm(ts.client, ts, ar.updates);
        await ts.slutet(handle.workflowId);
        const s = (nu() - t0) / 1000;
        if (skickade !== ar.updates.length) throw new Error("the floor's year did not take every Update");
        const { arbetsuppgifter } = await lasArsform(ts.client, handle.workflowId);
        return { s, arbetsuppgifter };
      },
      { bunt: m.buntar.bar, taskQueue: BARKO, activities: { ingenting } },
    );
  } finally {
    await ts.stang();
  }
}

/**
 * What one call into a workflow's V8 context costs on this host, in µs, with the SDK's `timeout` and without. The
 * SDK (1.24) makes about 3.5 calls per activation (activate, tryUnblockConditions, concludeActivation), each with a
 * `timeout` — its deadlock detection — for which Node starts and joins a watchdog thread. Lund's year made
 * 3,500–4,000 of them (counted once, with the SDK patched to count): where threads are dear to start, the year is
 * slower by a cost no workflow code can change.
 */
function vmAnrop(n = 2000): { medTimeout: number; utan: number } {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const script = new vm.Script('globalThis.n = (globalThis.n ?? 0) + 1');
  const tid = (options: vm.RunningScriptOptions) => {
    const t0 = nu();
    for (let i = 0; i < n; i++) script.runInContext(context, options);
    return ((nu() - t0) * 1000) / n;
  };
  tid({ timeout: 5000 }); // warm
  const medTimeout: number[] = [];
  const utan: number[] = [];
  for (let r = 0; r < 3; r++) {
    medTimeout.push(tid({ timeout: 5000 }));
    utan.push(tid({}));
  }
  return { medTimeout: median(medTimeout), utan: median(utan) };
}

export async function matAr(m: Miljo, opt: { rounds: number }): Promise<Matresultat> {
  const s: number[] = [];
  const bar: number[] = [];
  let sista: EttAr = { s: 0, kommandon: 0, mail: 0, utkorg: 0, paus: 0, las: 0, lasningar: 0 };
  let form: Arsform | undefined;
  let barUppgifter = 0;
  const anrop = vmAnrop();
  for (let r = 0; r < opt.rounds; r++) {
    const y = await ettAr(m, r, form === undefined);
    form ??= y.form;
    s.push(y.s);
    sista = y;
    const b = await ettBarAr(m, r, form!);
    bar.push(b.s);
    barUppgifter = b.arbetsuppgifter;
  }
  return {
    name: 'year (Lund 2023 on the time-skipping server)',
    a: "Lund's year 2023 (13 reports) start→result, tasks done by Updates, real register and SMTP",
    b: "the year's floor: the same workflow tasks, triggers and commands, read from the product's histories, doing nothing",
    ratioOf: `A seconds / ${MAL_S} s, per round`,
    kvoter: s.map((x) => x / MAL_S),
    goal: 1,
    n: 1,
    rounds: opt.rounds,
    absoluta: [{ label: 'seconds', value: median(s), unit: 's', goal: MAL_S, cmp: 'le' }],
    detaljer: {
      'A median s': median(s),
      "B median s (the floor's year)": median(bar),
      'A / B per round': kvoter(s, bar)
        .map((k) => k.toFixed(2))
        .join(', '),
      "B's own seconds against the goal": median(bar) / MAL_S,
      'workflows in the year': form!.workflows,
      "workflow tasks in the year: the product's": form!.arbetsuppgifter,
      "workflow tasks in the year: the floor's": barUppgifter,
      'commands in the year': sista.kommandon,
      'mail log rows': sista.mail,
      'seconds after the year until the outbox was empty (not in A)': sista.utkorg,
      "the driver's own pauses s (polling for the register's view to catch up)": sista.paus,
      "the driver's reads of the view (the register row the year's page reads)": sista.lasningar,
      "the driver's reads s": sista.las,
      "µs per call into a workflow's V8 context, with the SDK's deadlock timeout (a watchdog thread each)":
        anrop.medTimeout,
      'µs per call without it': anrop.utan,
    },
  };
}
