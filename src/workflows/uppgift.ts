/**
 * One human task, from the day it is assigned until it is done: the assignee is told, reminded before the due
 * date, and the kanslichef (and the assignee's chef) are told once it is overdue, then every week. Commands
 * arrive as Updates whose validators say who may do what (src/domain/uppgift.ts); every transition is written to
 * the register, and every message goes out once (src/domain/paminnelser.ts gives each a key).
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { dateInStockholm, daysBetween } from '../domain/datum';
import { ESKALERINGSHORISONT_DAGAR, nastaUtskick, type Utskick } from '../domain/paminnelser';
import {
  andraForfallodagSchema,
  ansvariga,
  avbryt,
  baraPlaneradeUtskick,
  delegeraSchema,
  godkannSchema,
  kommandoFel,
  medUtskick,
  nyUppgift,
  paminnSchema,
  returneraSchema,
  slutforSchema,
  tilldelaOmSchema,
  tillampa,
  uppgiftSpecSchema,
  utfallAv,
  type Handelse,
  type Kommando,
  type UppgiftSpec,
  type UppgiftState,
  type UppgiftUtfall,
} from '../domain/uppgift';
import { angraOsparat, angratText, utanSparfel } from '../domain/sparfel';
import type { z } from '../domain/validering';
import { REGISTERSKRIVNING } from './aktivitetsval';
import type { ArshjulActivities, MeddelandeSlag, Uppgiftsmeddelande } from './activities';
import { parseKommando, parsePayload, registerDatafel, rejectIfAny } from './fel';
import { harUppgiftensSokattribut, KOMMUN, ORGAN, STATUS } from './searchAttributes';

export const uppgiftQuery = defineQuery<UppgiftState>('uppgift');
export const slutforUpdate = defineUpdate<UppgiftState, [z.input<typeof slutforSchema>]>('slutfor');
export const godkannUpdate = defineUpdate<UppgiftState, [z.input<typeof godkannSchema>]>('godkann');
export const returneraUpdate = defineUpdate<UppgiftState, [z.input<typeof returneraSchema>]>('returnera');
export const delegeraUpdate = defineUpdate<UppgiftState, [z.input<typeof delegeraSchema>]>('delegera');
export const tilldelaOmUpdate = defineUpdate<UppgiftState, [z.input<typeof tilldelaOmSchema>]>('tilldelaOm');
/**
 * The process the task belongs to ends it on the assignee's behalf — e.g. the protocol task ends when the
 * sekreterare sends the protocol for justering on the sammanträde. Applied like `slutfor` by `aktor` while the
 * task is open (the process has already checked that `aktor` may do what ends it); ignored once it is not.
 */
export const avslutaAvProcessenSignal =
  defineSignal<[{ aktor: string; kommentar?: string }]>('avslutaAvProcessen');
export const andraForfallodagUpdate = defineUpdate<UppgiftState, [z.input<typeof andraForfallodagSchema>]>(
  'andraForfallodag',
);
/** The kanslichef reminds the assignee (and delegates) now: a mail at once, recorded as a PAMINNELSE by them. */
export const paminnUpdate = defineUpdate<UppgiftState, [z.input<typeof paminnSchema>]>('paminn');

const register = proxyActivities<ArshjulActivities>(REGISTERSKRIVNING);
// An SMTP outage can last: keep trying, with backoff up to ten minutes, until the message is out.
const mail = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

// Mail beside the loop (patch SAVES_FIRST): retried through an outage, but given up after a day — a message
// about a task is stale by then — and never holding the task's state.
const mailBredvid = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Before this patch, the loop mailed before it stored, so during an SMTP outage a command (an approval, a
 * reassignment) was neither stored nor passed to the process until the mail server was back. Now every state is
 * stored first and its mail goes beside the loop, cancelled once what it announces is superseded.
 */
const SAVES_FIRST = 'uppgift-saves-first-and-mails-beside-the-loop';
/** Escalation stops at its horizon after the due date, with one last notice to the kanslichef (issue 16). */
const HORISONT = 'uppgift-escalation-stops-at-its-horizon';

/**
 * Version 2 of the task workflow, one marker for all of it (each `patched()` costs a marker and a search
 * attribute upsert in every history). A task started since holds every patch above as taken without asking, and
 * its loop stores each state with its news in one local activity (`sparaUppgiftOchMeddela`: saved first, then
 * mailed; what could not go out goes beside the loop with retries), keeps one timer per planned message rather
 * than one per wait, and stops escalating at its horizon. Histories without it replay the way they were made.
 */
