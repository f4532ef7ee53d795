/**
 * One report through the cycle: the handläggare writes it → the chef approves it (or returns it with a comment,
 * and the handläggare revises it) → it is registered (diarienummer) on the inlämningsdag → prepared (beredning)
 * at the arbetsutskott's meeting → decided by the nämnd or KS → handed to KF and the revisorer where the kind
 * requires. Each step is a human task (src/workflows/uppgift.ts); the plan comes from src/domain/planering.ts.
 */
import {
  defineQuery,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { dateInStockholm, yearOf } from '../domain/datum';
import { revisionsfrister, type RapportPlan, type StegNamn } from '../domain/planering';
import { uppgiftForSteg, type Kontext } from '../domain/rapportprocess';
import type { UppgiftUtfall } from '../domain/uppgift';
import type { ArshjulActivities } from './activities';
import { rapportStegSignal, type StegStatus } from './arshjulSignaler';
import { KOMMUN, ORGAN, STATUS } from './searchAttributes';
import { uppgift } from './uppgift';

export interface RapportprocessInput {
  plan: RapportPlan;
  kontext: Kontext;
}

export interface RapportprocessStatus {
  plan: RapportPlan;
  steg: Record<string, StegStatus>;
  diarienummer?: string;
  varv: number;
}

export const rapportprocessQuery = defineQuery<RapportprocessStatus>('rapportprocess');

const register = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Days a returned report gets for its revision, at least. */
const REVISION_DAGAR = 2;

export async function rapportprocess({ plan, kontext }: RapportprocessInput): Promise<RapportprocessStatus> {
  const status: RapportprocessStatus = { plan, steg: {}, varv: 1 };
  setHandler(rapportprocessQuery, () => status);
  upsertSearchAttributes([
    { key: KOMMUN, value: plan.kommun },
    { key: ORGAN, value: plan.organ },
  ]);
  const save = (state: string) =>
    register.sparaRapport({
      id: plan.id,
      kommun: plan.kommun,
      organ: plan.organ,
      slag: plan.slag,
      period: plan.periodslut,
      titel: plan.titel,
      status: state,
      ...(status.diarienummer ? { diarienummer: status.diarienummer } : {}),
      plan,
    });
  await save('PAGAR');

  // Draft and approval, until the chef approves.
  let retur: { kommentar: string; av: string } | undefined;
  for (;;) {
    const frister =
      status.varv === 1 ? undefined : revisionsfrister(plan, dateInStockholm(Date.now()), REVISION_DAGAR);
    await step('utkast', { forfaller: frister?.utkast, retur });
    const beslut = await step('godkannande', { forfaller: frister?.godkannande });
    if (beslut.status === 'GODKAND') break;
    retur = { kommentar: beslut.kommentar ?? '', av: beslut.aktor ?? '' };
    status.varv++;
  }

  // Registration on the inlämningsdag: the ärende gets its diarienummer, without gaps, once.
  const arende = await register.registreraArende({
    nyckel: `rapport:${plan.id}`,
    kommun: plan.kommun,
    organ: plan.organ,
    ar: yearOf(dateInStockholm(Date.now())),
    rubrik: plan.titel,
    registreradAv: plan.steg.find((s) => s.steg === 'registrering')?.ansvarig ?? 'arshjul',
    tid: Date.now(),
  });
  status.diarienummer = arende.diarienummer;
  await report('registrering', {
    status: 'KLAR',
    ansvarig: plan.steg.find((s) => s.steg === 'registrering')?.ansvarig,
    tid: Date.now(),
  });
  await save('REGISTRERAD');

  if (plan.beredning) await step('beredning');
  await step('beslut');
  if (plan.steg.some((s) => s.steg === 'overlamning')) await step('overlamning');

  await save('KLAR');
  upsertSearchAttributes([{ key: STATUS, value: 'KLAR' }]);
  return status;

  /** Runs one step's task to its end, telling the årshjul as it starts and ends. */
  async function step(
    steg: Exclude<StegNamn, 'registrering'>,
    options: { forfaller?: string; retur?: { kommentar: string; av: string } } = {},
  ): Promise<UppgiftUtfall> {
    const spec = uppgiftForSteg(kontext, plan, steg, {
      varv: steg === 'utkast' || steg === 'godkannande' ? status.varv : 1,
      ...(options.forfaller ? { forfaller: options.forfaller as never } : {}),
      ...(options.retur ? { retur: options.retur } : {}),
    });
    upsertSearchAttributes([{ key: STATUS, value: steg.toUpperCase() }]);
    await report(steg, {
      status: 'PAGAR',
      ansvarig: spec.tilldelad,
      uppgiftId: spec.id,
      forfaller: spec.forfaller,
      tid: Date.now(),
    });
    const utfall = await executeChild(uppgift, {
      args: [spec],
      workflowId: `uppgift/${spec.id}`,
      // Cancelling a report cancels its open task, which records that it was cancelled.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    });
    await report(steg, {
      status: utfall.status === 'RETURNERAD' ? 'RETURNERAD' : 'KLAR',
      ansvarig: spec.tilldelad,
      uppgiftId: spec.id,
      forfaller: spec.forfaller,
      tid: utfall.tid,
      ...(utfall.aktor ? { utfordAv: utfall.aktor } : {}),
    });
    return utfall;
  }

  /** Keeps the query current and tells the årshjul that started this process, if any. */
  async function report(steg: StegNamn, stegStatus: StegStatus) {
    status.steg[steg] = stegStatus;
    const parent = workflowInfo().parent;
    if (!parent) return;
    try {
      // By workflow id only: the årshjul may have continued as new since it started this process.
      await getExternalWorkflowHandle(parent.workflowId).signal(rapportStegSignal, {
        rapportId: plan.id,
        steg,
        ...stegStatus,
        ...(status.diarienummer ? { diarienummer: status.diarienummer } : {}),
      });
    } catch {
      // The årshjul has ended (its year is over or it was stopped): the register still has the truth.
    }
  }
}
