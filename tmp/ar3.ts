import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Korning, Postgres, startaMiljo, PRODUKTKO } from '../src/bench/miljo';
import { startaTidshopp } from '../src/bench/tidshopp';
import { korAren, registerVy } from '../src/bench/arsdrivare';
import { medUpdate, AR_START } from '../src/bench/matt/ar';
import { arshjul, arshjulWorkflowId } from '../src/workflows/arshjul';
async function main() {
  const k = new Korning();
  const pgs = await Postgres.oppna();
  const m = await startaMiljo(k, pgs, () => {});
  try {
    const ts = await startaTidshopp(m, { startAt: AR_START, configDir: path.resolve('config'), schema: 'ar_x', web: false });
    await ts.medWorker(async () => {
      const t0 = performance.now();
      const handle = await ts.client.workflow.start(arshjul, { args: [{ kommun: 'lund', ar: 2023, maxHistorik: 1_000_000, startaSammantraden: false }], taskQueue: PRODUKTKO, workflowId: arshjulWorkflowId('lund', 2023) });
      const korda = await korAren([{ kommun: 'lund', ar: 2023, handle }], ts, medUpdate, undefined, registerVy(ts.services.register));
      await handle.result();
      console.log('RES s', ((performance.now() - t0) / 1000).toFixed(1));
      const ids = [handle.workflowId, ...korda.uppgifter.get('lund')!, ...korda.rapporter.get('lund')!];
      const c: Record<string, number> = {};
      const perTyp: Record<string, Record<string, number>> = {};
      for (const id of ids) {
        const h = ts.client.workflow.getHandle(id);
        const hist = await h.fetchHistory();
        const typ = id.split('/')[0]!;
        for (const e of hist.events ?? []) {
          const n = String(temporal.api.enums.v1.EventType[e.eventType ?? 0]).replace('EVENT_TYPE_', '');
          c[n] = (c[n] ?? 0) + 1;
          ((perTyp[typ] ??= {})[n] = (perTyp[typ]![n] ?? 0) + 1);
        }
        if (e2(hist)) {}
      }
      console.log('RES workflows', ids.length);
      for (const [n, v] of Object.entries(c).sort((a, b) => b[1] - a[1])) console.log('RES', n, v);
      for (const [t, cc] of Object.entries(perTyp)) console.log('RES', t, 'WFT', cc['WORKFLOW_TASK_COMPLETED'], 'ACT', cc['ACTIVITY_TASK_SCHEDULED'], 'TIMER', cc['TIMER_FIRED'], 'MARKER', cc['MARKER_RECORDED'], 'SIG', cc['WORKFLOW_EXECUTION_SIGNALED']);
    });
    await ts.stang();
  } finally { await k.stang(); process.exit(0); }
}
function e2(_h: unknown) { return false; }
main();
