/**
 * What a sekreterare sends the REST API to record a meeting and its § — the facts and § 336 of document 000
 * (config/examples/lund-ks-2023-10-11.json), moved to another kommun's meeting on `datum`.
 */
import { addDays, type IsoDate } from '../../src/domain/datum';
import { rawLundProtokoll } from './dokument';

const lund = rawLundProtokoll() as Record<string, unknown> & { paragrafer: { nummer: number }[] };

export function motetBody(datum: IsoDate, justerare: string) {
  return {
    tid: lund.tid,
    ajourneringar: lund.ajourneringar,
    plats: lund.plats,
    narvaro: lund.narvaro,
    ordforande: lund.ordforande,
    sekreterare: lund.sekreterare,
    justerare: [{ namn: 'Axel Hallberg (MP)', personId: justerare }],
    justering: { datum: addDays(datum, 3), klockan: '10.00', plats: 'Digital justering' },
  };
}

export function paragrafBody(skickasTill: { verkstallighet: string[]; kannedom: string[] }) {
  const { nummer: _n, ...p336 } = lund.paragrafer.find((p) => p.nummer === 336)!;
  return { nyckel: 'KS 2026-0042', paragraf: { ...p336, diarienummer: 'KS 2026-0042', skickasTill } };
}
