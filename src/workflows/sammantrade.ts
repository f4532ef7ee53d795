/**
 * One sammanträde of an organ, from the föredragningslista to the last receipt of its protokollsutdrag:
 *
 *   the föredragningslista takes ärenden until it closes → the kallelse goes to ledamöter and ersättare (for
 *   fullmäktige also onto the anslagstavla) → on the day, the sekreterare records the protocol § by § (each §
 *   gets the next number of the organ's series for the year) → the ordförande and the justerare justerar it, or
 *   object per § and the sekreterare corrects it → the anslag goes up the day it is justerat → the appeal period
 *   runs (the overklagandetid workflow) and the anslag comes down when it is over → every recipient in "Beslutet
 *   skickas till" gets the protokollsutdrag of their § and acknowledges it.
 *
 * An omedelbart justerad § (KL 5 kap. 70 §) takes its own anslag, appeal period and expediering at once. Every
 * rule is in src/domain/sammantrade.ts and src/domain/protokoll.ts; every step is written to the register.
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  executeChild,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  addDays,
  compareDates,
  dateInStockholm,
  instantInStockholm,
  isoDateSchema,
  maxDate,
  startOfDayInStockholm,
  type IsoDate,
} from '../domain/datum';
import { beraknaFrister, type Frister } from '../domain/frister';
import { kallelseDagar } from '../domain/kallelse';
import type { OverklagandetidStatus } from '../domain/overklagande';
import { formatBeslutsreferens } from '../domain/numrering';
import {
  expedieringsmottagare,
  justeringSenast,
  type Paragraf,
  type Protokoll,
  type Signatur,
} from '../domain/protokoll';
import { protokollandring } from '../domain/protokollandring';
import {
  justerandePersoner,
  justeringForfaller,
  kallelseAv,
  anmalAnslagSchema,
  laggTillArendeSchema,
  medRapporter,
  motesuppgift,
  protokollAv,
  protokollForfaller,
  protokollforMotetSchema,
  protokollforParagrafSchema,
  rattaParagrafSchema,
  sammantradeId,
  sammantradeKommandoFel,
  skickaForJusteringSchema,
  tillampaSammantrade,
  nyttSammantrade,
  justeringLokaltId,
  kanGoras,
  type Motesfakta,
  type SammantradeFas,
  type SammantradeKommando,
  type SammantradeState,
} from '../domain/sammantrade';
import type { UppgiftSpec, UppgiftUtfall } from '../domain/uppgift';
import { formatFel, z, type Fel } from '../domain/validering';
import { REGISTERSKRIVNING } from './aktivitetsval';
import type { SammantradeActivities, SammantradeMailActivities } from './activities';
import { parseKommando, parsePayload, rejectIfAny } from './fel';
import { overklagandetid } from './overklagandetid';
import { KOMMUN, ORGAN, STATUS, uppgiftensSokattribut } from './searchAttributes';
import { avslutaAvProcessenSignal, uppgift } from './uppgift';

/**
 * The meeting and everything it needs from the config, resolved by whoever starts it (`motesfaktaFor`), as the
 * årshjul does for its report processes: the workflow then answers its first query and Update at once.
 */
export const sammantradeInputSchema = z
  .object({ kommun: z.string().min(1), organ: z.string().min(1), datum: isoDateSchema })
  .loose();
export type SammantradeInput = Motesfakta & {
  /** The state a run hands to the next when it continues as new (see `HISTORIKGRANS`). */
  fortsattning?: Fortsattning;
  /** The history bound, lower in tests; `HISTORIKGRANS` when not given. */
  historikgrans?: Partial<Historikgrans>;
};

/**
 * The bound on one run's history: at a safe point (no task, § or own chain in flight) past it, or when the server
 * suggests it, the meeting continues as new with its state. The protocol itself is in the register.
 */
export interface Historikgrans {
  handelser: number;
  byte: number;
}
export const HISTORIKGRANS: Historikgrans = { handelser: 2_000, byte: 2_000_000 };

/**
 * What a run hands to the next: the status (with the state), who sent the protocol for justering, and the `seq` of
 * the last phase written to the register.
 */
export interface Fortsattning {
  status: SammantradeStatus;
  skickadAv?: string;
  fasSeq?: number;
}

/**
 * What a command answers: the phase, the protocol's version and the hash of the version stored, and how many
 * ärenden the list holds — never the whole status (read it with the query). A meeting started before the patch
 * `sammantrade-sma-svar` answers its whole status; `kommandosvarAv` reads both.
 */
export interface Kommandosvar {
  fas: SammantradeFas;
  version: number;
  sha256?: string;
  arenden: number;
}
export type Kommandoresultat = Kommandosvar | SammantradeStatus;
export function kommandosvarAv(svar: Kommandoresultat): Kommandosvar {
  if (!('state' in svar)) return svar;
  return { fas: svar.state.fas, version: svar.state.version, arenden: svar.state.arenden.length };
}

export interface Expediering {
  paragraf: number;
  mottagare: string;
  for: 'VERKSTALLIGHET' | 'KANNEDOM';
  uppgiftId: string;
  /**
   * AVVISAD: the recipient's server refused it, or the config no longer has them (the kanslichef is told).
   * I_REGISTRET: outstanding when every other step was done; the meeting handed it to the register and ended.
   */
  status: 'SKICKAD' | 'KVITTERAD' | 'AVVISAD' | 'I_REGISTRET';
}

