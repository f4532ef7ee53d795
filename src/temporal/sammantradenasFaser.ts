/**
 * The started meetings of a year and their phases, read from the register (issue 16): each meeting workflow
 * writes its phase to its row when it starts and at each change (patch `sammantrade-fasen-i-registret`), so the
 * year's list is one indexed read instead of a listing of every meeting workflow of the kommun in Temporal's
 * visibility on each page load.
 *
 * Meetings started before that patch wrote nothing until their next phase change, and those that had ended never
 * will: the first list of a kommun after the upgrade fills their rows in once from visibility (every meeting
 * workflow of the kommun, its phase from the `ArshjulStatus` search attribute), below any phase a workflow writes
 * itself, and the register records that the kommun is filled in. Visibility is not asked again for that kommun;
 * when it cannot be asked, the list shows what the register has and the next list tries again.
 */
import type { Client } from '@temporalio/client';
import type { Register, SammantradetsFas } from '../db/register';
import { isoDateSchema } from '../domain/datum';
import { SAMMANTRADE_FASER, type SammantradeFas } from '../domain/sammantrade';
import { KOMMUN, STATUS } from '../workflows/searchAttributes';

export type FasRegister = Pick<Register, 'startadeSammantraden' | 'faserEfterfyllda' | 'efterfyllFaser'>;

/** The kommuner known to be filled in, per register: asked once per process, never again once true. */
const efterfyllda = new WeakMap<FasRegister, Set<string>>();

/**
 * `organ/datum` → phase of each started meeting of the kommun's `organ` in year `ar` ('OKAND': started, in a phase
 * the list cannot name).
 */
export async function startadeMoten(
  deps: { client: Client; register: FasRegister },
  kommun: string,
  organ: readonly string[],
  ar: number,
): Promise<Map<string, SammantradeFas | 'OKAND'>> {
  await efterfyllEnGang(deps, kommun);
  const rader = await deps.register.startadeSammantraden(kommun, organ, ar);
  return new Map(rader.map((m) => [`${m.organ}/${m.datum}`, m.fas ?? 'OKAND']));
}

async function efterfyllEnGang(deps: { client: Client; register: FasRegister }, kommun: string) {
  let kanda = efterfyllda.get(deps.register);
  if (!kanda) efterfyllda.set(deps.register, (kanda = new Set()));
  if (kanda.has(kommun)) return;
  if (!(await deps.register.faserEfterfyllda(kommun))) {
    let moten: SammantradetsFas[];
    try {
      moten = await ur(deps.client, kommun);
    } catch (error) {
      console.error(`Filling in the meetings of ${kommun} from Temporal's visibility failed:`, error);
      return;
    }
    await deps.register.efterfyllFaser(kommun, moten);
  }
  kanda.add(kommun);
}

/**
 * Every meeting workflow of the kommun in visibility, with the phase its search attribute last said: of a meeting
 * with several runs (continued as new, or started again), the newest, which visibility lists first.
 */
async function ur(client: Client, kommun: string): Promise<SammantradetsFas[]> {
  const prefix = `sammantrade/${kommun}/`;
  const moten = new Map<string, SammantradetsFas>();
  for await (const w of client.workflow.list({
    query: `WorkflowType = 'sammantrade' AND ${KOMMUN.name} = '${kommun.replace(/'/g, '')}'`,
  })) {
    if (!w.workflowId.startsWith(prefix)) continue;
    const [organ, dag, ...rest] = w.workflowId.slice(prefix.length).split('/');
    const datum = isoDateSchema.safeParse(dag);
    if (!organ || !datum.success || rest.length > 0) continue;
    const status = w.typedSearchAttributes.get(STATUS);
    const fas = (SAMMANTRADE_FASER as readonly string[]).includes(status ?? '')
      ? (status as SammantradeFas)
      : undefined;
    if (moten.has(w.workflowId)) continue;
    moten.set(w.workflowId, { kommun, organ, datum: datum.data, ...(fas ? { fas } : {}) });
  }
  return [...moten.values()];
}
