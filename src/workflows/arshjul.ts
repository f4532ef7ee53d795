/**
 * A kommun's year (annualCycle): plan every report backwards from the sammanträdesplan, start each report
 * process on its start date, and answer for the whole year — every stage, its dates, owner and status. It runs
 * for a year, so it continues as new whenever its history grows, carrying its state along.
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { arshjulOversikt, sammanfoga, type ArshjulOversikt, type RapportHandelser } from '../domain/arshjul';
import { dateInStockholm, instantInStockholm, type IsoDate } from '../domain/datum';
import type { RapportPlan } from '../domain/planering';
import type { PlaneratSammantrade } from '../domain/sammantrade';
import type { ArshjulActivities, ArshjulMailActivities, ArshjulPlan } from './activities';
import { rapportStegSignal } from './arshjulSignaler';
import { rapportprocess } from './rapportprocess';
import { sammantrade } from './sammantrade';
import { KOMMUN, STATUS } from './searchAttributes';

export interface ArshjulInput {
  kommun: string;
  ar: number;
  /** Continue-as-new beyond this many history events (Temporal's own suggestion also counts). */
  maxHistorik?: number;
  /** Start the workflow of every meeting in the year's sammanträdesplan (default true). */
  startaSammantraden?: boolean;
  /** Carried over by continue-as-new; absent on the first run. */
  tillstand?: ArshjulTillstand;
}

export interface ArshjulTillstand {
  plan: ArshjulPlan;
  startade: string[];
  handelser: Record<string, RapportHandelser>;
  /** How many runs came before this one (for the record of how the history was kept small). */
  korningar: number;
}

/** What the årshjul knows: its plan and every step event so far (the register has the same, permanently). */
export interface ArshjulData {
  kommun: string;
  ar: number;
  planer: RapportPlan[];
  handelser: Record<string, RapportHandelser>;
  /** This run's number: the årshjul continues as new to keep its history small. */
  korning: number;
}

/**
 * The whole year's data. The caller builds the view for its own today (`arshjulOversikt`): a query runs on the
 * workflow's clock as of its last event, which stands still while the årshjul waits for its next start date.
 */
export const arshjulQuery = defineQuery<ArshjulData>('arshjul');

/** The year as the kanslichef sees it on `idag`: every stage, its dates, owner and status, late ones marked. */
export function oversiktAv(data: ArshjulData, idag: IsoDate): ArshjulOversikt & { korning: number } {
  return {
    ...arshjulOversikt(data.kommun, data.ar, data.planer, data.handelser, idag),
    korning: data.korning,
  };
}

const config = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const DEFAULT_MAX_HISTORIK = 2000;

/** Patch: a stop cancels each report it started exactly once (see `startaRapport` and `stoppaRapporter`). */
const EACH_STARTED_REPORT_CANCELLED_ONCE = 'arshjul-stop-cancels-each-started-report-once';

const mail = proxyActivities<ArshjulMailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const register = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export function arshjulWorkflowId(kommun: string, ar: number): string {
  return `arshjul/${kommun}/${ar}`;
}