export interface SammantradeStatus {
  state: SammantradeState;
  /** The tasks of the meeting by id, with how each ended. */
  uppgifter: Record<string, { tilldelad: string; typ: string; utfall?: UppgiftUtfall }>;
  expediering: Expediering[];
  /** Registered after it was held: no kallelse went out (the sekreterare was asked to record it instead). */
  iEfterhand?: boolean;
  /** The anslag of the whole protocol and of each omedelbart justerad §, with their statutory dates. */
  anslag: {
    paragrafer: number[];
    frister: Frister;
    nedtagen?: IsoDate;
    overklagande?: OverklagandetidStatus;
  }[];
}

export const sammantradeQuery = defineQuery<SammantradeStatus>('sammantrade');
type Input<S extends z.ZodType> = z.input<S>;
export const laggTillArendeUpdate = defineUpdate<Kommandoresultat, [Input<typeof laggTillArendeSchema>]>(
  'laggTillArende',
);
export const protokollforMotetUpdate = defineUpdate<
  Kommandoresultat,
  [Input<typeof protokollforMotetSchema>]
>('protokollforMotet');
export const protokollforParagrafUpdate = defineUpdate<
  { nummer: number },
  [Input<typeof protokollforParagrafSchema>]
>('protokollforParagraf');
export const rattaParagrafUpdate = defineUpdate<Kommandoresultat, [Input<typeof rattaParagrafSchema>]>(
  'rattaParagraf',
);
export const skickaForJusteringUpdate = defineUpdate<
  Kommandoresultat,
  [Input<typeof skickaForJusteringSchema>]
>('skickaForJustering');
/** A paper board's anslag taken down: the day, as the sekreterare records it (KL 13 kap. 5 §). */
export const anmalAnslagUpdate = defineUpdate<Kommandoresultat, [Input<typeof anmalAnslagSchema>]>(
  'anmalAnslag',
);

const register = proxyActivities<SammantradeActivities & SammantradeMailActivities>(REGISTERSKRIVNING);
// Mail with documents: an SMTP outage can last; keep trying until the message is out.
const mail = proxyActivities<SammantradeMailActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** The patch under which a justerad § closes the report process's task that announces its beslut. */
const ANMALER_BESLUTEN = 'sammantrade-anmaler-justerade-beslut';
/** The report steps a meeting decides, whose tasks announce the beslut. */
const STEG_SOM_ANMALS = ['beredning', 'beslut', 'fullmaktige'];
/**
 * The patches that keep a meeting's history linear in its §§ and bounded (issue 16): the protocol stored by
 * reference (each write carries what changed), commands answering a small receipt, and continue-as-new.
 */
const SOM_ANDRING = 'sammantrade-protokoll-som-andring';
const SMA_SVAR = 'sammantrade-sma-svar';
const FORTSATTER_SOM_NY = 'sammantrade-fortsatter-som-ny';
/** The patch under which a meeting waiting only for receipts hands them to the register and ends. */
const KVITTENSER_I_REGISTRET = 'sammantrade-kvittenser-i-registret';
/**
 * The patch under which the meeting writes its phase to its register row when it starts and at each change (the
 * year's list of meetings reads it there). Asked at each change, so a meeting started before it writes from its
 * next change on.
 */
const FASEN_I_REGISTRET = 'sammantrade-fasen-i-registret';

