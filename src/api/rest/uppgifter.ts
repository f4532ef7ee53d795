/**
 * Tasks: the signed-in person's list (from the register's read model), one task with its history, and the
 * commands on it — each the task workflow's Update as the signed-in person. Justering is done here: the
 * ordförande and each justerare approve (or return) their `justering` task.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { UppgiftRad } from '../../db/register';
import type { BehorighetKommando } from '../../domain/behorighet';
import { dateInStockholm } from '../../domain/datum';
import { nyForfallodagFel } from '../../domain/forfallodag';
import {
  kommandoFelEfterSlut,
  nyUppgift,
  STATUS_TEXT,
  uppgiftSpecSchema,
  type Handelse,
  type Kommando,
  type UppgiftState,
} from '../../domain/uppgift';
import type { Fel, z } from '../../domain/validering';
import {
  andraForfallodagUpdate,
  paminnUpdate,
  delegeraUpdate,
  godkannUpdate,
  returneraUpdate,
  slutforUpdate,
  tilldelaOmUpdate,
  uppgiftQuery,
} from '../../workflows/uppgift';
import { startInput } from '../../temporal/client';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { kravBehorighet, kravSynligUppgift, okandUppgift, uppdatera } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import {
  andraForfallodagBody,
  paminnBody,
  delegeraBody,
  godkannBody,
  returneraBody,
  slutforBody,
  tilldelaOmBody,
  uppgiftListaSchema,
  uppgiftParams,
  uppgifterQuery,
  uppgiftSchema,
  type uppgiftSammanfattningSchema,
} from './schemas';
import { konflikt, ogiltig } from './svar';
import { uppfoljningsgrind } from '../../uppfoljning/rapportens';

type Sammanfattning = z.input<typeof uppgiftSammanfattningSchema>;
type UppgiftSvar = z.input<typeof uppgiftSchema>;

const lank = (id: string) => `/uppgifter/${encodeURIComponent(id)}`;

function sammanfattningAvRad(r: UppgiftRad): Sammanfattning {
  return {
    id: r.id,
    kommun: r.kommun,
    ...(r.organ ? { organ: r.organ } : {}),
    typ: r.typ,
    titel: r.titel,
    process: { id: r.processId, titel: r.processTitel },
    tilldelad: r.tilldelad,
    delegater: r.delegater,
    forfaller: r.forfaller,
    status: r.status,
    forsenad: r.forsenad,
    lank: lank(r.id),
  };
}

const handelseSvar = (h: Handelse): UppgiftSvar['historik'][number] => ({
  ...h,
  tid: new Date(h.tid).toISOString(),
});

function svarAvState(s: UppgiftState): UppgiftSvar {
  return {
    id: s.spec.id,
    kommun: s.spec.kommun,
    ...(s.spec.organ ? { organ: s.spec.organ } : {}),
    typ: s.spec.typ,
    titel: s.spec.titel,
    process: s.spec.process,
    tilldelad: s.tilldelad,
    delegater: s.delegater,
    forfaller: s.forfaller,
    status: s.status,
    forsenad: s.status === 'OPPEN' && s.forfaller < dateInStockholm(Date.now()),
    lank: lank(s.spec.id),
    historik: s.historik.map(handelseSvar),
  };
}

/** What a command is authorized on: the task's kommun, organ, kind, process and people. */
interface Underlag {
  kommun: string;
  organ?: string;
  typ: UppgiftRad['typ'];
  processId: string;
  tilldelad: string;
  delegater: readonly string[];
}

const underlagAvState = (s: UppgiftState): Underlag => ({
  kommun: s.spec.kommun,
  ...(s.spec.organ ? { organ: s.spec.organ } : {}),
  typ: s.spec.typ,
  processId: s.spec.process.id,
  tilldelad: s.tilldelad,
  delegater: s.delegater,
});

/**
 * The task as the register has it: enough to authorize a command without asking the workflow first (a query is
 * a round trip through the worker for every command); the Update's validator checks again, on the workflow's own
 * state, so a row a moment behind refuses at worst what the workflow would refuse anyway. A task the register does
 * not know yet is one in the moment after its start, its first state still being stored: who it is for is in its
 * start input, read from its history without a workflow task. Only when that does not let the person through
 * (`slapperIgenom`), or cannot be read, is the workflow itself asked.
 */
