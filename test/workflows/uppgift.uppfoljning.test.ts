/**
 * The gate inside the task workflow (issue 17), on the time-skipping server with the real activities and register:
 * the chef's Godkänn sent straight to the workflow — as the CLI does, past the web page and the REST API — is
 * refused with the list of what the report's follow-up lacks, changing nothing, and accepted once it is filled in.
 * A task whose report kind has no follow-up is approved without reading the register (no extra activity).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { IsoDate } from '../../src/domain/datum';
import { somRader, type UppfoljningIn } from '../../src/domain/uppfoljning/modell';
import type { UppgiftSpec } from '../../src/domain/uppgift';
import { validationFelOf } from '../../src/temporal/client';
import { UPPFOLJNING_EXEMPEL_DIR } from '../../src/uppfoljning/exempel';
import { importeraArk } from '../../src/uppfoljning/import';
import { rapportenAv, sparaRapportensUppfoljning } from '../../src/uppfoljning/rapportens';
import { godkannUpdate, uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { aktivitet, recordHistory } from '../helpers/histories';
import { lundUtkastUppgift } from '../helpers/lund';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';

const RAPPORT = 'lund/2023/KS/delarsrapport-augusti';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeEach(async () => {
  ts = await timeSkippingEnv('2023-09-20T10:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

/** Lund KS's delårsrapport in the register, with the follow-up of document 000 (its sheet, as a user uploads it). */
async function rapportMedUppfoljning(): Promise<UppfoljningIn> {
  const lund = deps.kommuner.get('lund')!;
  await deps.register.sparaRapport({
    id: RAPPORT,
    kommun: 'lund',
    organ: 'KS',
    slag: 'delarsrapport-augusti',
    period: '2023-08-31',
    titel: 'Delårsrapport per den 31 augusti 2023',
    status: 'PAGAR',
    plan: {
      id: RAPPORT,
      ar: 2023,
      organ: 'KS',
      slag: 'delarsrapport-augusti',
      typ: 'delarsrapport',
      periodslut: '2023-08-31',
    },
  });
  const fixtur = await importeraArk(
    readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, 'lund-ks-2023-augusti.xlsx')),
    lund,
    { organ: 'KS', ar: 2023 },
  );
  if ('fel' in fixtur) throw new Error(JSON.stringify(fixtur.fel));
  return somRader(fixtur.ok.objekt, fixtur.ok.varden);
}

async function spara(rader: UppfoljningIn) {
  const lund = deps.kommuner.get('lund')!;
  const rapport = rapportenAv((await deps.register.hamtaRapport(RAPPORT))!);
  expect(
    await sparaRapportensUppfoljning(deps.register, lund, rapport, rader, 'handlaggare-ks', new Date()),
  ).toEqual([]);
}

/** The chef's approval task of the report, as the report process starts it. */
function godkannandeuppgift(extra: Partial<UppgiftSpec> = {}): UppgiftSpec {
  return {
    ...lundUtkastUppgift(deps.kommuner.get('lund')!, 'uppfoljning', '2023-09-29' as IsoDate),
    id: `${RAPPORT}/godkannande-1`,
    typ: 'godkannande',
    titel: 'Godkänn rapporten: Delårsrapport per den 31 augusti 2023',
    process: { id: RAPPORT, titel: 'Delårsrapport per den 31 augusti 2023' },
    tilldelad: 'ekonomidirektor',
    ...extra,
  };
}

/** How many times the workflow read the follow-up gate from the register. */
async function grindlasningar(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => aktivitet(e) === 'uppfoljningsgrind').length;
}

it('refuses the chef’s Godkänn sent to the workflow while the follow-up is incomplete, then accepts it', async () => {
  const rader = await rapportMedUppfoljning();
  const [forsta, ...ovriga] = rader.uppdrag;
  // One uppdrag without its kommentar: saved, but not complete.
  await spara({ ...rader, uppdrag: [{ ...forsta!, kommentar: undefined }, ...ovriga] });
  // A task started before its spec said whether the report has a follow-up is checked too.
  const spec = godkannandeuppgift();
  expect(spec.uppfoljning).toBeUndefined();

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    const fore = await handle.query(uppgiftQuery);

    const nekad = await handle
      .executeUpdate(godkannUpdate, { args: [{ aktor: 'ekonomidirektor' }] })
      .catch((error: unknown) => error);
    expect(validationFelOf(nekad)).toEqual([
      expect.objectContaining({ field: 'uppfoljning', rule: 'uppfoljning_ofullstandig' }),
      expect.objectContaining({
        field: `uppdrag.${forsta!.id}.kommentar`,
        rule: 'uppfoljning_saknas',
        message: expect.stringContaining('Uppdraget saknar kommentar'),
      }),
    ]);
    // Nothing changed: still open, no event.
    const efter = await handle.query(uppgiftQuery);
    expect([efter.status, efter.historik]).toEqual([fore.status, fore.historik]);
    expect(efter.status).toBe('OPPEN');

    await spara(rader);
    const godkand = await handle.executeUpdate(godkannUpdate, { args: [{ aktor: 'ekonomidirektor' }] });
    expect(godkand.status).toBe('GODKAND');
    expect(await handle.result()).toMatchObject({ status: 'GODKAND', aktor: 'ekonomidirektor' });
    expect(await grindlasningar(handle)).toBe(2);
    await recordHistory('uppgift-godkann-med-uppfoljning', handle);
  }, deps.activities);
});

it('approves a report kind without follow-up without reading the register', async () => {
  const rader = await rapportMedUppfoljning();
  await spara({ ...rader, uppdrag: rader.uppdrag.map((u) => ({ ...u, status: undefined })) });
  const spec = godkannandeuppgift({ uppfoljning: false });

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    const godkand = await handle.executeUpdate(godkannUpdate, { args: [{ aktor: 'ekonomidirektor' }] });
    expect(godkand.status).toBe('GODKAND');
    await handle.result();
    expect(await grindlasningar(handle)).toBe(0);
  }, deps.activities);
});