export async function sammantrade(input: SammantradeInput): Promise<SammantradeStatus> {
  const motet = parsePayload(sammantradeInputSchema, input);
  const { fortsattning, historikgrans, ...indata } = input;
  const fakta: Motesfakta = { ...indata, datum: motet.datum };
  const { kommun, organ, datum } = motet;
  const id = sammantradeId(fakta);
  let state = fortsattning?.status.state ?? nyttSammantrade(fakta);
  const status: SammantradeStatus = fortsattning?.status ?? {
    state,
    uppgifter: {},
    expediering: [],
    anslag: [],
  };
  const grans: Historikgrans = { ...HISTORIKGRANS, ...historikgrans };
  const idag = () => dateInStockholm(Date.now());
  const klockan = fakta.kontext.regler.utskickKlockan;
  // Started after the meeting's day: it is registered afterwards, and no one is called to it (on the day itself
  // the kallelse still goes out at once, as to a meeting about to be held).
  const startadEfterMotet = Date.now() >= startOfDayInStockholm(addDays(fakta.datum, 1));
  /** Who sent the protocol for justering last, and the omedelbart justerade §§ not yet posted. */
  let skickadAv: string | undefined = fortsattning?.skickadAv;
  const omedelbara: number[] = [];
  /** The omedelbart justerade §§ whose chains (anslag, appeal, expediering) still run. */
  let omedelbaraIgang = 0;
  /** The protocol as last stored, the base of the next change; and the stores in order, one after the other. */
  let sparat: { version: number; protokoll: Protokoll } | undefined;
  let sparkedja: Promise<void> = Promise.resolve();
  /** The hash of the protocol version stored last (by reference). */
  let sha256: string | undefined;
  /** The receipts (and what waits for them) once the utdrag are out; handed to the register at the end. */
  const kvittensvantan: Promise<void>[] = [];
  let kvittenserTillRegistret = false;
  /** Receipt tasks still waited for: a run does not continue as new from under them. */
  let kvittenserVantar = 0;
  /** The branches that run on their own: each omedelbart justerad § 's chain. */
  const egnaKedjor: Promise<void>[] = [];
  /** §§ whose number is being fetched: the protocol is not sent for justering under them. */
  let paragraferPaVag = 0;

  const setState = (next: SammantradeState) => {
    state = next;
    status.state = next;
  };
  setHandler(sammantradeQuery, () => status);
  /** The `seq` of the last phase written to the register, and whether a write is under way. */
  let fasSeq = fortsattning?.fasSeq ?? 0;
  let skrivenFas: SammantradeFas | undefined;
  let fasenSkrivs = false;
  /** The phase as visibility and the register's row show it. */
  const visaFasen = () => {
    upsertSearchAttributes([{ key: STATUS, value: state.fas }]);
    fasenIRegistret();
  };
  const setFas = (fas: SammantradeState['fas']) => {
    setState({ ...state, fas });
    visaFasen();
  };
  upsertSearchAttributes([
    { key: KOMMUN, value: fakta.kommun },
    { key: ORGAN, value: fakta.organ },
    { key: STATUS, value: state.fas },
  ]);
  fasenIRegistret();

  // The sekreterare's commands: validated against the domain rules, applied, and the protocol stored.
  const onCommand = <S extends z.ZodType, R>(
    def: UpdateDefinition<R, [z.input<S>]>,
    typ: SammantradeKommando['typ'],
    schema: S,
    apply: (k: SammantradeKommando) => Promise<R>,
  ) => {
    const kommando = (raw: unknown, parse: (r: unknown) => unknown) =>
      ({ typ, ...(parse(raw) as object) }) as SammantradeKommando;
    setHandler(def, (raw) => apply(kommando(raw, (r) => parsePayload(schema, r))), {
      validator: (raw) => {
        const k = kommando(raw, (r) => parseKommando(schema, r));
        rejectIfAny([...sammantradeKommandoFel(state, k, idag()), ...paVagFel(k)]);
      },
    });
  };
  onCommand(laggTillArendeUpdate, 'laggTillArende', laggTillArendeSchema, async (k) => {
    setState(tillampaSammantrade(state, k));
    return svar();
  });
  onCommand(protokollforMotetUpdate, 'protokollforMotet', protokollforMotetSchema, async (k) => {
    if (k.typ !== 'protokollforMotet') throw new Error('unreachable');
    // The first meeting of a series may set where it continues from; a gap or a reuse is refused by the register.
    if (k.forstaParagraf !== undefined && k.forstaParagraf !== state.mote?.forstaParagraf) {
      rejectIfAny(
        await register.bestamParagrafserie({
          kommun,
          organ,
          datum,
          ...(fakta.paragrafserie ? { serie: fakta.paragrafserie.serie } : {}),
          forsta: k.forstaParagraf,
        }),
      );
    }
    setState(tillampaSammantrade(state, k));
    await sparaProtokoll('MOTET_PROTOKOLLFORT', k.aktor);
    return svar();
  });
  onCommand(protokollforParagrafUpdate, 'protokollforParagraf', protokollforParagrafSchema, async (k) => {
    if (k.typ !== 'protokollforParagraf') throw new Error('unreachable');
    // The number comes from the organ's series in the register; the same key always gets the same number.
    paragraferPaVag += 1;
    let nummer: number;
    try {
      nummer = await register.tilldelaParagrafnummer({
        kommun,
        organ,
        datum,
        nyckel: `${id}:${k.nyckel}`,
        ...(fakta.paragrafserie ? { serie: fakta.paragrafserie.serie } : {}),
        ...(fakta.paragrafserie?.start !== undefined ? { start: fakta.paragrafserie.start } : {}),
      });
    } finally {
      paragraferPaVag -= 1;
    }
    // The phase may have moved on while the number was fetched: asked again, never applied to a protocol that
    // is out for justering. (Before this patch the § was applied whatever the phase had become.)
    if (!kanGoras(state, 'protokollforParagraf') && patched('sammantrade-paragraf-fragar-om-fasen')) {
      rejectIfAny(sammantradeKommandoFel(state, k, idag()));
    }
    if (state.nycklar[k.nyckel] === undefined) {
      setState(tillampaSammantrade(state, k, nummer));
      if (state.paragrafer.find((p) => p.nummer === nummer)?.omedelbartJusterad) omedelbara.push(nummer);
      await sparaProtokoll(`PARAGRAF_${nummer}_PROTOKOLLFORD`, k.aktor);
    }
    return { nummer };
  });
  onCommand(rattaParagrafUpdate, 'rattaParagraf', rattaParagrafSchema, async (k) => {
    setState(tillampaSammantrade(state, k));
    await sparaProtokoll(`PARAGRAF_${k.typ === 'rattaParagraf' ? k.nummer : ''}_RATTAD`, k.aktor);
    return svar();
  });
  onCommand(anmalAnslagUpdate, 'anmalAnslag', anmalAnslagSchema, async (k) => {
    setState(tillampaSammantrade(state, k));
    await sparaProtokoll('ANSLAGET_NEDTAGET', k.aktor);
    return svar();
  });
  onCommand(skickaForJusteringUpdate, 'skickaForJustering', skickaForJusteringSchema, async (k) => {
    skickadAv = k.aktor;
    setState(tillampaSammantrade(state, k));
    visaFasen();
    return svar();
  });

  if (fortsattning) {
    // Continued as new at the top of a justering round: the protocol is written; the §§ recorded at the meeting
    // and justerade there have run their chains.
    egnaKedjor.push(egenKedja(omedelbarJustering()));
  } else {
    await foreMotet();
  }

  // 3. Justering: the ordförande and each justerare; any objection sends it back to the sekreterare.
  for (;;) {
    await fortsattSomNyVidGransen();
    await sparaProtokoll('SKICKAT_TILL_JUSTERING', skickadAv);
    const varv = state.justeringsvarv;
    const signaturer: Signatur[] = [];
    const svar = await Promise.all(
      justerandePersoner(state).map(async (person) => {
        const utfall = await runTask(
          motesuppgift(state, {
            id: justeringLokaltId(varv, person),
            typ: 'justering',
            titel: `Justera protokollet från ${fakta.organNamn} ${fakta.datum}${varv > 1 ? ` (omgång ${varv})` : ''}`,
            tilldelad: person,
            forfaller: justeringForfaller(state, idag()),
            // An objection names only §§ of this protocol (the task's validator refuses any other).
            paragrafer: state.paragrafer.map((p) => p.nummer),
          }),
        );
        const kvitto = await register.registreraJustering({
          kommun,
          organ,
          datum,
          nyckel: `${id}:justering:${varv}:${person}`,
          version: state.version,
          person,
          typ: utfall.status === 'GODKAND' ? 'GODKAND' : 'INVANDNING',
          paragrafer: utfall.paragrafer ?? [],
          ...(utfall.kommentar ? { kommentar: utfall.kommentar } : {}),
          tid: utfall.tid,
        });
        // The digital approval as the protocol prints it: who, when, and the hash of the version approved.
        if (utfall.status === 'GODKAND' && kvitto && kvitto.sha256) {
          signaturer.push({
            namn: justerarensNamn(person),
            roll: person === fakta.ordforande ? 'Ordförande' : 'Justerare',
            tid: new Date(utfall.tid).toISOString(),
            version: state.version,
            sha256: kvitto.sha256,
          });
        }
        return { person, utfall };
      }),
    );
    const invandningar = svar.filter((s) => s.utfall.status !== 'GODKAND');
    if (invandningar.length === 0) {
      const ordning = justerandePersoner(state).map(justerarensNamn);
      setState({
        ...state,
        signaturer: signaturer.sort((a, b) => ordning.indexOf(a.namn) - ordning.indexOf(b.namn)),
      });
      break;
    }
    setState({
      ...state,
      invandningar: [
        ...state.invandningar,
        ...invandningar.map(({ person, utfall }) => ({
          varv,
          person,
          paragrafer: utfall.paragrafer ?? state.paragrafer.map((p) => p.nummer),
          kommentar: utfall.kommentar ?? '',
        })),
      ],
    });
    setFas('RATTELSE');
    await protokollsteg(
      motesuppgift(state, {
        id: `rattelse-${varv}`,
        typ: 'protokoll',
        titel: `Rätta protokollet från ${fakta.organNamn} ${fakta.datum} och skicka det till justering igen`,
        tilldelad: fakta.sekreterare[0]!,
        forfaller: maxDate(idag(), addDays(justeringSenast(fakta.datum), -1)),
        beskrivning: invandningar
          .map(({ person, utfall }) => `${fakta.namn[person] ?? person}: ${utfall.kommentar ?? ''}`)
          .join('\n'),
      }),
    );
  }

  // 4. Justerat today. The anslag goes up as the kommun does it, in the morning (KL 8 kap. 12 §: no later than
  //    the 2nd day after the justering; the config allows no more).
  const justerad = idag();
  setState({ ...state, justerad, version: state.version + 1 });
  setFas('JUSTERAT');
  await sparaProtokoll('JUSTERAT');
  // Before this patch, "Anmäl beslutet" stayed open until completed by hand, though its § was justerat.
  if (patched(ANMALER_BESLUTEN)) {
    await anmalBesluten(state.paragrafer.filter((p) => !p.omedelbartJusterad).map((p) => p.nummer));
  }
  if (fakta.anslagDagarEfterJustering > 0) {
    await sleepUntil(instantInStockholm(addDays(justerad, fakta.anslagDagarEfterJustering), klockan));
  }
  setState({ ...state, anslagUppsatt: idag(), version: state.version + 1 });
  await sparaProtokoll('ANSLAGET');
  const ovriga = state.paragrafer.filter((p) => !p.omedelbartJusterad).map((p) => p.nummer);
  // No more §§ can be recorded: the omedelbart justerade ones have their own chains.
  if (ovriga.length > 0) await anslagskedja(ovriga, state.justerad!, 'PROTOKOLL', `${id}:anslag`);
  await Promise.all(egnaKedjor);
  // Every other step is done (under the patch the chains above do not wait for receipts): the receipts still
  // outstanding go to the register, where their links record them, and the meeting ends.
  kvittenserTillRegistret = true;
  await Promise.all(kvittensvantan);
  setFas('AVSLUTAT');
  // A command still being handled finishes first (its answer and its writes are part of the meeting), and the
  // last phase is in the register.
  await condition(() => allHandlersFinished() && !fasenSkrivs);
  return status;

  // --- the steps -------------------------------------------------------------------------------------------

  /** Steps 1 and 2: the list, the kallelse and the protocol, until it is sent for justering. */
  async function foreMotet(): Promise<void> {
    // 1. The föredragningslista is open until the end of its closing day; the kallelse goes out in the morning
    //    of its last day (or at once, when the workflow starts later than that).
    const dagar = kallelseDagar({ typ: fakta.organTyp, reglemente: fakta.reglemente }, fakta.datum);
    const kallelsedag =
      compareDates(dagar.kallelseSenast, dagar.foredragningslistaStanger) > 0
        ? dagar.kallelseSenast
        : addDays(dagar.foredragningslistaStanger, 1);
    await sleepUntil(instantInStockholm(kallelsedag, klockan));
    // The list closes: the report processes' registered ärenden for this meeting join it.
    setState(medRapporter(state, await register.rapporterForSammantrade({ kommun, organ, datum })));
    // Before this patch, a meeting registered after it was held called every member to a meeting in the past.
    // Now it is registered without kallelse: the sekreterare gets the protocol to record, the members no mail.
    const iEfterhand = startadEfterMotet && patched('sammantrade-utan-kallelse-i-efterhand');
    if (iEfterhand) status.iEfterhand = true;
    else setFas('KALLAD');
    if (!iEfterhand) {
      const kallelse = kallelseAv(state, idag());
      await mail.skickaKallelse({ nyckel: `${id}:kallelse`, kallelse, mottagare: fakta.kallade });
    }
    if (dagar.anslagSenast && !iEfterhand) {
      // KL 5 kap. 13 §: fullmäktige's kallelse is on the anslagstavla until the meeting.
      await register.sparaAnslag({
        kommun,
        organ,
        datum,
        nyckel: `${id}:kallelse`,
        typ: 'KALLELSE',
        paragrafer: [],
        uppsatt: idag(),
        nedtasTidigast: addDays(fakta.datum, 1),
      });
    }

    // 2. The meeting day: the sekreterare records the protocol and sends it for justering.
    await sleepUntil(startOfDayInStockholm(fakta.datum));
    setFas('PROTOKOLLFORING');
    egnaKedjor.push(egenKedja(omedelbarJustering()));
    await protokollsteg(
      motesuppgift(state, {
        id: 'protokoll-1',
        typ: 'protokoll',
        titel: `Protokollför ${fakta.organNamn} ${fakta.datum} och skicka protokollet till justering`,
        tilldelad: fakta.sekreterare[0]!,
        forfaller: protokollForfaller(fakta),
      }),
    );
  }

  /**
   * Writes the phase to the meeting's register row, beside the meeting: one write at a time, each of the phase as
   * it is then, until the row has the current one. Each write's `seq` is above the one before — the workflow's
   * clock, or one more when the clock has not moved — carried over continue-as-new. Not cancelled with the meeting
   * (a stopped meeting keeps the phase it had, as visibility does). Before the patch the meeting wrote none.
   */
  function fasenIRegistret(): void {
    if (fasenSkrivs || skrivenFas === state.fas || !patched(FASEN_I_REGISTRET)) return;
    fasenSkrivs = true;
    CancellationScope.nonCancellable(async () => {
      try {
        while (skrivenFas !== state.fas) {
          const fas = state.fas;
          fasSeq = Math.max(fasSeq + 1, Date.now());
          await register.sparaSammantradetsFas({ kommun, organ, datum, fas, seq: fasSeq });
          skrivenFas = fas;
        }
      } finally {
        fasenSkrivs = false;
      }
    }).catch((error: unknown) =>
      // A write the register refuses for good (a data error is not retried) must not stop the meeting: the list
      // then shows the phase written last, and the log says why.
      log.warn('The meeting could not write its phase to the register', { error: String(error) }),
    );
  }

  /** What a command answers (before the patch: the whole status, which a meeting's history repeated each time). */
  function svar(): Kommandoresultat {
    if (!patched(SMA_SVAR)) return status;
    return {
      fas: state.fas,
      version: state.version,
      ...(sha256 ? { sha256 } : {}),
      arenden: state.arenden.length,
    };
  }

  /**
   * Past the history bound (or at the server's suggestion), at the top of a justering round — no task, § or
   * chain of its own in flight, and every command answered — the meeting continues as new with its state.
   * Before the patch the meeting never did.
   */
  async function fortsattSomNyVidGransen(): Promise<void> {
    const info = workflowInfo();
    const over =
      info.continueAsNewSuggested || info.historyLength >= grans.handelser || info.historySize >= grans.byte;
    const iGang = omedelbaraIgang + omedelbara.length + paragraferPaVag + kvittenserVantar;
    if (!over || iGang > 0) return;
    if (!patched(FORTSATTER_SOM_NY)) return;
    await condition(() => allHandlersFinished() && !fasenSkrivs);
    await continueAsNew<typeof sammantrade>({
      ...fakta,
      ...(historikgrans ? { historikgrans } : {}),
      fortsattning: { status, ...(skickadAv ? { skickadAv } : {}), ...(fasSeq > 0 ? { fasSeq } : {}) },
    });
  }

  /** A justerare's name as the protocol writes it ("Axel Hallberg (MP)"), else the config's. */
  function justerarensNamn(person: string): string {
    const mote = state.mote;
    return (
      mote?.justerare.find((j) => j.personId === person)?.namn ??
      (person === fakta.ordforande && mote ? mote.ordforande : (fakta.namn[person] ?? person))
    );
  }

  /**
   * The report processes' tasks that wait for these §§ — "Anmäl beslutet" (and the beredning's and fullmäktige's)
   * of each report on the list whose ärende a § decides — are closed on the sekreterare's behalf, naming the
   * beslut. A task already ended, or not started, is left as it is.
   */
  async function anmalBesluten(nummer: number[]) {
    const paragrafer = state.paragrafer.filter((p) => nummer.includes(p.nummer) && p.diarienummer);
    if (paragrafer.length === 0) return;
    const rapporter = await register.rapporterForSammantrade({ kommun, organ, datum });
    for (const p of paragrafer) {
      const referens = formatBeslutsreferens(fakta.beslutsreferensFormat, {
        organ,
        datum,
        paragraf: p.nummer,
      });
      for (const r of rapporter.filter(
        (x) => x.diarienummer === p.diarienummer && STEG_SOM_ANMALS.includes(x.steg),
      )) {
        try {
          await getExternalWorkflowHandle(`uppgift/${r.id}/${r.steg}-1`).signal(avslutaAvProcessenSignal, {
            aktor: skickadAv ?? fakta.sekreterare[0]!,
            kommentar: `Beslutet är justerat: ${referens}`,
          });
        } catch {
          // The task has ended (completed by hand) or is not started yet: nothing to close.
        }
      }
    }
  }

  /**
   * A branch that runs beside the main line and is joined at the end. Its failure is the workflow's when it is
   * joined, not an unhandled rejection before: a stop (cancellation) that arrives while the main line still runs
   * rejects the branch's pending `condition` at once, and an unhandled rejection fails the workflow task again and
   * again instead of letting the workflow end as cancelled. Adds no command.
   */
  function egenKedja(kedja: Promise<void>): Promise<void> {
    kedja.catch(() => undefined);
    return kedja;
  }

  /** A protocol is not sent for justering while a § is being recorded: it would leave that § out, or half in. */
  function paVagFel(k: SammantradeKommando): Fel[] {
    if (k.typ !== 'skickaForJustering' || paragraferPaVag === 0) return [];
    return [
      {
        field: '',
        rule: 'paragraf_pa_vag',
        message:
          'en paragraf håller på att protokollföras; skicka protokollet till justering när den är klar',
      },
    ];
  }

  /** Sleeps until `instant` (epoch ms), at once if it has passed. */
  async function sleepUntil(instant: number) {
    while (Date.now() < instant) await sleep(instant - Date.now());
  }

  /** Stores the protocol as it now stands, as a new version when it changed. */
  async function sparaProtokoll(handelse: string, aktor?: string) {
    const protokoll = protokollAv(state);
    if (!protokoll) return;
    const version = state.version;
    const tid = Date.now();
    // Before this patch every store carried the whole protocol, so the history grew with the square of its §§.
    if (!patched(SOM_ANDRING)) {
      await register.sparaProtokoll({ protokoll, version, handelse, ...(aktor ? { aktor } : {}), tid });
      return;
    }
    // One after the other, each on the one before: a change is applied to the version stored last.
    const steg = sparkedja.then(async () => {
      const kvitto = await register.sparaProtokollandring({
        kommun,
        organ,
        datum,
        ...(sparat ? { bas: sparat.version } : {}),
        andring: protokollandring(sparat?.protokoll, protokoll),
        version,
        handelse,
        ...(aktor ? { aktor } : {}),
        tid,
      });
      sparat = { version, protokoll };
      sha256 = kvitto.sha256;
    });
    sparkedja = steg.catch(() => undefined);
    await steg;
  }

  /** Runs a task to its end. */
  async function runTask(spec: UppgiftSpec): Promise<UppgiftUtfall> {
    return (await startTask(spec)).result;
  }

  /** Starts a task; `result` is how it ends (also kept in the query's `uppgifter`). */
  async function startTask(spec: UppgiftSpec): Promise<{ result: Promise<UppgiftUtfall> }> {
    status.uppgifter[spec.id] = { tilldelad: spec.tilldelad, typ: spec.typ };
    const handle = await startChild(uppgift, {
      args: [spec],
      workflowId: `uppgift/${spec.id}`,
      typedSearchAttributes: uppgiftensSokattribut(spec),
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    });
    return {
      result: handle.result().then((utfall) => {
        status.uppgifter[spec.id]!.utfall = utfall;
        return utfall;
      }),
    };
  }

  /**
   * The sekreterare's task of recording (or correcting) the protocol. It ends when the protocol is sent for
   * justering — by the Update, which closes the task on the sender's behalf, or by completing the task itself,
   * which sends the protocol when it is ready and otherwise opens a new task saying what is missing.
   */
  async function protokollsteg(spec: UppgiftSpec, omgang = 1): Promise<void> {
    status.uppgifter[spec.id] = { tilldelad: spec.tilldelad, typ: spec.typ };
    const handle: ChildWorkflowHandle<typeof uppgift> = await startChild(uppgift, {
      args: [spec],
      workflowId: `uppgift/${spec.id}`,
      typedSearchAttributes: uppgiftensSokattribut(spec),
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
    });
    let utfall: UppgiftUtfall | undefined;
    const result = handle.result().then((u) => {
      utfall = u;
      status.uppgifter[spec.id]!.utfall = u;
      return u;
    });
    await condition(() => state.fas === 'JUSTERING' || utfall !== undefined);
    if (state.fas === 'JUSTERING') {
      if (!utfall) await handle.signal(avslutaAvProcessenSignal, { aktor: skickadAv ?? spec.tilldelad });
      await result;
      return;
    }
    const aktor = utfall!.aktor ?? spec.tilldelad;
    const skicka = {
      typ: 'skickaForJustering' as const,
      aktor: fakta.sekreterare.includes(aktor) ? aktor : spec.tilldelad,
    };
    const fel = sammantradeKommandoFel(state, skicka, idag());
    if (fel.length === 0) {
      skickadAv = aktor;
      setState(tillampaSammantrade(state, skicka));
      visaFasen();
      return;
    }
    await protokollsteg(
      {
        ...spec,
        id: spec.id.replace(/(-\d+)?$/, `-${omgang + 1}`),
        beskrivning: `Protokollet kunde inte skickas till justering: ${fel.map(formatFel).join('; ')}`,
      },
      omgang + 1,
    );
  }

  /** Each § justerad at the meeting takes its anslag at once, and its own appeal period and expediering. */
  async function omedelbarJustering(): Promise<void> {
    const kedjor: Promise<void>[] = [];
    for (;;) {
      await condition(() => omedelbara.length > 0 || state.fas === 'JUSTERAT');
      const nummer = omedelbara.shift();
      if (nummer === undefined) break;
      // Justerad at the meeting (KL 5 kap. 70 §); posted the day it is recorded.
      if (patched(ANMALER_BESLUTEN)) await anmalBesluten([nummer]);
      omedelbaraIgang += 1;
      kedjor.push(
        anslagskedja([nummer], fakta.datum, 'OMEDELBAR', `${id}:anslag:${nummer}`).finally(() => {
          omedelbaraIgang -= 1;
        }),
      );
    }
    await Promise.all(kedjor);
  }

  /** Anslag → appeal period and laga kraft, anslag down, and expediering, side by side. */
  async function anslagskedja(
    paragrafer: number[],
    justering: IsoDate,
    typ: 'PROTOKOLL' | 'OMEDELBAR',
    nyckel: string,
  ): Promise<void> {
    const uppsatt = idag();
    const frister = beraknaFrister({ sammantrade: fakta.datum, justering, anslag: uppsatt });
    const post: SammantradeStatus['anslag'][number] = { paragrafer, frister };
    status.anslag.push(post);
    const anslag = {
      kommun,
      organ,
      datum,
      nyckel,
      typ,
      paragrafer,
      uppsatt,
      nedtasTidigast: frister.anslagNedtidigast,
      overklagandeSenast: frister.overklagandeSenast,
      lagaKraft: frister.lagaKraft,
    };
    await register.sparaAnslag(anslag);

    const lagaKraft = async () => {
      post.overklagande = await executeChild(overklagandetid, {
        args: [
          {
            kommun: fakta.kommun,
            organ: fakta.organ,
            sammantrade: fakta.datum,
            justering,
            anslag: uppsatt,
            paragrafer,
          },
        ],
        workflowId: `overklagandetid/${fakta.kommun}/${fakta.organ}/${fakta.datum}${typ === 'OMEDELBAR' ? `/${paragrafer[0]}` : ''}`,
        // The appeal period runs its course whatever happens to the meeting's workflow.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    };
    const nedtagning = async () => {
      if (fakta.anslagstavla === 'papper' && typ === 'PROTOKOLL') {
        // A board of paper: the sekreterare records the day it came down (never before the period is over).
        await condition(() => state.anslagNedtaget !== undefined);
        post.nedtagen = state.anslagNedtaget;
      } else {
        // Taken down on the day after the appeal period, in the morning: it has then been up for all of it.
        await sleepUntil(instantInStockholm(frister.anslagNedtidigast, klockan));
        post.nedtagen = idag();
      }
      await register.sparaAnslag({ ...anslag, nedtagen: post.nedtagen! });
      // Before this patch, the protocol never said when its anslag came down: the anslagsbevis printed the first
      // lawful day as if it were the real one.
      if (
        typ === 'PROTOKOLL' &&
        !state.anslagNedtaget &&
        patched('sammantrade-anslaget-nedtaget-i-protokollet')
      ) {
        setState({ ...state, anslagNedtaget: post.nedtagen!, version: state.version + 1 });
        await sparaProtokoll('ANSLAGET_NEDTAGET');
      }
    };
    // Before this patch the chain (and so the meeting) waited for every receipt, however long.
    await Promise.all([lagaKraft(), nedtagning(), expediera(paragrafer, patched(KVITTENSER_I_REGISTRET))]);
  }

  /** Every recipient of each § gets its protokollsutdrag and acknowledges it; reminded and escalated like any task. */
  async function expediera(paragrafer: number[], iRegistret: boolean): Promise<void> {
    await Promise.all(
      state.paragrafer
        .filter((p) => paragrafer.includes(p.nummer))
        .map(async (paragraf) => {
          const skickade = await Promise.all(
            expedieringsmottagare(paragraf).map((m) =>
              expedieraTill(paragraf, m.mottagare, m.for, iRegistret),
            ),
          );
          const avsluta = avslutaNarKvitterat(paragraf, Promise.all(skickade.map((s) => s.kvitto)));
          // Under the patch the receipts are waited for apart, and handed to the register at the end.
          if (iRegistret) {
            kvittenserVantar += 1;
            kvittensvantan.push(
              egenKedja(
                avsluta.finally(() => {
                  kvittenserVantar -= 1;
                }),
              ),
            );
          } else await avsluta;
        }),
    );
  }

  /** Every recipient of the § has acknowledged: its ärende is closed by this beslut (not when handed over). */
  async function avslutaNarKvitterat(
    paragraf: Paragraf,
    kvitton: Promise<(number | undefined)[]>,
  ): Promise<void> {
    const alla = await kvitton;
    if (alla.some((k) => k === undefined)) return;
    const kvitterade = alla as number[];
    if (!paragraf.diarienummer) return;
    await register.avslutaArende({
      kommun,
      diarienummer: paragraf.diarienummer,
      genom: formatBeslutsreferens(fakta.beslutsreferensFormat, { organ, datum, paragraf: paragraf.nummer }),
      // At the last receipt (now, for a § sent to no one).
      tid: kvitterade.length > 0 ? Math.max(...kvitterade) : Date.now(),
    });
  }

  /** One recipient of one §: the utdrag by mail, then the receipt (a kvittens task). */
  async function expedieraTill(
    paragraf: Paragraf,
    namn: string,
    syfte: 'VERKSTALLIGHET' | 'KANNEDOM',
    iRegistret: boolean,
  ): Promise<{ kvitto: Promise<number | undefined> }> {
    const mottagare = fakta.mottagare[namn]!;
    const spec = motesuppgift(state, {
      id: `kvittens-${paragraf.nummer}-${mottagare}`,
      typ: 'kvittens',
      titel: `Bekräfta protokollsutdrag § ${paragraf.nummer}: ${paragraf.rubrik}`,
      tilldelad: mottagare,
      forfaller: addDays(idag(), fakta.kvittensDagar),
    });
    const rad: Expediering = {
      paragraf: paragraf.nummer,
      mottagare,
      for: syfte,
      uppgiftId: spec.id,
      status: 'SKICKAD',
    };
    const expediering = {
      kommun,
      organ,
      datum,
      nyckel: `${id}:expediering:${paragraf.nummer}:${mottagare}`,
      paragraf: paragraf.nummer,
      mottagare,
      for: syfte,
      uppgiftId: spec.id,
    };
    const spara = (extra: { skickad?: number; kvitterad?: number; overlamnad?: number }) =>
      register.sparaExpediering({ ...expediering, ...extra });
    await spara({});
    // The receipt task exists before its link is in anyone's inbox.
    const kvittens = await startTask({ ...spec, utanNyMail: true });
    const utfall = await mail.skickaProtokollsutdrag({ ...expediering, forfaller: spec.forfaller });
    const avvisat = utfall?.status === 'AVVISAT' || utfall?.status === 'REDAN_AVVISAT';
    // Before this patch, a refused utdrag was recorded as sent. Now its row keeps no send time and the status
    // says it was refused; its receipt task stays for the kanslichef, who was told of the refusal.
    if (avvisat && patched('sammantrade-avvisat-utdrag-inte-skickat')) {
      rad.status = 'AVVISAD';
      status.expediering.push(rad);
    } else {
      await spara({ skickad: Date.now() });
      status.expediering.push(rad);
    }
    if (!iRegistret) {
      const kvitto = await kvittens.result;
      rad.status = 'KVITTERAD';
      await spara({ kvitterad: kvitto.tid });
      return { kvitto: Promise.resolve(kvitto.tid) };
    }
    return { kvitto: kvittensEllerRegistret() };

    /** The receipt, or — when the meeting is done with all else first — the register takes it from here. */
    async function kvittensEllerRegistret(): Promise<number | undefined> {
      let kvitto: UppgiftUtfall | undefined;
      let fel: unknown;
      kvittens.result.then(
        (u) => (kvitto = u),
        (e: unknown) => (fel = e ?? new Error('the receipt task failed')),
      );
      await condition(() => kvitto !== undefined || fel !== undefined || kvittenserTillRegistret);
      if (fel !== undefined) throw fel;
      if (kvitto) {
        rad.status = 'KVITTERAD';
        await spara({ kvitterad: kvitto.tid });
        return kvitto.tid;
      }
      if (rad.status !== 'AVVISAD') rad.status = 'I_REGISTRET';
      await spara({ overlamnad: Date.now() });
      return undefined;
    }
  }
}