async function underlag(
  deps: WebbDeps,
  handle: WorkflowHandle,
  id: string,
  slapperIgenom: (uppgift: Underlag) => boolean,
  forhamtad: Promise<UppgiftRad | undefined> | undefined,
): Promise<{ uppgift: Underlag; rad?: UppgiftRad } | undefined> {
  const rad = await (forhamtad ?? deps.register.hamtaUppgift(id));
  if (rad) return { uppgift: rad, rad };
  const spec = uppgiftSpecSchema.safeParse(await startInput(deps.client, handle.workflowId));
  if (spec.success) {
    const franStarten = underlagAvState(nyUppgift(spec.data, Date.now()));
    if (slapperIgenom(franStarten)) return { uppgift: franStarten };
  }
  try {
    return { uppgift: underlagAvState(await handle.query(uppgiftQuery)) };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** What a command on a task reads from the request. */
interface Uppgiftskommando {
  deps: WebbDeps;
  session: Session | undefined;
  params: { id: string };
  /** The task's row, read beside the session's (`forhamtaRaden`). */
  forhamtat?: Promise<UppgiftRad | undefined>;
}

/** The row a command on the task `{id}` is authorized from: read by the API's gate beside the session's row. */
const forhamtaRaden = (deps: WebbDeps, params: Record<string, string>) =>
  deps.register.hamtaUppgift(params.id ?? '');

/** API check from the register's row, then the Update as the signed-in person; answers the task after it. */
async function kommandoPaUppgift(
  k: Uppgiftskommando,
  typ: Kommando['typ'],
  skicka: (handle: WorkflowHandle, aktor: string, uppgift: Underlag) => Promise<UppgiftState>,
): Promise<UppgiftSvar> {
  const { deps } = k;
  const session = inloggad(k);
  const id = k.params.id;
  const kommando = `uppgift.${typ}` as BehorighetKommando;
  const handle = deps.client.workflow.getHandle(`uppgift/${id}`);
  const krav = (uppgift: Underlag) =>
    kravBehorighet(kravSynligUppgift(deps, session, id, uppgift), session, kommando, {
      ...(uppgift.organ ? { organ: uppgift.organ } : {}),
      uppgift,
    });
  const slapperIgenom = (uppgift: Underlag) => {
    try {
      krav(uppgift);
      return true;
    } catch {
      return false;
    }
  };
  const funnen = await underlag(deps, handle, id, slapperIgenom, k.forhamtat);
  if (!funnen) throw okandUppgift(id);
  const { uppgift, rad } = funnen;
  krav(uppgift);
  const efter = await uppdatera(handle, () => skicka(handle, session.person, uppgift), {
    // A task whose workflow is gone (closed and no longer kept) is answered from the register: closed.
    saknad: () =>
      rad
        ? konflikt([
            {
              field: 'id',
              rule: 'uppgiften_avslutad',
              message: `uppgiften "${rad.titel}" är ${STATUS_TEXT[rad.status]}`,
            },
          ])
        : okandUppgift(id),
    avslutad: async (): Promise<Fel[]> =>
      kommandoFelEfterSlut(await handle.query(uppgiftQuery), { typ, aktor: session.person } as Kommando),
  });
  return svarAvState(efter);
}

const TAGG = 'Uppgifter';
const FEL = [403, 404, 409] as const;

export const uppgiftEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/tasks',
    tagg: TAGG,
    sammanfattning: 'Mina uppgifter',
    beskrivning:
      'Den inloggades uppgifter (tilldelade eller delegerade), öppna först och de försenade först bland dem. Ur registret.',
    query: uppgifterQuery,
    svar: { status: 200, beskrivning: 'Uppgifterna.', schema: uppgiftListaSchema },
    fel: [],
    async hantera(k) {
      const s = inloggad(k);
      const rader = await k.deps.register.listaUppgifter({
        kommun: s.kommun,
        person: s.person,
        ...(k.query.status ? { status: [k.query.status] } : {}),
      });
      const uppgifter = rader
        .filter((r) => k.query.organ === undefined || r.organ === k.query.organ)
        .filter((r) => k.query.typ === undefined || r.typ === k.query.typ)
        .filter((r) => k.query.forsenad === undefined || String(r.forsenad) === k.query.forsenad)
        .map(sammanfattningAvRad);
      return { uppgifter };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/tasks/{id}',
    tagg: TAGG,
    sammanfattning: 'En uppgift med dess historik',
    beskrivning: 'Ur registret. Den tilldelade, en delegat eller kanslichefen får se den.',
    params: uppgiftParams,
    svar: { status: 200, beskrivning: 'Uppgiften.', schema: uppgiftSchema },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const rad = await k.deps.register.hamtaUppgift(k.params.id);
      if (!rad) throw okandUppgift(k.params.id);
      kravSynligUppgift(k.deps, s, k.params.id, rad);
      const historik = await k.deps.register.uppgiftshistorik(rad.id);
      return { ...sammanfattningAvRad(rad), historik: historik.map(handelseSvar) };
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/slutfor',
    tagg: TAGG,
    sammanfattning: 'Slutför uppgiften',
    beskrivning:
      'Den tilldelade, en delegat eller kanslichefen. Godkännandeuppgifter godkänns eller returneras i stället.',
    params: uppgiftParams,
    body: slutforBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'slutfor', (h, aktor) =>
        h.executeUpdate(slutforUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        }),
      ),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/godkann',
    tagg: TAGG,
    sammanfattning: 'Godkänn uppgiften (t.ex. justera protokollet)',
    beskrivning:
      'Chefens godkännande av en rapport, eller justeringen av ett protokoll: ordföranden och varje justerare godkänner sin `justering`-uppgift. När alla har godkänt är protokollet justerat, och sammanträdets process sätter upp anslaget på anslagstavlan av sig själv (KL 8 kap. 12 §).',
    params: uppgiftParams,
    body: godkannBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'godkann', async (h, aktor, uppgift) => {
        // The report's follow-up must be complete (issue 17): the refusal lists what is missing.
        const brister =
          uppgift.typ === 'godkannande'
            ? await uppfoljningsgrind(k.deps.register, k.deps.kommuner, uppgift.processId)
            : [];
        if (brister.length > 0) throw konflikt(brister);
        return h.executeUpdate(godkannUpdate, { ...k.idempotens, args: [{ aktor, ...k.body }] });
      }),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/returnera',
    tagg: TAGG,
    sammanfattning: 'Returnera uppgiften med en kommentar (t.ex. invändning vid justering)',
    beskrivning:
      'En justerare som invänder anger paragraferna; protokollet går tillbaka till sekreteraren för rättelse.',
    params: uppgiftParams,
    body: returneraBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'returnera', (h, aktor) =>
        h.executeUpdate(returneraUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        }),
      ),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/delegera',
    tagg: TAGG,
    sammanfattning: 'Delegera uppgiften till en person till',
    params: uppgiftParams,
    body: delegeraBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'delegera', (h, aktor) =>
        h.executeUpdate(delegeraUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        }),
      ),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/tilldelaOm',
    tagg: TAGG,
    sammanfattning: 'Tilldela uppgiften någon annan (kanslichefen)',
    params: uppgiftParams,
    body: tilldelaOmBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'tilldelaOm', (h, aktor) =>
        h.executeUpdate(tilldelaOmUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        }),
      ),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/andraForfallodag',
    tagg: TAGG,
    sammanfattning: 'Flytta uppgiftens förfallodag (kanslichefen)',
    params: uppgiftParams,
    body: andraForfallodagBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'andraForfallodag', async (h, aktor) => {
        // Not a day that has passed, an open day, not before the task's year (src/domain/forfallodag.ts).
        const idag = dateInStockholm(k.deps.nu?.() ?? Date.now());
        const planerad = (await h.query(uppgiftQuery)).spec.forfaller;
        const fel = nyForfallodagFel(k.body.forfaller, idag, planerad);
        if (fel.length > 0) throw ogiltig(fel);
        return h.executeUpdate(andraForfallodagUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        });
      }),
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/paminn',
    tagg: TAGG,
    sammanfattning: 'Påminn den ansvarige nu (kanslichefen)',
    beskrivning:
      'Ett e-postmeddelande går ut genast, utöver de planerade påminnelserna, och noteras i historiken.',
    params: uppgiftParams,
    body: paminnBody,
    svar: { status: 200, beskrivning: 'Uppgiften efter kommandot.', schema: uppgiftSchema },
    fel: FEL,
    forhamta: forhamtaRaden,
    hantera: (k) =>
      kommandoPaUppgift(k, 'paminn', (h, aktor) =>
        h.executeUpdate(paminnUpdate, {
          ...k.idempotens,
          args: [{ aktor, ...k.body }],
        }),
      ),
  }),
];
