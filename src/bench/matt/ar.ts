/**
 * year: Lund's whole year 2023 (its 13 reports, without the meetings' workflows, as test/workflows/arshjul.test.ts
 * runs it) on the time-skipping server with the product's activities — the register on PostgreSQL, every mail
 * through SMTP to the catcher — each task done on its due day by a Temporal Update as its ansvarig. Wall seconds
 * from the year's start to its result. There is no bare year to set beside it, so the ratio is against the goal:
 * seconds / 10 s.
 */
import path from 'node:path';
import vm from 'node:vm';
import { godkannUpdate, slutforUpdate } from '../../workflows/uppgift';
import type { ArshjulOversikt } from '../../domain/arshjul';
import { arshjul, arshjulWorkflowId } from '../../workflows/arshjul';
import { korAren, registerVy, type Gor } from '../arsdrivare';
import { PRODUKTKO, type Miljo } from '../miljo';
import { median, type Matresultat } from '../statistik';
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

async function ettAr(
  m: Miljo,
  runda: number,
): Promise<{ s: number; kommandon: number; mail: number; paus: number; las: number; lasningar: number }> {
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
        undefined,
        registerVy(ts.services.register),
      );
      const utfall = await ts.slutet<ArshjulOversikt>(handle.workflowId);
      const s = (nu() - t0) / 1000;
      if (!utfall.rapporter.every((r) => r.status === 'KLAR'))
        throw new Error('the year ended with reports not done');
      const { rows } = await m.postgres.query<{ n: string }>(
        `select count(*) as n from bench_${process.pid}_ar_${runda}.mail_logg`,
      );
      return {
        s,
        kommandon: korda.kommandon,
        mail: Number(rows[0]!.n),
        paus: korda.pausMs / 1000,
        las: korda.lasMs / 1000,
        lasningar: korda.lasningar,
      };
    });
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
  let sista = { kommandon: 0, mail: 0, paus: 0, las: 0, lasningar: 0 };
  const anrop = vmAnrop();
  for (let r = 0; r < opt.rounds; r++) {
    const y = await ettAr(m, r);
    s.push(y.s);
    sista = y;
  }
  return {
    name: 'year (Lund 2023 on the time-skipping server)',
    a: "Lund's year 2023 (13 reports) start→result, tasks done by Updates, real register and SMTP",
    b: `none: the goal (${MAL_S} s) is the yardstick`,
    ratioOf: `A seconds / ${MAL_S} s, per round`,
    kvoter: s.map((x) => x / MAL_S),
    goal: 1,
    n: 1,
    rounds: opt.rounds,
    absoluta: [{ label: 'seconds', value: median(s), unit: 's', goal: MAL_S, cmp: 'le' }],
    detaljer: {
      'A median s': median(s),
      'commands in the year': sista.kommandon,
      'mail log rows': sista.mail,
      "the driver's own pauses s (polling for the register's view to catch up)": sista.paus,
      "the driver's reads of the view (the register row the year's page reads)": sista.lasningar,
      "the driver's reads s": sista.las,
      "µs per call into a workflow's V8 context, with the SDK's deadlock timeout (a watchdog thread each)":
        anrop.medTimeout,
      'µs per call without it': anrop.utan,
    },
  };
}
