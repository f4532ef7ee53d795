/**
 * Recording an appeal, also one the kommun hears of late (issue 15). While the appeal period's workflow runs
 * and its laga-kraft day has not come, the appeal is its Update, as before. After that — the workflow closed,
 * or the day come — the appeal is kept in the register (`overklagande_i_efterhand`) against the status the
 * workflow closed with: one that came in within the three weeks (KL 13 kap. 5 §) means the beslut has not
 * vunnit laga kraft after all; one that came in later is recorded as för sent inkommet and changes nothing.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { dateInStockholm } from '../domain/datum';
import {
  medOverklagandenIEfterhand,
  overklagandeIEfterhandFel,
  registreraOverklagandeIEfterhand,
  type OverklagandeIEfterhandInput,
  type OverklagandetidStatus,
} from '../domain/overklagande';
import type { Fel } from '../domain/validering';
import type { Register } from '../db/register';
import { anmalOverklagandeUpdate, statusQuery, type overklagandetid } from '../workflows/overklagandetid';
import { validationFelOf, workflowIds } from './client';

export type StatusMedEfterhand = OverklagandetidStatus & {
  efterhand?: ReturnType<typeof medOverklagandenIEfterhand>['efterhand'];
  meddelanden?: string[];
};

/** The appeal could not be recorded: each problem names its field. */
export class OverklagandeFel extends Error {
  constructor(readonly fel: Fel[]) {
    super(fel.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.name = 'OverklagandeFel';
  }
}

type Reg = Pick<Register, 'sparaOverklagandeIEfterhand' | 'overklagandenIEfterhand'>;

export interface Protokollnyckel {
  kommun: string;
  organ: string;
  sammantrade: string;
}

/**
 * The workflow's status as it stands (a closed workflow answers its query too), with the appeals heard of
 * since. The register is read only once the period is over (the workflow closed, or its laga-kraft day come):
 * before that, no appeal is recorded afterwards.
 */
export async function overklagandetidStatus(
  client: Client,
  register: Reg,
  workflowId: string,
  protokoll: Protokollnyckel,
  now: number = Date.now(),
): Promise<StatusMedEfterhand> {
  const handle = client.workflow.getHandle<typeof overklagandetid>(workflowId);
  const [beskrivning, status] = await Promise.all([handle.describe(), handle.query(statusQuery)]);
  if (beskrivning.status.name === 'RUNNING' && dateInStockholm(now) < status.frister.lagaKraft) return status;
  const efterhand = await register.overklagandenIEfterhand(protokoll);
  return efterhand.length === 0 ? status : medOverklagandenIEfterhand(status, efterhand);
}

/**
 * Records the appeal: as the workflow's Update while its period runs, else in the register as heard of
 * afterwards. Throws `OverklagandeFel` when it cannot be recorded (a date in the future, an unknown §).
 */
export async function anmalOverklagande(
  client: Client,
  register: Reg,
  workflowId: string,
  protokoll: Protokollnyckel,
  input: OverklagandeIEfterhandInput,
  now: number = Date.now(),
): Promise<StatusMedEfterhand> {
  const handle = client.workflow.getHandle<typeof overklagandetid>(workflowId);
  const beskrivning = await handle.describe();
  const status = await handle.query(statusQuery);
  const over = dateInStockholm(now) >= status.frister.lagaKraft;
  if (beskrivning.status.name === 'RUNNING' && !over) {
    const { kant: _kant, ...overklagande } = input;
    try {
      return await handle.executeUpdate(anmalOverklagandeUpdate, { args: [overklagande] });
    } catch (error) {
      const fel = validationFelOf(error);
      // The period ended between the read and the Update: recorded afterwards, below.
      if (!fel?.some((f) => f.rule === 'overklagandetiden_slut')) {
        if (fel) throw new OverklagandeFel(fel);
        throw error;
      }
    }
  }
  const fel = overklagandeIEfterhandFel(status, input, now);
  if (fel.length > 0) throw new OverklagandeFel(fel);
  await register.sparaOverklagandeIEfterhand({
    ...protokoll,
    sammantrade: protokoll.sammantrade as never,
    ...registreraOverklagandeIEfterhand(status, input, now),
  });
  return overklagandetidStatus(client, register, workflowId, protokoll, now);
}

/** The appeal period of the protocol: the one started by hand if there is one, else the meeting's own. */
export async function overklagandetidId(client: Client, p: Protokollnyckel): Promise<string> {
  const manuell = workflowIds.overklagandetidManuell(p.kommun, p.organ, p.sammantrade);
  try {
    await client.workflow.getHandle(manuell).describe();
    return manuell;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      return workflowIds.overklagandetid(p.kommun, p.organ, p.sammantrade);
    throw error;
  }
}