const V2 = 'uppgift-v2-one-marker-local-saves-with-their-news';

/**
 * Version 3 (issue 16), V2 and one change, again under one marker: a command's answer no longer waits for the
 * register. Under V2 each state a command made was stored by a local activity in the workflow task whose
 * completion carries the Update's answer, so every command waited for the worker to run the write and come back
 * (twice the bare Update's latency, `npm run bench -- --only command`). Now the first state is still stored
 * locally, within the start's own workflow task, and every later one by an ordinary activity the command's
 * workflow task schedules: the answer leaves as soon as the command is in the history — durable — and the register
 * follows a moment later. The search attribute `ArshjulStatus`, which nothing reads for a task and which said
 * OPPEN of a closed run until its last upsert, is no longer kept: a task's status is the register's, and whether its
 * run is open is the run's own execution status.
 */
const V3 = 'uppgift-v3-answers-before-it-stores';

/**
 * Version 4 (issue 16), V3 and one change, under one marker: under V3 every state after the first was stored by an
 * ordinary activity, so that a command's answer never waits for the register. A state the task made itself — a
 * planned reminder or escalation, recorded once it is out — is nobody's answer, yet cost an activity's dispatch
 * and a second workflow task each. Now such a state is stored by the local activity in the workflow task its timer
 * woke, as the first state is; a state any command changed is still stored after the answer. Patch UTSKICK_NU is
 * taken without asking. Tasks running under V3 go on the V3 way.
 */
const V4 = 'uppgift-v4-stores-its-own-reminders-locally';

/**
 * Patch (issue 16): a reminder or escalation is first mailed at once by a local activity (`meddelaNu`) in the
 * workflow task its timer woke, as a task's first message is; only what the mail server did not take within the
 * time a workflow task can spare goes on as the mail activity beside the loop, retried and cancelled once stale, as
 * before. So a reminder no longer costs an activity's dispatch and a workflow task for its completion. Asked when a
 * message falls due: a task running since before the patch takes it at its next reminder (its history then
 * replays both ways). A send still going when the 3 s are up holds its key in the mail log (src/db/mail.ts), so the
 * mail activity that takes it over, on this worker or another, does not send it again. While a mail server hangs,
 * each reminder held a workflow task for up to those 3 s — until the outbox (src/activities/utkorg.ts): since, the
 * local activity queues the message and answers none unsent, and the outbox sends it beside the workflow task.
 */
const UTSKICK_NU = 'uppgift-utskick-forst-nu';

// The register write and its news, run on the worker within the workflow task: a marker in the history instead
// of an activity's three events and a workflow task's three. Both are idempotent, so a repeat is cheap.
const lokal = proxyLocalActivities<ArshjulActivities>(REGISTERSKRIVNING);

// Since V3, the store of a state a command made: an ordinary activity, so the command's answer does not wait for
// it. Not dispatched eagerly: the worker would take it up in the very moment it answers the command, and the
// answer is what someone is waiting for; the register a moment later is not.
const efterSvaret = proxyActivities<ArshjulActivities>({
  ...REGISTERSKRIVNING,
  allowEagerDispatch: false,
});

/** How long a task that is done lets the mail on its way finish before it cancels it. */
const AVSLUTANDE_MAIL = '5 seconds';

/** Events whose people are told by mail, and how. */
/** A message on its way beside the loop: cancelled when `inaktuell` says what it announces is stale. */
interface Bredvid {
  scope: CancellationScope;
  inaktuell: () => boolean;
  klar: Promise<void>;
}

const ANNOUNCED: Partial<Record<Handelse['typ'], MeddelandeSlag>> = {
  DELEGERAD: 'DELEGERAD',
  OMTILLDELAD: 'OMTILLDELAD',
  FORFALLODAG_ANDRAD: 'NY_FORFALLODAG',
};

