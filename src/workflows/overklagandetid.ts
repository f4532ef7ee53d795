/**
 * The appeal period of a justerat protokoll: from the anslag, wait until the day after the last day of appeal
 * (Europe/Stockholm midnight), accept appeals that arrive in time, and finish when every beslut has vunnit
 * laga kraft or been appealed. KL 13 kap. 5 §; the dates come from src/domain/frister.ts.
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { startOfDayInStockholm } from '../domain/datum';
import {
  allaOverklagade,
  fristerFor,
  justeratProtokollSchema,
  overklagandeFel,
  overklagandeInputSchema,
  overklagandetidStatus,
  registreraOverklagande,
  type JusteratProtokoll,
  type Overklagande,
  type OverklagandeInput,
  type OverklagandetidStatus,
} from '../domain/overklagande';
import { parseKommando, parsePayload, rejectIfAny } from './fel';
import { KOMMUN, ORGAN, STATUS } from './searchAttributes';

export const statusQuery = defineQuery<OverklagandetidStatus>('status');
export const anmalOverklagandeUpdate = defineUpdate<OverklagandetidStatus, [OverklagandeInput]>(
  'anmalOverklagande',
);

export async function overklagandetid(input: JusteratProtokoll): Promise<OverklagandetidStatus> {
  const protokoll = parsePayload(justeratProtokollSchema, input);
  const periodEnds = startOfDayInStockholm(fristerFor(protokoll).lagaKraft);
  const overklaganden: Overklagande[] = [];
  const status = () => overklagandetidStatus(protokoll, overklaganden, Date.now());
  const publishStatus = () => upsertSearchAttributes([{ key: STATUS, value: status().status }]);

  upsertSearchAttributes([
    { key: KOMMUN, value: protokoll.kommun },
    { key: ORGAN, value: protokoll.organ },
  ]);
  publishStatus();
  setHandler(statusQuery, status);
  setHandler(
    anmalOverklagandeUpdate,
    (raw) => {
      overklaganden.push(
        registreraOverklagande(protokoll, parsePayload(overklagandeInputSchema, raw), Date.now()),
      );
      publishStatus();
      return status();
    },
    {
      validator: (raw) =>
        rejectIfAny(overklagandeFel(protokoll, parseKommando(overklagandeInputSchema, raw), Date.now())),
    },
  );

  // Wait for the anslag to have been up for the whole period, or for every beslut to be appealed. Looped:
  // a timer may fire a little early (servers round durations), and the period must be over in full.
  while (Date.now() < periodEnds && !allaOverklagade(protokoll, overklaganden)) {
    await condition(() => allaOverklagade(protokoll, overklaganden), periodEnds - Date.now());
  }

  publishStatus();
  await condition(allHandlersFinished);
  return status();
}
