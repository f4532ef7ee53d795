/**
 * Lund KS 2023-10-11 as the meeting workflow tests run it: started, waited for until its protocol is open, the
 * meeting's facts recorded from the real protocol (./dokument.ts `lundProtokoll`) with one justerare.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { IsoDate } from '../../src/domain/datum';
import type { KommunConfig } from '../../src/domain/kommun';
import { motesfaktaFor } from '../../src/domain/sammantrade';
import { protokollforMotetUpdate, sammantrade, sammantradeQuery } from '../../src/workflows/sammantrade';
import { lundProtokoll } from './dokument';
import { until } from './until';

export const LUND_MOTET_ID = 'sammantrade/lund/KS/2023-10-11';

const exempel = lundProtokoll();

/** The meeting's facts from the real protocol, with one justerare; justerat on `justering` (the protocol's day). */
export const lundMotetsFakta = (justering = '2023-10-18') => ({
  aktor: 'kommunsekreterare',
  tid: exempel.tid,
  ajourneringar: exempel.ajourneringar,
  plats: exempel.plats,
  narvaro: exempel.narvaro,
  ordforande: exempel.ordforande,
  sekreterare: exempel.sekreterare,
  justerare: [{ namn: 'Axel Hallberg (MP)', personId: 'ks-justerare' }],
  justering: { datum: justering, klockan: '10.00', plats: 'Digital justering' },
});

/** Starts the meeting, waits for its protocol, and records the meeting's facts (the first § to be 336). */
export async function lundMotetProtokollfort(
  client: Client,
  taskQueue: string,
  lund: KommunConfig,
): Promise<WorkflowHandle<typeof sammantrade>> {
  const handle = await client.workflow.start(sammantrade, {
    args: [motesfaktaFor(lund, 'KS', '2023-10-11' as IsoDate)],
    taskQueue,
    workflowId: LUND_MOTET_ID,
  });
  await until('the protocol', async () =>
    (await handle.query(sammantradeQuery)).state.fas === 'PROTOKOLLFORING' ? true : undefined,
  );
  await handle.executeUpdate(protokollforMotetUpdate, {
    args: [{ ...lundMotetsFakta(), forstaParagraf: 336 }],
  });
  return handle;
}
