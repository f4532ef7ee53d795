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
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { arshjulOversikt, sammanfoga, type ArshjulOversikt, type RapportHandelser } from '../domain/arshjul';
import { dateInStockholm, instantInStockholm, type IsoDate } from '../domain/datum';
import { forsenadeVidStart, tillampaStartval, type Startval } from '../domain/arshjulStart';
import type { RapportPlan } from '../domain/planering';
import type { PlaneratSammantrade } from '../domain/sammantrade';
import type { ArshjulActivities, ArshjulMailActivities, ArshjulPlan } from './activities';
import { REGISTERSKRIVNING } from './aktivitetsval';
import { rapportHandelserSignal, rapportStegSignal } from './arshjulSignaler';
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
  /**
   * The kanslichef's choices when the year starts after some of its dates have passed (src/domain/arshjulStart.ts):
   * per report, run it, mark steps done outside Årshjul, or leave it out. Every start through the CLI, pages and
   * API passes it (empty when nothing has passed); years started before it came have none.
   */
  startval?: Startval;
  /** Carried over by continue-as-new; absent on the first run. */
  tillstand?: ArshjulTillstand;
}

export interface ArshjulTillstand {
  plan: ArshjulPlan;
  startade: string[];
  handelser: Record<string, RapportHandelser>;
  /** How many runs came before this one (for the record of how the history was kept small). */
  korningar: number;
  /** The `seq` of the overview's last write to the register (see `skrivOversikten`). */
  oversiktSeq?: number;
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

/**
 * Patch: the årshjul keeps its overview current in the register (`sparaArshjulOversikt`), which the year's page
 * and REST read serve from: after the plan is made (each run), after each report step it hears of, when stopped
 * and when done. Years already running before it go on without (their reads fall back to the query).
 */
const SKRIVER_OVERSIKTEN = 'arshjul-skriver-oversikten';

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

/**
 * Patch (issue 16): the overview is written by a local activity, in the workflow task that changed it — the
 * signal's — instead of an activity the server dispatches, whose completion then costs the year a workflow task
 * of its own: two workflow tasks and an activity's round trips per report step became one workflow task. The
 * write is an idempotent upsert ordered by `seq`, so a repeat is harmless; it is the one the kanslichef's page
 * and a report's next step wait on. Years already running go on with the activity.
 */
const OVERSIKTEN_LOKALT = 'arshjul-skriver-oversikten-lokalt';

/**
 * Patch (issue 16): the year ends once the reports this run started have ended, not on their last step's signal
 * alone. A report signals its last step and ends a moment later; a year that ended in between had its end refused
 * by the server (the report's end had come in meanwhile: an unhandled command) and was then replayed from its
 * first event on the next workflow task — 1.2 s of Lund's year on the time-skipping server — or, ending first,
 * never saw its last report end. Now the last report's end is the event the year ends on. Reports started by an
 * earlier run (before a continue-as-new) end in no history of this run and are not waited for.
 */
const SLUTAR_EFTER_RAPPORTERNA = 'arshjul-slutar-efter-sina-rapporter';
const registerLokalt = proxyLocalActivities<ArshjulActivities>(REGISTERSKRIVNING);

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
  const skriver = patched(SKRIVER_OVERSIKTEN);
  const skriverLokalt = skriver && patched(OVERSIKTEN_LOKALT);

  const state: ArshjulTillstand = (tillstand ??= {
    plan: medStartval(await config.planeraArshjul({ kommun: input.kommun, ar: input.ar }), input.startval),
    startade: [],
    handelser: {},
    korningar: 0,
  });
  const { planer, kontext } = state.plan;
  // A new year whose plan breaks a rule: the kanslichef hears of it at once, while meetings can still be added.
  // (Of a year started mid-year, only the reports it runs.)
  const varningar = planer
    .filter((p) => p.startval?.val !== 'utelamna')
    .flatMap((p) => p.varningar.map((varning) => ({ rapport: p.id, varning })));
  if (!input.tillstand && varningar.length > 0 && patched('arshjul-planvarning')) {
    await mail.skickaPlanvarning({
      nyckel: `arshjul/${input.kommun}/${input.ar}:planvarning`,
      kommun: input.kommun,
      ar: input.ar,
      varningar,
    });
  }
  // A year started mid-year: the tasks already late at the start are told in one digest per person.
  const forsenade = input.tillstand || !input.startval ? [] : forsenadeVidStart(planer);
  if (forsenade.length > 0) {
    await mail.skickaStartsammandrag({
      nyckel: `arshjul/${input.kommun}/${input.ar}:startsammandrag`,
      kommun: input.kommun,
      ar: input.ar,
      forsenade,
    });
  }
  const oversikt = () => oversiktAv(data(state), dateInStockholm(Date.now()));

