/**
 * A kommun's year for the årshjul page: the running årshjul's view — its plan as the årshjul keeps it in the
 * register (one indexed read; the late marks computed here for `idag`), or, for a year started before it did, its
 * query; each report's steps as the register has them (`medRapporternasSteg`) — or — when it is not started,
 * or was stopped — the plan as it would be made now (src/domain/planering.ts), which the page offers to start.
 * Starting it is src/temporal/starta.ts.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { medRegistret, planeradOversikt, type ArshjulOversikt } from '../domain/arshjul';
import type { IsoDate } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import type { LastArshjulOversikt } from '../db/arshjulOversikt';
import type { Register } from '../db/register';
import { queryWhenReady } from '../temporal/client';
import { arshjulQuery, arshjulWorkflowId, oversiktAv, type ArshjulData } from '../workflows/arshjul';

export type Aret =
  | { lage: 'STARTAT'; oversikt: ArshjulOversikt }
  /** Not started, or stopped (`stoppat`: how it ended): the plan as it would be made now. */
  | { lage: 'PLAN'; oversikt: ArshjulOversikt; stoppat?: string }
  /** Started, but its query did not answer (no worker running?): the plan, with a warning. */
  | { lage: 'SVARAR_INTE'; oversikt: ArshjulOversikt };

const STOPPAT: Record<string, string> = {
  TERMINATED: 'avbrutet',
  CANCELLED: 'stoppat',
  FAILED: 'avbrutet av ett fel',
  TIMED_OUT: 'avbrutet (tidsgräns)',
};

/**
 * The årshjul's data with each report's steps as the register has them: the tasks the steps are, as their
 * workflows wrote them, and the reports' rows (src/domain/arshjul.ts `medRegistret`). The årshjul itself hears
 * only of the steps it acts on, so every view of a running year — page, REST, CLI, the bench's driver — is built
 * on this.
 */
export async function medRapporternasSteg(
  register: Pick<Register, 'rapporternasSteg'>,
  data: ArshjulData,
): Promise<ArshjulData> {
  if (data.planer.length === 0) return data;
  const registret = await register.rapporternasSteg(data.planer.map((p) => p.id));
  return { ...data, handelser: medRegistret(data.handelser, registret) };
}

/**
 * The last answer built from each year's register row: while the row's seq, its reports' rows (`steg`) and the
 * day are the same, a read is one small indexed select (without the data) and no rebuild. One entry per register,
 * kommun and year.
 */
const SENAST = new WeakMap<
  object,
  Map<string, { seq: number; steg: string; idag: IsoDate; data: unknown; aret: Aret }>
>();

/**
 * The year's row as being read right now, per register: a read of the same row (kommun, year and the seq the
 * reader knows) that comes while it is on its way takes its answer instead of a select of its own. Under load —
 * a page every kanslichef has open, reloaded — the selects fall to about one per round trip to the database, and
 * an answer is at most one such round trip older than its request; the register is written after the command
 * it records has answered anyway (src/workflows/uppgift.ts, V3), so no reader could count on less.
 */
const PA_VAG = new WeakMap<object, Map<string, Promise<LastArshjulOversikt | undefined>>>();

function perRegister<V>(karta: WeakMap<object, Map<string, V>>, register: object): Map<string, V> {
  let m = karta.get(register);
  if (!m) karta.set(register, (m = new Map()));
  return m;
}

function lasRaden(
  register: Pick<Register, 'hamtaArshjulOversikt'>,
  kommun: string,
  ar: number,
  kandSeq: number | undefined,
): Promise<LastArshjulOversikt | undefined> {
  const paVag = perRegister(PA_VAG, register);
  const nyckel = `${kommun}/${ar}/${kandSeq ?? ''}`;
  let lasning = paVag.get(nyckel);
  if (!lasning) {
    lasning = register.hamtaArshjulOversikt(kommun, ar, kandSeq).finally(() => paVag.delete(nyckel));
    paVag.set(nyckel, lasning);
  }
  return lasning;
}

export async function lasAret(
  client: Client,
  config: KommunConfig,
  ar: number,
  idag: IsoDate,
  register: Pick<Register, 'hamtaArshjulOversikt' | 'rapporternasSteg'>,
): Promise<Aret> {
  const plan = () => planeradOversikt(config, ar, idag);
  const nyckel = `${config.kommun.id}/${ar}`;
  const senaste = perRegister(SENAST, register);
  const senast = senaste.get(nyckel);
  const rad = await lasRaden(register, config.kommun.id, ar, senast?.seq);
  if (rad) {
    // The row and its reports' rows unchanged since the last read, and the same day: the same answer.
    if (
      rad.data === undefined &&
      senast &&
      senast.idag === idag &&
      senast.seq === rad.seq &&
      senast.steg === rad.steg
    )
      return senast.aret;
    const data = (rad.data ?? senast?.data) as ArshjulData | undefined;
    if (data) {
      const aret: Aret =
        rad.status === 'STOPPAD'
          ? { lage: 'PLAN', oversikt: plan(), stoppat: STOPPAT.CANCELLED! }
          : {
              lage: 'STARTAT',
              oversikt:
                data.planer.length > 0 ? oversiktAv(await medRapporternasSteg(register, data), idag) : plan(),
            };
      senaste.set(nyckel, { seq: rad.seq, steg: rad.steg, idag, data, aret });
      return aret;
    }
  }
  // A year started before the årshjul kept its overview in the register (or not started): ask the workflow.
  const handle = client.workflow.getHandle(arshjulWorkflowId(config.kommun.id, ar));
  let status: string;
  try {
    status = (await handle.describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { lage: 'PLAN', oversikt: plan() };
    throw error;
  }
  const stoppat = STOPPAT[status];
  if (stoppat) return { lage: 'PLAN', oversikt: plan(), stoppat };
  try {
    const data = await queryWhenReady(handle, arshjulQuery, 5_000);
    // Just started: the plan is being made; until then it is the plan as made here.
    return {
      lage: 'STARTAT',
      oversikt: data.planer.length > 0 ? oversiktAv(await medRapporternasSteg(register, data), idag) : plan(),
    };
  } catch (error) {
    console.error(`The årshjul ${handle.workflowId} did not answer its query:`, error);
    return { lage: 'SVARAR_INTE', oversikt: plan() };
  }
}