export async function arshjul(input: ArshjulInput): Promise<ArshjulOversikt> {
  // Answer queries from the first moment, also while the plan is being made.
  let tillstand = input.tillstand;
  const data = (t: ArshjulTillstand | undefined): ArshjulData => ({
    kommun: input.kommun,
    ar: input.ar,
    planer: t?.plan.planer ?? [],
    handelser: t?.handelser ?? {},
    korning: (t?.korningar ?? 0) + 1,
  });
  setHandler(arshjulQuery, () => data(tillstand));

  const state: ArshjulTillstand = (tillstand ??= {
    plan: await config.planeraArshjul({ kommun: input.kommun, ar: input.ar }),
    startade: [],
    handelser: {},
    korningar: 0,
  });
  const { planer, kontext } = state.plan;
  // A new year whose plan breaks a rule: the kanslichef hears of it at once, while meetings can still be added.
  const varningar = planer.flatMap((p) => p.varningar.map((varning) => ({ rapport: p.id, varning })));
  if (!input.tillstand && varningar.length > 0 && patched('arshjul-planvarning')) {
    await mail.skickaPlanvarning({
      nyckel: `arshjul/${input.kommun}/${input.ar}:planvarning`,
      kommun: input.kommun,
      ar: input.ar,
      varningar,
    });
  }
  const oversikt = () => oversiktAv(data(state), dateInStockholm(Date.now()));

  setHandler(rapportStegSignal, ({ rapportId, steg, diarienummer, ...handelse }) => {
    state.handelser[rapportId] = sammanfoga(state.handelser[rapportId], {
      steg: { [steg]: handelse },
      ...(diarienummer ? { diarienummer } : {}),
    });
  });
  upsertSearchAttributes([
    { key: KOMMUN, value: input.kommun },
    { key: STATUS, value: 'PAGAR' },
  ]);

  const historyFull = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > (input.maxHistorik ?? DEFAULT_MAX_HISTORIK);
  const keepHistorySmall = async () => {
    if (!historyFull()) return;
    await condition(allHandlersFinished);
    await continueAsNew<typeof arshjul>({
      ...input,
      tillstand: { ...state, korningar: state.korningar + 1 },
    });
  };

  /**
   * The signals are the fast path; the register is the record. When a new run begins, the årshjul reads the
   * steps of its unfinished reports from the register, so a status signal that raced the continue-as-new (the
   * Java test server can drop one; the real server redelivers) never leaves the year's view behind.
   */
  const reconcile = async () => {
    const unfinished = oversikt()
      .rapporter.filter((r) => r.status !== 'KLAR' && state.startade.includes(r.id))
      .map((r) => r.id);
    if (unfinished.length === 0) return;
    const recorded = await register.lasRapportstatus({ rapportIds: unfinished });
    for (const [id, handelser] of Object.entries(recorded)) {
      state.handelser[id] = sammanfoga(state.handelser[id], handelser);
    }
  };
  /** Waits until `at` (or, without it, until `done`), continuing as new whenever the history is full. */
  const waitUntil = async (at: number | undefined, done: () => boolean = () => false) => {
    while (!done() && (at === undefined || Date.now() < at)) {
      if (at === undefined) await condition(() => done() || historyFull());
      else await condition(() => done() || historyFull(), at - Date.now());
      await keepHistorySmall();
    }
  };
  if (input.tillstand) await reconcile();

  // Start each report process, and each meeting of the sammanträdesplan, on its start date in the morning. Plans
  // made before the årshjul started meetings have none: their loop is the reports' alone, as it was.
  const klockan = kontext.regler.utskickKlockan;
  const starter = [
    ...planer
      .filter((plan) => plan.steg.length > 0)
      .map((plan) => ({
        id: plan.id,
        at: instantInStockholm(plan.start, klockan),
        starta: () => startaRapport(plan),
      })),
    ...(input.startaSammantraden === false ? [] : (state.plan.sammantraden ?? [])).map((m) => ({
      id: `sammantrade/${input.kommun}/${m.organ}/${m.datum}`,
      at: instantInStockholm(m.start, klockan),
      starta: () => startaSammantrade(m),
    })),
  ].sort((a, b) => a.at - b.at); // stable: reports keep their planned order
  try {
    for (const start of starter) {
      if (state.startade.includes(start.id)) continue;
      await waitUntil(start.at);
      await start.starta();
      state.startade.push(start.id);
      await keepHistorySmall();
    }

    // Every process started: the year is done when each has finished its last step.
    const allDone = () => oversikt().rapporter.every((r) => r.status === 'KLAR' || r.steg.length === 0);
    await waitUntil(undefined, allDone);
  } catch (error) {
    // Before this patch, stopping the year (cancelling the årshjul) left its reports and their tasks running.
    // Asked here, when it is stopped, so a year already running when the patch came takes the new path too.
    if (!isCancellation(error) || !patched('arshjul-stop-cancels-its-reports')) throw error;
    // The year is stopped: so is every report still running (each cancels its open task, which records it).
    // The meetings go on: a meeting held, its protocol and its appeal period are not the year's to undo.
    await CancellationScope.nonCancellable(() => stoppaRapporter());
    upsertSearchAttributes([{ key: STATUS, value: 'STOPPAD' }]);
    throw error;
  }

  upsertSearchAttributes([{ key: STATUS, value: 'KLAR' }]);
  await condition(allHandlersFinished);
  return oversikt();

  async function stoppaRapporter() {
    // Before this patch, the stop also asked reports never started to cancel (the real server answers those
    // not found; the Java test server never answers, so the year never ended there). Now it asks each report
    // started and not done; a start under way when the stop came is not cancellable, so it is among them.
    const onlyStarted = patched(EACH_STARTED_REPORT_CANCELLED_ONCE);
    const pagaende = oversikt()
      .rapporter.filter(
        (r) => r.status !== 'KLAR' && r.steg.length > 0 && (!onlyStarted || state.startade.includes(r.id)),
      )
      .map((r) => r.id);
    await Promise.all(
      pagaende.map((id) =>
        getExternalWorkflowHandle(`rapport/${id}`)
          .cancel()
          .catch(() => {
            // Ended meanwhile: nothing left to stop.
          }),
      ),
    );
  }

  async function startaRapport(plan: RapportPlan) {
    // Before this patch, a report started in the current run was cancelled twice when the year was stopped: by
    // the SDK with the årshjul's scope, and by `stoppaRapporter`. Now it is started outside the årshjul's
    // cancellation, so `stoppaRapporter` is the one way a stop reaches it, whichever run started it. (A report
    // started on the old path in the current run is still asked twice; the server takes that.)
    await startaUtanforStoppet(EACH_STARTED_REPORT_CANCELLED_ONCE, () =>
      startChild(rapportprocess, {
        args: [{ plan, kontext }],
        workflowId: `rapport/${plan.id}`,
        // A report outlives the run that started it: continue-as-new must not end it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    );
  }

  /** A meeting's workflow, from the day its föredragningslista opens; a meeting already held is left alone. */
  async function startaSammantrade(m: PlaneratSammantrade) {
    if (m.datum < dateInStockholm(Date.now())) return;
    const fakta = await config.motesfakta({ kommun: input.kommun, organ: m.organ, datum: m.datum });
    // Before this patch, a meeting started in the current run was cancelled with the årshjul when the year was
    // stopped. A meeting is not the year's to undo: it is started outside the årshjul's cancellation.
    await startaUtanforStoppet('arshjul-meetings-outlive-a-stop', () =>
      startChild(sammantrade, {
        args: [fakta],
        workflowId: `sammantrade/${input.kommun}/${m.organ}/${m.datum}`,
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    );
  }
}

/**
 * Starts a child of the årshjul once: outside the årshjul's cancellation when `patch` holds (before it, in the
 * årshjul's scope, as histories from then replay); a child already started is left as it is.
 */
async function startaUtanforStoppet(patch: string, start: () => Promise<unknown>): Promise<void> {
  try {
    if (patched(patch)) await CancellationScope.nonCancellable(start);
    else await start();
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