  /**
   * Writes the year's state to the register. Each write's `seq` is higher than the one before: the workflow's
   * clock (epoch ms), or one more than the last when the clock has not moved — carried over continue-as-new,
   * and above the stopped year's last write when the year is started again.
   */
  const skrivOversikten = (status: 'PAGAR' | 'KLAR' | 'STOPPAD') => {
    state.oversiktSeq = Math.max((state.oversiktSeq ?? 0) + 1, Date.now());
    return (skriverLokalt ? registerLokalt : register).sparaArshjulOversikt({
      kommun: input.kommun,
      ar: input.ar,
      seq: state.oversiktSeq,
      status,
      data: data(state),
    });
  };
  /** Changes the overview shows since the last write began; one write covers every change before it. */
  let andringar = 0;
  let skrivenTill = -1;
  let slut = false;
  if (skriver) {
    // Beside the year's loop: writes the state whenever it has changed (signals arriving during a write are
    // covered by the next one), until the year ends and writes its last state itself.
    void CancellationScope.nonCancellable(async () => {
      while (!slut) {
        await condition(() => slut || andringar !== skrivenTill);
        if (slut) break;
        skrivenTill = andringar;
        await skrivOversikten('PAGAR');
      }
    }).catch((error: unknown) =>
      // A write the register refuses for good (a data error is not retried) must not stop the year: its page
      // then shows the last state written, and the log says why.
      log.warn('The årshjul stopped keeping its overview in the register', { error: String(error) }),
    );
  }

