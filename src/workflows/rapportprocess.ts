/**
 * One report through the cycle: the handläggare writes it → the chef approves it (or returns it with a comment,
 * and the handläggare revises it) → it is registered (diarienummer) on the inlämningsdag → prepared (beredning)
 * at the arbetsutskott's meeting → decided by the nämnd or KS → handed to KF and the revisorer where the kind
 * requires. Each step is a human task (src/workflows/uppgift.ts); the plan comes from src/domain/planering.ts.
 */
import {
  CancellationScope,
  condition,
  defineQuery,
  isCancellation,
  defineSignal,
  executeChild,
  patched,
  sleep,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { addDays, dateInStockholm, instantInStockholm, yearOf } from '../domain/datum';
import {
  revisionsfrister,
  stegNyckel,
  type RapportPlan,
  type StegNamn,
  type StegNyckel,
} from '../domain/planering';
import { uppgiftForSteg, type Kontext } from '../domain/rapportprocess';
import type { UppgiftUtfall } from '../domain/uppgift';
import { REGISTERSKRIVNING } from './aktivitetsval';
import type { ArshjulActivities, ArshjulMailActivities, RapportHandling, UnderlagInne } from './activities';
import { rapportHandelserSignal, rapportStegSignal, type StegStatus } from './arshjulSignaler';
import { KOMMUN, ORGAN, STATUS, uppgiftensSokattribut } from './searchAttributes';
import { uppgift } from './uppgift';

export interface RapportprocessInput {
  plan: RapportPlan;
  kontext: Kontext;
  /**
   * The steps whose end the årshjul that starts the report acts on (a verksamhetsplan starts when the EVP's
   * fullmäktige step is done): the report tells it of these, and of its end (`ARSHJULET_HOR_DET_DET_VANTAR_PA`).
   * Absent (a report started before it came, or alone): every step, as before.
   */
  meddela?: StegNyckel[];
}

export interface RapportprocessStatus {
  plan: RapportPlan;
  steg: Record<string, StegStatus>;
  diarienummer?: string;
  varv: number;
  /** The versions of the ärende's documents the last approval bound. */
  godkanda?: { id: string; sha256: string }[];
}

export const rapportprocessQuery = defineQuery<RapportprocessStatus>('rapportprocess');

/**
 * A new version of one of the ärende's documents was uploaded (src/arkiv/): after the chef's approval it reopens
 * the approval, with the reason "ny version".
 */
export const nyDokumentversionSignal =
  defineSignal<[{ dokumentId: string; sha256: string; av: string }]>('nyDokumentversion');

/** Patch: an approval binds the versions of the ärende's documents, and a new version reopens it. */
const BINDER_DOKUMENT = 'rapport-binds-approved-documents';

/**
 * Patch (issue 15): each write of the report's row carries a number that only grows (`seq`), so an older write
 * retried after a newer one never overwrites it. Asked once, at the start: a report already running goes on
 * writing without (its writes are applied as before).
 */
const NUMRERADE_SKRIVNINGAR = 'rapport-numbered-writes';

/**
 * Patch (issue 15): a cancelled report (its year stopped, or it alone) writes its row as AVBRUTEN before it
 * ends, so the register no longer shows it under way. Asked when the cancellation comes, so a report already
 * running takes it too.
 */
const AVBRUTEN_SKRIVS = 'rapport-cancelled-writes-avbruten';

/**
 * Patch (issue 16): the report's register reads and writes — its row, its ärende's registration, the binding of an
 * approval to its documents, the nämnder's reports it waits for — run as local activities in the workflow task
 * that needs them, not as activities the server dispatches, each then costing a workflow task of its own for its
 * completion. Each is idempotent (an upsert ordered by `seq`, a registration keyed by the report, a read), so a
 * repeat is harmless. Reports already running go on with activities.
 */
const REGISTRET_LOKALT = 'rapport-registret-lokalt';

/**
 * Patch (issue 16): a step's news to the årshjul (started, ended) no longer holds the report until the årshjul
 * has it. Before, each signal was awaited, so a step's end and the next step's start each cost a workflow task
 * for the signal's acknowledgement before the report could go on: now the end of one step, the start of the next
 * and its task's start leave in one workflow task. A signal still on its way when the report ends is waited for
 * then; one the årshjul cannot take (it has ended) is dropped as before — the register has the truth.
 */
const SIGNALERAR_UTAN_ATT_VANTA = 'rapport-signalerar-utan-att-vanta';
/**
 * Patch (issue 16): the report tells its årshjul only what the årshjul acts on — the end of each step named in
 * `meddela` (the EVP's fullmäktige, which the verksamhetsplaner start on) — and, when it ends, all its steps at once
 * (`rapportHandelserSignal`), which the year's end waits for. Before, every step's start and end was a signal: 125
 * in Lund's year, each a workflow task of the årshjul's (and its register write) and one of the report's for the
 * signal's acknowledgement, about a third of the year's workflow tasks. The year's page no longer needs them: it
 * reads each step from the register, where the step's task workflow writes it (src/api/arshjulAret.ts
 * `medRapporternasSteg`). Asked once, at the start: a report already running goes on telling every step.
 */
const ARSHJULET_HOR_DET_DET_VANTAR_PA = 'rapport-arshjulet-hor-det-det-vantar-pa';
const registerAktivitet = proxyActivities<ArshjulActivities>(REGISTERSKRIVNING);
const registerLokalt = proxyLocalActivities<ArshjulActivities>(REGISTERSKRIVNING);

const mail = proxyActivities<ArshjulMailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Days a returned report gets for its revision, at least. */
const REVISION_DAGAR = 2;

export async function rapportprocess({
  plan,
  kontext,
  meddela,
}: RapportprocessInput): Promise<RapportprocessStatus> {
  const status: RapportprocessStatus = { plan, steg: {}, varv: 1 };
  setHandler(rapportprocessQuery, () => status);
  upsertSearchAttributes([
    { key: KOMMUN, value: plan.kommun },
    { key: ORGAN, value: plan.organ },
  ]);
  const numrerade = patched(NUMRERADE_SKRIVNINGAR);
  const register = patched(REGISTRET_LOKALT) ? registerLokalt : registerAktivitet;
  const utanAttVanta = patched(SIGNALERAR_UTAN_ATT_VANTA);
  /** The steps the årshjul hears of, one by one; all of them before ARSHJULET_HOR_DET_DET_VANTAR_PA. */
  const hor = meddela && patched(ARSHJULET_HOR_DET_DET_VANTAR_PA) ? new Set(meddela) : undefined;
  /** Signals to the årshjul still on their way (since SIGNALERAR_UTAN_ATT_VANTA). */
  const paVag = new Set<Promise<void>>();
  let seq = 0;
  /** The workflow's clock (epoch ms), or one more than the last when the clock has not moved. */
  const nastaSeq = () => (seq = Math.max(seq + 1, Date.now()));
  const save = (state: string, handlingar?: RapportHandling[]) =>
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
      ...(handlingar ? { handlingar } : {}),
      ...(numrerade ? { seq: nastaSeq() } : {}),
    });
  // New versions of the ärende's documents, as they are uploaded; `sedda` of them the last approval has seen.
  const nya: { dokumentId: string; sha256: string; av: string }[] = [];
  let sedda = 0;
  let omprovas = false;
  let beslutetFattat = false;
  setHandler(nyDokumentversionSignal, (v) => {
    nya.push(v);
  });
  try {
    await save('PAGAR');
    // Steps the kanslichef marked as done outside Årshjul when the year started mid-year (plans of new starts only).
    const klara = new Set(plan.startval?.klara ?? []);
    const kvar = (steg: StegNamn) => plan.steg.some((s) => s.steg === steg) && !klara.has(steg);

    // The EVP: each nämnd hands in its budgetunderlag, all at once.
    const budgetunderlag = plan.steg.filter((s) => s.steg === 'budgetunderlag' && !klara.has(stegNyckel(s)));
    if (budgetunderlag.length > 0) {
      await Promise.all(budgetunderlag.map((s) => step('budgetunderlag', { organ: s.organ })));
    }
    // The styrelse's kommunövergripande report is written on the nämnder's reports: while its draft is written,
    // they are watched (a late nämnd is escalated), and the chef approves only once they are all in.
    const namnderna =
      plan.underlag && plan.underlag.rapporter.length > 0 && kvar('godkannande')
        ? vantaPaNamnderna(plan.underlag)
        : undefined;
    // Awaited before the approval; until then its end (a cancellation of the report) must not go unhandled.
    namnderna?.catch(() => undefined);
    const underlag = plan.underlag?.rapporter.map((r) => ({
      rapportId: r.id,
      organ: r.organ,
      titel: r.titel,
    }));

    // Draft and approval, until the chef approves.
    let retur: { kommentar: string; av: string } | undefined;
    while (status.varv > 1 || kvar('godkannande')) {
      const frister =
        status.varv === 1 ? undefined : revisionsfrister(plan, dateInStockholm(Date.now()), REVISION_DAGAR);
      const utkastet =
        status.varv > 1 || kvar('utkast')
          ? await step('utkast', { forfaller: frister?.utkast, retur, underlag })
          : undefined;
      if (namnderna) await namnderna;
      // The chef reads the handläggare's word on the draft with it, on the task itself.
      const beslut = await step('godkannande', {
        forfaller: frister?.godkannande,
        ...(utkastet?.kommentar
          ? { beskrivning: `Handläggarens kommentar till utkastet: ”${utkastet.kommentar}”` }
          : {}),
      });
      if (beslut.status === 'GODKAND') {
        // Asked when the chef approves, so a report already waiting for its approval when this came takes it too.
        if (patched(BINDER_DOKUMENT)) await binda(beslut);
        break;
      }
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
      processId: plan.id,
    });
    status.diarienummer = arende.diarienummer;
    await report('registrering', {
      status: 'KLAR',
      ansvarig: plan.steg.find((s) => s.steg === 'registrering')?.ansvarig,
      tid: Date.now(),
    });
    await save('REGISTRERAD');

    // A new version uploaded after the approval reopens it, until the organ has decided: the chef approves again
    // (or returns it to the handläggare) while the ärende goes on towards its meetings.
    const omprovningar = status.godkanda ? omprova() : undefined;
    omprovningar?.catch(() => undefined);

    if (plan.beredning && kvar('beredning')) await step('beredning');
    if (!klara.has('beslut')) await step('beslut');
    beslutetFattat = true;
    if (omprovningar) await omprovningar;
    if (kvar('overlamning')) await step('overlamning');
    // The revisorer's bedömning (KL 12 kap. 2 §) or revisionsberättelse joins the ärende before KF takes it up.
    let revisorerna: RapportHandling | undefined;
    if (kvar('revisorer')) {
      const utfall = await step('revisorer');
      revisorerna = {
        titel:
          plan.typ === 'arsredovisning'
            ? `Revisionsberättelse ${plan.ar}`
            : `Revisorernas bedömning av ${plan.titel.charAt(0).toLowerCase()}${plan.titel.slice(1)}`,
        datum: dateInStockholm(utfall.tid),
        ...(utfall.kommentar ? { text: utfall.kommentar } : {}),
      };
      await save('REVISORERNAS_BEDOMNING', [revisorerna]);
    }
    if (kvar('fullmaktige')) await step('fullmaktige', { revisorerna });

    await save('KLAR');
    upsertSearchAttributes([{ key: STATUS, value: 'KLAR' }]);
    if (hor) berattaAllt();
    await Promise.all(paVag);
    return status;
  } catch (error) {
    // Cancelled: the row says so, written whatever the cancellation, then the cancellation goes on as before.
    if (!isCancellation(error) || !patched(AVBRUTEN_SKRIVS)) throw error;
    await CancellationScope.nonCancellable(async () => {
      upsertSearchAttributes([{ key: STATUS, value: 'AVBRUTEN' }]);
      await save('AVBRUTEN');
    });
    throw error;
  }

  /** Binds an approval to the versions the chef saw; a version uploaded since reopens it. */
  async function binda(utfall: UppgiftUtfall) {
    const uppgiftId = uppgiftForSteg(kontext, plan, 'godkannande', { varv: status.varv }).id;
    sedda = nya.length;
    const { bundna, nyare } = await register.bindGodkannande({
      processId: plan.id,
      kommun: plan.kommun,
      uppgiftId,
      godkandAv: utfall.aktor ?? '',
      tid: utfall.tid,
      ...(utfall.dokument ? { dokument: utfall.dokument } : {}),
    });
    status.godkanda = bundna;
    if (nyare) omprovas = true;
  }

  /** Each new version after an approval: the chef approves it again, or returns it for revision. */
  async function omprova() {
    for (;;) {
      await condition(() => beslutetFattat || omprovas || nya.length > sedda);
      if (beslutetFattat && !omprovas && nya.length <= sedda) return;
      const av = nya.at(-1)?.av;
      omprovas = false;
      for (;;) {
        status.varv++;
        const beslut = await step('godkannande', {
          beskrivning:
            'En ny version av ärendets dokument har laddats upp efter godkännandet. Granska den nya versionen och godkänn den, eller returnera den till handläggaren.',
        });
        if (beslut.status === 'GODKAND') {
          await binda(beslut);
          break;
        }
        const frister = revisionsfrister(plan, dateInStockholm(Date.now()), REVISION_DAGAR);
        await step('utkast', {
          forfaller: frister.utkast,
          retur: { kommentar: beslut.kommentar ?? 'Ny version', av: beslut.aktor ?? av ?? 'kanslichef' },
        });
      }
    }
  }

  /**
   * Waits until each nämnd's report is in (decided, or handed in, as the kommun collects them), as the register
   * records it: checked each morning; a nämnd still out after its planned day is escalated to the kanslichef
   * once, before the styrelse's own chain is at risk.
   */
  async function vantaPaNamnderna(u: NonNullable<RapportPlan['underlag']>) {
    const eskalerade = new Set<string>();
    for (;;) {
      const inne = await register.lasUnderlag({ rapportIds: u.rapporter.map((r) => r.id), steg: u.steg });
      const saknas = u.rapporter.filter((r) => !inne.some((i) => i.rapportId === r.id));
      if (saknas.length === 0) return inne;
      const idag = dateInStockholm(Date.now());
      const sena = saknas.filter((r) => r.klart < idag && !eskalerade.has(r.id));
      if (sena.length > 0) {
        await mail.skickaUnderlagSent({
          nyckel: `${plan.id}:underlag-sent:${sena.map((r) => r.organ).join(',')}`,
          kommun: plan.kommun,
          rapport: { id: plan.id, titel: plan.titel, inlamning: plan.inlamning },
          sena: sena.map((r) => ({ id: r.id, organ: r.organ, titel: r.titel, klart: r.klart })),
        });
        sena.forEach((r) => eskalerade.add(r.id));
      }
      await sleep(instantInStockholm(addDays(idag, 1), kontext.regler.utskickKlockan) - Date.now());
    }
  }

  /** Runs one step's task to its end, telling the årshjul as it starts and ends. */
  async function step(
    steg: Exclude<StegNamn, 'registrering'>,
    options: {
      forfaller?: string;
      retur?: { kommentar: string; av: string };
      organ?: string;
      underlag?: UnderlagInne[];
      revisorerna?: RapportHandling;
      beskrivning?: string;
    } = {},
  ): Promise<UppgiftUtfall> {
    const spec = uppgiftForSteg(kontext, plan, steg, {
      varv: steg === 'utkast' || steg === 'godkannande' ? status.varv : 1,
      ...(options.forfaller ? { forfaller: options.forfaller as never } : {}),
      ...(options.retur ? { retur: options.retur } : {}),
      ...(options.organ ? { organ: options.organ } : {}),
      ...(options.underlag
        ? {
            underlag: options.underlag.map((i) => ({
              rapportId: i.rapportId,
              titel: i.titel,
              organ: i.organ,
              ...(i.diarienummer ? { diarienummer: i.diarienummer } : {}),
              ...(i.beslut ? { beslut: i.beslut } : {}),
            })),
          }
        : {}),
      ...(options.revisorerna ? { revisorerna: options.revisorerna } : {}),
      ...(options.beskrivning ? { beskrivning: options.beskrivning } : {}),
    });
    upsertSearchAttributes([{ key: STATUS, value: steg.toUpperCase() }]);
    await report(stegNyckel({ steg, ...(options.organ ? { organ: options.organ } : {}) }), {
      status: 'PAGAR',
      ansvarig: spec.tilldelad,
      uppgiftId: spec.id,
      forfaller: spec.forfaller,
      tid: Date.now(),
    });
    const utfall = await executeChild(uppgift, {
      args: [spec],
      workflowId: `uppgift/${spec.id}`,
      typedSearchAttributes: uppgiftensSokattribut(spec),
      // Cancelling a report cancels its open task, which records that it was cancelled.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    });
    await report(stegNyckel({ steg, ...(options.organ ? { organ: options.organ } : {}) }), {
      status: utfall.status === 'RETURNERAD' ? 'RETURNERAD' : 'KLAR',
      ansvarig: spec.tilldelad,
      uppgiftId: spec.id,
      forfaller: spec.forfaller,
      tid: utfall.tid,
      ...(utfall.aktor ? { utfordAv: utfall.aktor } : {}),
    });
    return utfall;
  }

  /** Keeps the query current and tells the årshjul that started this process, if any, when it hears of the step. */
  async function report(steg: StegNyckel, stegStatus: StegStatus) {
    status.steg[steg] = stegStatus;
    if (hor && !(hor.has(steg) && stegStatus.status === 'KLAR')) return;
    return tell((arshjulet) =>
      arshjulet.signal(rapportStegSignal, {
        rapportId: plan.id,
        steg,
        ...stegStatus,
        ...(status.diarienummer ? { diarienummer: status.diarienummer } : {}),
      }),
    );
  }

  /** Every step so far, at once: the report's end (ARSHJULET_HOR_DET_DET_VANTAR_PA). */
  function berattaAllt() {
    void tell((arshjulet) =>
      arshjulet.signal(rapportHandelserSignal, {
        rapportId: plan.id,
        handelser: {
          steg: { ...status.steg },
          ...(status.diarienummer ? { diarienummer: status.diarienummer } : {}),
        },
      }),
    );
  }

  /** Sends a signal to the årshjul that started this process, if any. */
  function tell(send: (arshjulet: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>) {
    const parent = workflowInfo().parent;
    if (!parent) return;
    // By workflow id only: the årshjul may have continued as new since it started this process.
    const signal = send(getExternalWorkflowHandle(parent.workflowId))
      // The årshjul has ended (its year is over or it was stopped): the register still has the truth.
      .catch(() => undefined);
    if (!utanAttVanta) return signal;
    paVag.add(signal);
    void signal.then(() => paVag.delete(signal));
  }
}