export async function uppgift(input: UppgiftSpec): Promise<UppgiftUtfall> {
  const spec = parsePayload(uppgiftSpecSchema, input);
  // Asked first: a task started since version 4 records this marker alone, one since version 3 or 2 that one.
  const v4 = patched(V4);
  const v3 = v4 || patched(V3);
  const v2 = v3 || patched(V2);
  // Since V2 created at the workflow's start, the same in every attempt of its first workflow task: the local
  // store of a lost attempt (a worker killed mid-task) already wrote the creation, and the register keeps it.
  let state = nyUppgift(spec, v2 ? workflowInfo().startTime.getTime() : Date.now());
  // Before this patch, a command accepted while the loop awaited an activity (storing the state, sending a
  // reminder) was stored but its mail was never sent and the wait did not wake for it. Histories from then
  // replay the old way; new runs announce every event exactly once, whenever it arrived.
  const announceEveryEvent = v2 || patched('uppgift-announces-commands-accepted-during-activities');
  // Before this patch, a command accepted while the loop stored the state (completing the task during the
  // save) ended the loop without storing it: the register's read model kept the task open. Now the loop goes
  // round once more whenever the state changed during the save.
  const storesCommandsAcceptedWhileSaving = v2 || patched('uppgift-stores-commands-accepted-while-saving');
  // Before this patch, the kanslichef's reminder (`paminn`) was mailed inside the Update, so during an SMTP
  // outage the click waited for the mail server; and a command accepted while the task was first stored and
  // announced counted as told, so its mail was never sent. Now the Update records the reminder and returns, and
  // the loop mails every event after the task's creation, the reminder under the event's own key.
  const remindsFromTheLoop = v2 || patched('uppgift-mails-reminders-and-early-commands-from-the-loop');
  // Before this patch, an escalation went to the kanslichefer and chef frozen in the task's spec (someone who had
  // left failed the task), and one held up by an SMTP outage went out even after the task was done meanwhile.
  // Now it names the roles, resolved from the config when it goes out, and is cancelled once the task is done.
  const escalatesWhileOpen = v2 || patched('uppgift-escalates-by-role-while-open');
  const savesFirst = v2 || patched(SAVES_FIRST);
  const utskickare = savesFirst ? mailBredvid : mail;

  setHandler(uppgiftQuery, () => state);
  // Each command: the validator parses the payload and asks the domain whether this actor may do it now;
  // the handler only applies it. Temporal dedupes a repeated update id, so a retried command applies once.
  // `fore`: what must hold before the command applies that only the register knows (awaited in the handler).
  const onCommand = <S extends z.ZodType>(
    def: UpdateDefinition<UppgiftState, [z.input<S>]>,
    typ: Kommando['typ'],
    schema: S,
    fore?: (kommando: Kommando) => Promise<void> | undefined,
  ) => {
    const kommando = (raw: unknown, parse: (raw: unknown) => unknown) =>
      ({ typ, ...(parse(raw) as object) }) as Kommando;
    setHandler(
      def,
      (raw) => {
        const k = kommando(raw, (r) => parsePayload(schema, r));
        const apply = () => {
          state = tillampa(utanSparfel(state), k, Date.now());
          return state;
        };
        const vanta = fore?.(k);
        return vanta ? vanta.then(apply) : apply();
      },
      {
        validator: (raw) =>
          rejectIfAny(
            kommandoFel(
              state,
              kommando(raw, (r) => parseKommando(schema, r)),
            ),
          ),
      },
    );
  };
  setHandler(avslutaAvProcessenSignal, (raw) => {
    const parsed = slutforSchema.safeParse(raw);
    if (parsed.success && state.status === 'OPPEN') {
      state = tillampa(state, { typ: 'slutfor', ...parsed.data }, Date.now());
    }
  });
  onCommand(slutforUpdate, 'slutfor', slutforSchema);
  // The chef's Godkänn of a report waits for its follow-up (issue 17). Before this patch only the web page and the
  // REST API checked it, so the CLI could approve a report with half its uppdrag blank. Now the handler reads the
  // register (an activity: a validator cannot) and refuses with the list of what is missing, changing nothing.
  // Only a report whose kind has a follow-up (its spec says so; tasks started before it said are checked too).
  onCommand(godkannUpdate, 'godkann', godkannSchema, (k) => {
    if (spec.typ !== 'godkannande' || spec.uppfoljning === false) return undefined;
    if (!(v2 || patched('uppgift-godkann-waits-for-the-follow-up'))) return undefined;
    return (async () => {
      rejectIfAny(await register.uppfoljningsgrind({ rapportId: spec.process.id }));
      rejectIfAny(kommandoFel(state, k)); // the task may have changed while the register was read
    })();
  });
  onCommand(returneraUpdate, 'returnera', returneraSchema);
  onCommand(delegeraUpdate, 'delegera', delegeraSchema);
  onCommand(tilldelaOmUpdate, 'tilldelaOm', tilldelaOmSchema);
  onCommand(andraForfallodagUpdate, 'andraForfallodag', andraForfallodagSchema);
  // A reminder on demand is recorded at once and mailed by the loop (announce). Before the patch it went out
  // inside the Update, numbered, so a second one was a new mail (the mail log sends each key once).
  let paminnelserPaBegaran = 0;
  let sparfelNummer = 0;
  setHandler(
    paminnUpdate,
    async (raw) => {
      const kommando = { typ: 'paminn' as const, ...parsePayload(paminnSchema, raw) };
      if (remindsFromTheLoop) {
        state = tillampa(utanSparfel(state), kommando, Date.now());
        return state;
      }
      const nummer = ++paminnelserPaBegaran;
      const dagarKvar = daysBetween(dateInStockholm(Date.now()), state.forfaller);
      await tell('PAMINNELSE', ansvariga(state), `${spec.id}:paminnelse-pa-begaran:${nummer}`, {
        dagarKvar: Math.max(dagarKvar, 0),
        ...(dagarKvar < 0 ? { dagarForsenad: -dagarKvar } : {}),
        aktor: kommando.aktor,
        ...(kommando.kommentar ? { kommentar: kommando.kommentar } : {}),
      });
      state = tillampa(state, kommando, Date.now());
      return state;
    },
    {
      validator: (raw) =>
        rejectIfAny(kommandoFel(state, { typ: 'paminn', ...parseKommando(paminnSchema, raw) })),
    },
  );

  // Since V3 the starter gives the task its kommun and organ (uppgiftensSokattribut): only a run started without
  // them sets them itself.
  if (!v3 || !harUppgiftensSokattribut(workflowInfo().typedSearchAttributes, spec)) {
    upsertSearchAttributes([
      { key: KOMMUN, value: spec.kommun },
      ...(spec.organ ? [{ key: ORGAN, value: spec.organ }] : []),
      ...(v3 ? [] : [{ key: STATUS, value: state.status }]),
    ]);
  }

  // Commands may arrive from the first await on: every event after these is the loop's to announce.
  const created = state.historik.length;
  /** The state the register last stored: what a refused write goes back to. */
  let lagrat = state;
  /** Notices to the kansli that a write was refused: sent on their own, awaited before the task ends. */
  const sparfelUtskick: Promise<unknown>[] = [];
  /** Mail going out beside the loop (patch SAVES_FIRST), each cancelled once what it announces is superseded. */
  const bredvid = new Set<Bredvid>();
  try {
    if (v2) {
      await sparaMedNyheterna();
    } else {
      await register.sparaUppgift(state);
      if (savesFirst) await sparaForstMejlaBredvid();
      else await mejlaForstSparaSedan();
    }
  } catch (error) {
    // Before this patch, a cancelled task (its report cancelled, the year stopped) ended without a word: the
    // register kept it open in everyone's lists. Asked here, when it is cancelled, so tasks already running
    // when the patch came take the new path too.
    if (!isCancellation(error) || !(v2 || patched('uppgift-records-its-cancellation'))) throw error;
    // Cancelled: record it where everyone's lists are read, then end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      state = avbryt(state, Date.now());
      await register.sparaUppgift(state);
      if (!v3) upsertSearchAttributes([{ key: STATUS, value: state.status }]);
    });
    throw error;
  }

  if (!v3) upsertSearchAttributes([{ key: STATUS, value: state.status }]);
  // Mail that was on its way a moment ago may finish (it is talking to the mail server); what an outage holds
  // back is cancelled, stale now that the task is done.
  if (bredvid.size > 0) await condition(() => bredvid.size === 0, AVSLUTANDE_MAIL);
  avbrytInaktuellt();
  await Promise.allSettled([...sparfelUtskick, ...[...bredvid].map((b) => b.klar)]);
  await condition(allHandlersFinished);
  return utfallAv(state)!;

  /**
   * The loop since patch SAVES_FIRST: store the state, then mail what it announces beside the loop. An approval
   * during an SMTP outage is stored and passed to the process at once; its mail follows when the server is back,
   * unless superseded by then (the task done, a later due date or reassignment): nobody is told a stale state.
   */
  async function sparaForstMejlaBredvid() {
    // A task late at a mid-year start is told in the årshjul's digest (an input only new starts carry).
    if (!spec.utanNyMail && !spec.samladAvisering) {
      mejlaBredvid(inteOppen, () =>
        tell(spec.retur ? 'RETUR' : 'NY', ansvariga(state), `${spec.id}:ny`, {
          ...(spec.retur ? { kommentar: spec.retur.kommentar, aktor: spec.retur.av } : {}),
          medanOppen: {},
        }),
      );
    }
    /** Every event up to here is stored and its mail on its way. */
    let announced = created;
    /** Reminders and escalations on their way (or given up): not planned again. */
    const paVag = new Set<string>();
    for (;;) {
      const saved = state;
      if (saved !== lagrat) {
        try {
          await register.sparaUppgift(saved);
          lagrat = saved;
        } catch (error) {
          angraVidDatafel(error);
          announced = Math.min(announced, state.historik.length);
          continue;
        }
      }
      for (const handelse of saved.historik.slice(announced)) {
        mejlaBredvid(ersatt(handelse), () => announce(handelse, medanOppenFor(handelse)));
      }
      announced = saved.historik.length;
      if (state !== saved) continue; // a command came in while storing: store that too
      if (state.status !== 'OPPEN') return; // what is on its way is let finish or cancelled at the end
      avbrytInaktuellt();

      const planerat = { ...state, skickat: [...state.skickat, ...paVag] };
      let next = nastaUtskick(planerat)!;
      // Before this patch, an overdue task was escalated every week for as long as it stayed open. Asked only
      // when the horizon changes what comes next, so tasks already running stop too (see V2 for new ones).
      const vidHorisont = nastaUtskick(planerat, spec.eskaleringHorisontDagar ?? ESKALERINGSHORISONT_DAGAR);
      if (vidHorisont?.nyckel !== next.nyckel && patched(HORISONT)) {
        if (!vidHorisont) {
          await condition(() => state !== saved);
          continue;
        }
        next = vidHorisont;
      }
      const wait = next.tid - Date.now();
      if (wait > 0 && (await condition(() => state !== saved, wait))) continue;
      const due = Date.now(); // the moment it was due, not when the mail server answered
      const forfaller = state.forfaller;
      paVag.add(next.nyckel);
      mejlaBredvid(
        () => inteOppen() || state.forfaller !== forfaller,
        async () => {
          await sendUtskick(next, { forfaller });
          // Recorded when it is out: a reminder is its own message (announce() passes it over).
          state = medUtskick(state, next, due);
        },
      );
    }
  }

  /**
   * The loop since V2: each new state is stored and its news queued in one local activity, the store first; the
   * worker's outbox sends the news beside the workflow task, retries it through an outage, and drops what the
   * register says is stale (src/activities/utkorg.ts). Workers from before the outbox mailed in the activity and
   * answered what the mail server could not take in 3 s (`ejSkickade`), which then goes beside the loop here
   * (retried, cancelled once superseded, as since SAVES_FIRST).
   */
  async function sparaMedNyheterna() {
    /** Every event up to here is stored and its mail on its way. */
    let announced = created;
    // A task late at a mid-year start is told in the årshjul's digest (an input only new starts carry).
    let nyhetOmNy = !spec.utanNyMail && !spec.samladAvisering;
    /** Not yet in the register: the first state is stored whether or not it has news to mail. */
    let ostord = true;
    /** Reminders and escalations on their way (or given up): not planned again. */
    const paVag = new Set<string>();
    /** The timer to the next planned message: kept while the plan holds, so a command costs no new timer. */
    let vackning: { tid: number; scope: CancellationScope; ringt: Promise<void> } | undefined;
    for (;;) {
      const saved = state;
      if (ostord || saved !== lagrat || nyhetOmNy) {
        const nyheter: { meddelande: Uppgiftsmeddelande; inaktuell: () => boolean }[] = [];
        if (nyhetOmNy) {
          nyheter.push({
            meddelande: brev(spec.retur ? 'RETUR' : 'NY', ansvariga(saved), `${spec.id}:ny`, {
              ...(spec.retur ? { kommentar: spec.retur.kommentar, aktor: spec.retur.av } : {}),
              medanOppen: {},
            }),
            inaktuell: inteOppen,
          });
        }
        for (const handelse of saved.historik.slice(announced)) {
          const meddelande = annonsering(handelse, medanOppenFor(handelse));
          if (meddelande) nyheter.push({ meddelande, inaktuell: ersatt(handelse) });
        }
        try {
          // The first state within the start's workflow task; since V3, a command's after its answer; since
          // V4, a reminder's within the workflow task its timer woke.
          const egetUtskick = v4 && baraPlaneradeUtskick(lagrat, saved);
          const spara = v3 && !ostord && !egetUtskick ? efterSvaret : lokal;
          const { ejSkickade } = await spara.sparaUppgiftOchMeddela({
            state: saved,
            meddelanden: nyheter.map((n) => n.meddelande),
          });
          lagrat = saved;
          ostord = false;
          nyhetOmNy = false;
          for (const { meddelande, inaktuell } of nyheter) {
            if (ejSkickade.includes(meddelande.nyckel)) {
              mejlaBredvid(inaktuell, () => utskickare.skickaUppgiftsmeddelande(meddelande));
            }
          }
        } catch (error) {
          angraVidDatafel(error);
          announced = Math.min(announced, state.historik.length);
          continue;
        }
        announced = saved.historik.length;
      }
      if (state !== saved) continue; // a command came in while storing: store that too
      if (state.status !== 'OPPEN') return; // what is on its way is let finish or cancelled at the end
      avbrytInaktuellt();

      // Escalation stops at its horizon, with one last notice to the kanslichef (HORISONT, taken by V2).
      const next = nastaUtskick(
        { ...state, skickat: [...state.skickat, ...paVag] },
        spec.eskaleringHorisontDagar ?? ESKALERINGSHORISONT_DAGAR,
      );
      const wait = next ? next.tid - Date.now() : Infinity;
      if (wait > 0) {
        if (!next) {
          vackning?.scope.cancel();
          vackning = undefined;
          await condition(() => state !== saved);
          continue;
        }
        if (vackning?.tid !== next.tid) {
          vackning?.scope.cancel();
          const scope = new CancellationScope();
          // Cancelled only when replaced: then it never rings.
          const ringt = scope.run(() => sleep(wait)).catch(() => new Promise<void>(() => undefined));
          vackning = { tid: next.tid, scope, ringt };
        }
        const kommando = await Promise.race([
          vackning.ringt.then(() => false),
          condition(() => state !== saved).then(() => true),
        ]);
        if (kommando) continue;
      }
      vackning = undefined;
      const due = Date.now(); // the moment it was due, not when the mail server answered
      const forfaller = state.forfaller;
      paVag.add(next!.nyckel);
      mejlaBredvid(
        () => inteOppen() || state.forfaller !== forfaller,
        async () => {
          await sendUtskick(next!, { forfaller }, v4 || patched(UTSKICK_NU) ? forstNu : undefined);
          // Recorded when it is out: a reminder is its own message (announce() passes it over).
          state = medUtskick(state, next!, due);
        },
      );
    }
  }

  /** The loop before patch SAVES_FIRST: mail what happened, then store it. */
  async function mejlaForstSparaSedan() {
    // A task late at a mid-year start is told in the årshjul's digest (an input only new starts carry).
    if (!spec.utanNyMail && !spec.samladAvisering) {
      await tell(spec.retur ? 'RETUR' : 'NY', ansvariga(state), `${spec.id}:ny`, {
        ...(spec.retur ? { kommentar: spec.retur.kommentar, aktor: spec.retur.av } : {}),
      });
    }

    /** Every event up to here has been told to the people it concerns (each command adds exactly one event). */
    let announced = remindsFromTheLoop ? created : state.historik.length;
    for (;;) {
      // Tell the people affected by commands since the last round, then store the new state.
      const pending = state.historik.slice(announced);
      for (const handelse of pending) await announce(handelse);
      announced = announceEveryEvent ? announced + pending.length : state.historik.length;
      const saved = state;
      try {
        await register.sparaUppgift(saved);
        lagrat = saved;
      } catch (error) {
        angraVidDatafel(error);
        announced = Math.min(announced, state.historik.length);
        continue;
      }
      if (storesCommandsAcceptedWhileSaving && state !== saved) continue; // announce and store that too
      if (state.status !== 'OPPEN') return;
      if (announceEveryEvent && state.historik.length > announced) continue; // a command came in meanwhile

      const next = nastaUtskick(state)!;
      const heard = announceEveryEvent ? announced : state.historik.length;
      const wait = next.tid - Date.now();
      const interrupted = wait > 0 && (await condition(() => state.historik.length > heard, wait));
      if (interrupted) continue;
      const due = Date.now(); // the moment it was due, not when the mail server answered
      if (escalatesWhileOpen) {
        if (!(await sendWhileOpen(next))) continue; // done meanwhile: store that, say nothing late
      } else {
        await sendUtskick(next);
      }
      state = medUtskick(state, next, due); // a reminder is its own message: announce() passes it over
      if (!announceEveryEvent) announced = state.historik.length;
    }
  }

  /**
   * A write the register refused for its data: the change is undone and named on the task, and the kansli is
   * told once; the task goes on. Any other error is thrown on.
   */
  function angraVidDatafel(error: unknown) {
    const fel = registerDatafel(error);
    // Before this patch, data the register refused (a NUL in a comment) was retried every minute forever.
    if (fel === undefined || !(v2 || patched('uppgift-undoes-what-the-register-refuses'))) throw error;
    state = angraOsparat(lagrat, state, Date.now(), fel);
    // The notice goes on its own: an SMTP outage must not hold the task (a failed notice is only logged).
    sparfelUtskick.push(
      berattaSparfel(angratText(state.sparfel!.angrat), fel).catch((e: unknown) =>
        log.warn('the notice of a refused write could not be sent', {
          uppgift: spec.id,
          error: String(e),
        }),
      ),
    );
  }

  function inteOppen() {
    return state.status !== 'OPPEN';
  }

  /** When an event's mail is stale: the task is done, or a later event of its kind replaced what it says. */
  function ersatt(handelse: Handelse): () => boolean {
    const ersattsAvNasta = handelse.typ === 'FORFALLODAG_ANDRAD' || handelse.typ === 'OMTILLDELAD';
    return () =>
      inteOppen() ||
      (ersattsAvNasta && state.historik.some((h) => h.seq > handelse.seq && h.typ === handelse.typ));
  }

  /**
   * Sends beside the loop, in a scope of its own. A failure is logged, never the task's: the message was
   * refused for good, or the outage outlasted the activity's schedule-to-close limit.
   */
  function mejlaBredvid(inaktuell: () => boolean, skicka: () => Promise<unknown>) {
    const scope = new CancellationScope();
    const post: Bredvid = { scope, inaktuell, klar: Promise.resolve() };
    post.klar = scope
      .run(skicka)
      .then(
        () => undefined,
        (error: unknown) => {
          if (!isCancellation(error)) {
            log.warn('a message about the task could not be sent', {
              uppgift: spec.id,
              error: String(error),
            });
          }
        },
      )
      .finally(() => bredvid.delete(post));
    bredvid.add(post);
  }

  /** Cancels the mail whose news is stale. */
  function avbrytInaktuellt() {
    for (const post of bredvid) if (post.inaktuell()) post.scope.cancel();
  }

  /** The kanslichefer and admins hear that a write was refused and undone: once per refusal (its own key). */
  async function berattaSparfel(vad: string, fel: string) {
    const nummer = (sparfelNummer += 1);
    await utskickare.skickaSparfel({
      nyckel: `${spec.id}:sparfel:${nummer}`,
      kommun: spec.kommun,
      objekt: { id: spec.id, titel: spec.titel, sida: `/uppgifter/${encodeURIComponent(spec.id)}` },
      vad,
      fel,
    });
  }

  async function tell(
    slag: MeddelandeSlag,
    mottagare: string[],
    nyckel: string,
    extra: Partial<Uppgiftsmeddelande> = {},
    skicka: (meddelande: Uppgiftsmeddelande) => Promise<unknown> = utskickare.skickaUppgiftsmeddelande,
  ) {
    await skicka(brev(slag, mottagare, nyckel, extra));
  }

  /** Since UTSKICK_NU: mailed at once by a local activity; what did not go out in time goes on as the activity. */
  async function forstNu(meddelande: Uppgiftsmeddelande) {
    const { ejSkickade } = await lokal.meddelaNu({ meddelanden: [meddelande] });
    if (ejSkickade.length > 0) await utskickare.skickaUppgiftsmeddelande(meddelande);
  }

  /** One message about the task as it is now. */
  function brev(
    slag: MeddelandeSlag,
    mottagare: string[],
    nyckel: string,
    extra: Partial<Uppgiftsmeddelande> = {},
  ): Uppgiftsmeddelande {
    return {
      nyckel,
      kommun: spec.kommun,
      slag,
      mottagare,
      uppgift: {
        id: spec.id,
        titel: spec.titel,
        typ: spec.typ,
        processTitel: spec.process.titel,
        ...(spec.organ ? { organ: spec.organ } : {}),
        forfaller: state.forfaller,
        tilldelad: state.tilldelad,
        ...(spec.beskrivning ? { beskrivning: spec.beskrivning } : {}),
      },
      icsSekvens: state.historik.filter((h) => h.typ === 'FORFALLODAG_ANDRAD').length,
      ...extra,
    };
  }

  /** What must still hold for an event's mail to go out (the mail activity asks the register). */
  function medanOppenFor(handelse: Handelse): NonNullable<Uppgiftsmeddelande['medanOppen']> {
    if (handelse.typ === 'OMTILLDELAD' && handelse.till) return { tilldelad: handelse.till };
    if (handelse.typ === 'FORFALLODAG_ANDRAD' && handelse.forfaller) return { forfaller: handelse.forfaller };
    return {};
  }

  /** Tells the people an event concerns; `medanOppen` (patch SAVES_FIRST): only while it is still true. */
  async function announce(handelse: Handelse, medanOppen?: Uppgiftsmeddelande['medanOppen']) {
    const meddelande = annonsering(handelse, medanOppen);
    if (meddelande) await utskickare.skickaUppgiftsmeddelande(meddelande);
  }

  /** The message that tells the people an event concerns, if it is told. */
  function annonsering(
    handelse: Handelse,
    medanOppen?: Uppgiftsmeddelande['medanOppen'],
  ): Uppgiftsmeddelande | undefined {
    const villkor = medanOppen ? { medanOppen } : {};
    // A reminder someone asked for (it has a sender; the planned ones go out from the loop's timer).
    if (remindsFromTheLoop && handelse.typ === 'PAMINNELSE' && handelse.aktor) {
      const dagarKvar = daysBetween(dateInStockholm(handelse.tid), handelse.forfaller ?? state.forfaller);
      return brev(
        'PAMINNELSE',
        handelse.mottagare ?? ansvariga(state),
        `${spec.id}:handelse:${handelse.seq}`,
        {
          dagarKvar: Math.max(dagarKvar, 0),
          ...(dagarKvar < 0 ? { dagarForsenad: -dagarKvar } : {}),
          aktor: handelse.aktor,
          ...(handelse.kommentar ? { kommentar: handelse.kommentar } : {}),
          ...villkor,
        },
      );
    }
    const slag = ANNOUNCED[handelse.typ];
    if (!slag) return undefined;
    const facts = {
      ...villkor,
      aktor: handelse.aktor,
      ...(handelse.paUppdragAv ? { paUppdragAv: handelse.paUppdragAv } : {}),
      ...(handelse.kommentar ? { kommentar: handelse.kommentar } : {}),
    };
    const nyckel = `${spec.id}:handelse:${handelse.seq}`;
    if (slag === 'NY_FORFALLODAG') {
      const before = [...state.historik.slice(0, handelse.seq - 1)]
        .reverse()
        .find((h) => h.forfaller !== undefined);
      return brev(slag, ansvariga(state), nyckel, { ...facts, tidigareForfallodag: before?.forfaller });
    }
    return brev(slag, [handelse.till!], nyckel, facts);
  }

  async function sendUtskick(
    utskick: Utskick,
    medanOppen?: Uppgiftsmeddelande['medanOppen'],
    skicka?: (meddelande: Uppgiftsmeddelande) => Promise<unknown>,
  ) {
    const today = dateInStockholm(Date.now());
    if (utskick.sista) {
      // Escalation has stopped: today's kanslichefer hear it once; the task stays open.
      await tell(
        'ESKALERING_UPPHOR',
        [],
        `${spec.id}:${utskick.nyckel}`,
        {
          ...(medanOppen ? { medanOppen } : {}),
          eskaleringNummer: utskick.ordning,
          dagarForsenad: daysBetween(state.forfaller, today),
          roller: [{ roll: 'kanslichef' }],
        },
        skicka,
      );
      return;
    }
    await tell(
      utskick.typ,
      utskick.mottagare,
      `${spec.id}:${utskick.nyckel}`,
      {
        ...(medanOppen ? { medanOppen } : {}),
        ...(utskick.typ === 'PAMINNELSE'
          ? { dagarKvar: utskick.ordning }
          : {
              eskaleringNummer: utskick.ordning,
              dagarForsenad: daysBetween(state.forfaller, today),
              // Today's kanslichefer and the assignee's chef, from the config when it goes out.
              ...(escalatesWhileOpen
                ? { mottagare: [], roller: [{ roll: 'kanslichef' }, { roll: 'chef', for: state.tilldelad }] }
                : {}),
            }),
      },
      skicka,
    );
  }

  /**
   * A reminder or escalation, cancelled if the task is done before it is out (an SMTP outage can hold it for
   * hours): false when it was. A person told "overdue" about a task already done would act on a falsehood.
   */
  async function sendWhileOpen(utskick: Utskick): Promise<boolean> {
    const scope = new CancellationScope();
    let out = false;
    let doneFirst = false;
    // Caught: a stop of the whole task rejects this condition too, and the main line handles the stop.
    void condition(() => out || state.status !== 'OPPEN')
      .then(() => {
        if (out) return;
        doneFirst = true;
        scope.cancel();
      })
      .catch(() => undefined);
    try {
      await scope.run(() => sendUtskick(utskick));
      return true;
    } catch (error) {
      if (doneFirst && isCancellation(error)) return false;
      throw error;
    } finally {
      out = true;
    }
  }
}
