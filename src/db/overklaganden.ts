/**
 * Appeals heard of after the appeal period's workflow closed (or after the laga-kraft day): the workflow's
 * history is closed, so the register keeps them, per protocol, and the status reads them back
 * (`medOverklagandenIEfterhand`, src/domain/overklagande.ts).
 */
import type { Kysely } from 'kysely';
import { dateInStockholm, type IsoDate } from '../domain/datum';
import type { OverklagandeIEfterhand as Overklagandet } from '../domain/overklagande';
import type { Database } from './schema';
import { json } from './schema';

export interface OverklagandeIEfterhand extends Overklagandet {
  kommun: string;
  organ: string;
  sammantrade: IsoDate;
}

export async function sparaOverklagandeIEfterhand(
  db: Kysely<Database>,
  input: OverklagandeIEfterhand,
): Promise<void> {
  await db
    .insertInto('overklagande_i_efterhand')
    .values({
      kommun_id: input.kommun,
      organ: input.organ,
      sammantrade: input.sammantrade,
      inkom: input.inkom,
      kant: input.kant,
      paragrafer: json(input.paragrafer)!,
      klagande: input.klagande ?? null,
      malnummer: input.malnummer ?? null,
      registrerad_av: input.registreradAv,
      for_sent: input.forSent,
    })
    .execute();
}

export async function overklagandenIEfterhand(
  db: Kysely<Database>,
  protokoll: { kommun: string; organ: string; sammantrade: string },
): Promise<OverklagandeIEfterhand[]> {
  const rows = await db
    .selectFrom('overklagande_i_efterhand')
    .selectAll()
    .where('kommun_id', '=', protokoll.kommun)
    .where('organ', '=', protokoll.organ)
    .where('sammantrade', '=', protokoll.sammantrade as IsoDate)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    kommun: r.kommun_id,
    organ: r.organ,
    sammantrade: r.sammantrade,
    inkom: r.inkom,
    kant: r.kant,
    paragrafer: r.paragrafer as number[],
    ...(r.klagande !== null ? { klagande: r.klagande } : {}),
    ...(r.malnummer !== null ? { malnummer: r.malnummer } : {}),
    registreradAv: r.registrerad_av,
    registrerad: dateInStockholm(r.registrerad.getTime()),
    forSent: r.for_sent,
  }));
}