  setHandler(rapportStegSignal, ({ rapportId, steg, diarienummer, ...handelse }) => {
    state.handelser[rapportId] = sammanfoga(state.handelser[rapportId], {
      steg: { [steg]: handelse },
      ...(diarienummer ? { diarienummer } : {}),
    });
    andringar++;
  });
  setHandler(rapportHandelserSignal, ({ rapportId, handelser }) => {
    state.handelser[rapportId] = sammanfoga(state.handelser[rapportId], handelser);
    andringar++;
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
    andringar++;
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
  const starter: Start[] = [
    ...planer
      .filter((plan) => plan.steg.length > 0 && korsIArshjul(plan))
      .map((plan) => ({
        id: plan.id,
        at: instantInStockholm(plan.start, klockan),
        ...(plan.startarEfter ? { startarEfter: plan.startarEfter } : {}),
        starta: () => startaRapport(plan),
      })),
    ...(input.startaSammantraden === false ? [] : (state.plan.sammantraden ?? [])).map((m) => ({
      id: `sammantrade/${input.kommun}/${m.organ}/${m.datum}`,
      at: instantInStockholm(m.start, klockan),
      starta: () => startaSammantrade(m),
    })),
  ].sort((a, b) => a.at - b.at); // stable: reports keep their planned order
  /**
   * A verksamhetsplan starts when the EVP's fullmäktige beslut is taken (it is written on its ramar): at once
   * then, whatever its planned day. When Årshjul does not run that EVP, the planned day holds.
   */
  const lage = (s: Start): 'VANTAR' | 'NU' | 'PLANERAT' => {
    if (!s.startarEfter) return 'PLANERAT';
    const evp = planer.find((p) => p.id === s.startarEfter!.rapportId);
    if (!evp || !korsIArshjul(evp) || evp.startval?.klara?.includes(s.startarEfter.steg)) return 'PLANERAT';
    return state.handelser[evp.id]?.steg[s.startarEfter.steg]?.status === 'KLAR' ? 'NU' : 'VANTAR';
  };
  const redo = (s: Start) => lage(s) !== 'VANTAR';
  /** Reports this run started that have not ended (SLUTAR_EFTER_RAPPORTERNA). */
  const pagaendeRapporter = new Set<string>();
  try {
    for (;;) {
      const kvar = starter.filter((s) => !state.startade.includes(s.id));
      if (kvar.length === 0) break;
      const nasta = kvar.find(redo);
      if (!nasta) {
        await waitUntil(undefined, () => kvar.some(redo));
        continue;
      }
      // Those before it in the plan that wait for a beslut go first the moment it is taken.
      const fore = kvar.slice(0, kvar.indexOf(nasta));
      await waitUntil(
        lage(nasta) === 'NU' ? undefined : nasta.at,
        () => lage(nasta) === 'NU' || fore.some(redo),
      );
      if (fore.some(redo)) continue;
      await nasta.starta();
      state.startade.push(nasta.id);
      await keepHistorySmall();
    }

    // Every process started: the year is done when each has finished its last step.
    const allDone = () =>
      oversikt().rapporter.every(
        (r) => r.status === 'KLAR' || r.status === 'UTELAMNAD' || r.steg.length === 0,
      );
    await waitUntil(undefined, allDone);
    if (patched(SLUTAR_EFTER_RAPPORTERNA)) await condition(() => pagaendeRapporter.size === 0);
  } catch (error) {
    // Before this patch, stopping the year (cancelling the årshjul) left its reports and their tasks running.
    // Asked here, when it is stopped, so a year already running when the patch came takes the new path too.
    if (!isCancellation(error) || !patched('arshjul-stop-cancels-its-reports')) throw error;
    // The year is stopped: so is every report still running (each cancels its open task, which records it).
    // The meetings go on: a meeting held, its protocol and its appeal period are not the year's to undo.
    await CancellationScope.nonCancellable(() => stoppaRapporter());
    upsertSearchAttributes([{ key: STATUS, value: 'STOPPAD' }]);
    slut = true;
    if (skriver) await CancellationScope.nonCancellable(() => skrivOversikten('STOPPAD'));
    throw error;
  }

  upsertSearchAttributes([{ key: STATUS, value: 'KLAR' }]);
  await condition(allHandlersFinished);
  slut = true;
  if (skriver) await skrivOversikten('KLAR');
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
    await startaUtanforStoppet(EACH_STARTED_REPORT_CANCELLED_ONCE, async () => {
      // It tells the årshjul of the steps the year acts on, and of its end; the year's page reads the rest from
      // the register.
      const meddela = [
        ...new Set(
          planer.flatMap((p) => (p.startarEfter?.rapportId === plan.id ? [p.startarEfter.steg] : [])),
        ),
      ];
      const rapport = await startChild(rapportprocess, {
        args: [{ plan, kontext, meddela }],
        workflowId: `rapport/${plan.id}`,
        // A report outlives the run that started it: continue-as-new must not end it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      // Its end, however it ends (no command: the run hears of it by the child's completion event).
      pagaendeRapporter.add(rapport.workflowId);
      void rapport
        .result()
        .catch(() => undefined)
        .then(() => pagaendeRapporter.delete(rapport.workflowId));
    });
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

/** A process the årshjul starts: a report on its planned day (or the EVP's beslut), a meeting before its list closes. */
interface Start {
  id: string;
  at: number;
  startarEfter?: RapportPlan['startarEfter'];
  starta: () => Promise<void>;
}

/** Whether Årshjul runs the report: not left out, and not done outside it to the last step. */
function korsIArshjul(plan: RapportPlan): boolean {
  return plan.startval?.val !== 'utelamna' && (plan.startval?.klara?.length ?? 0) < plan.steg.length;
}

/** The year's plan with the kanslichef's choices applied, when the year was started with them. */
function medStartval(plan: ArshjulPlan, startval: Startval | undefined): ArshjulPlan {
  if (!startval) return plan;
  return { ...plan, planer: tillampaStartval(plan.planer, startval, dateInStockholm(Date.now())) };
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
