/**
 * The meetings of a kommun's sammanträdesplan as the pages and calendar feeds show them: organ, date, and the
 * time and place where the config has them.
 */
import { compareDates, type IsoDate } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';

export interface Mote {
  organ: string;
  datum: IsoDate;
  tid?: string;
  plats?: string;
}

/** Every planned meeting of the config (of `ar` alone when given), by date then organ. */
export function moten(config: KommunConfig, ar?: number): Mote[] {
  return Object.entries(config.sammantradesplan)
    .filter(([year]) => ar === undefined || Number(year) === ar)
    .flatMap(([, perOrgan]) =>
      Object.entries(perOrgan).flatMap(([organ, mote]) =>
        mote.map((m) => ({
          organ,
          datum: m.datum,
          ...(m.tid ? { tid: m.tid } : {}),
          ...(m.plats ? { plats: m.plats } : {}),
        })),
      ),
    )
    .sort((a, b) => compareDates(a.datum, b.datum) || a.organ.localeCompare(b.organ));
}
