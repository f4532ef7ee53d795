/**
 * The statutory deadlines after a sammanträde: justering → anslag → överklagande → laga kraft.
 *
 * - justering no later than 14 days after the meeting (KL 5 kap. 69 §; for nämnder via 6 kap. 35 §);
 * - the justering announced on the anslagstavla no later than the 2nd day after it (KL 8 kap. 12 §);
 * - laglighetsprövning within three weeks from the day of the anslag (KL 13 kap. 5 §), so the anslag stays up
 *   for the whole period and may come down the day after, when the beslut vinner laga kraft.
 * Each last day is moved by söndagsregeln (lag 1930:173). Where a date has not happened yet, the chain
 * continues from the latest lawful date and reports that date as planned.
 */
import { addDays, type IsoDate, isoDateSchema } from './datum';
import { applySondagsregeln, endOfWeekPeriod } from './sondagsregeln';
import { z } from './validering';

/** KL 5 kap. 69 §. */
export const JUSTERING_DAGAR = 14;
/** KL 8 kap. 12 §. */
export const ANSLAG_DAGAR = 2;
/** KL 13 kap. 5 §. */
export const OVERKLAGANDE_VECKOR = 3;

export type Avvikelse = 'JUSTERING_FORSENAD' | 'ANSLAG_FORSENAT';
export type PlaneradHandelse = 'justering' | 'anslag';

export interface Frister {
  sammantrade: IsoDate;
  justering: IsoDate | null;
  anslag: IsoDate | null;
  justeringSenast: IsoDate;
  anslagSenast: IsoDate;
  overklagandeSenast: IsoDate;
  anslagNedtidigast: IsoDate;
  lagaKraft: IsoDate;
  avvikelser: Avvikelse[];
  planerad: PlaneradHandelse[];
}

export const fristerInputSchema = z
  .object({
    sammantrade: isoDateSchema,
    justering: isoDateSchema.optional(),
    anslag: isoDateSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.justering !== undefined && input.justering < input.sammantrade) {
      ctx.addIssue({
        code: 'custom',
        path: ['justering'],
        message: `${input.justering} är före sammanträdet ${input.sammantrade}; protokollet kan justeras tidigast på sammanträdesdagen`,
        params: { rule: 'justering_tidigast_sammantrade' },
      });
    }
    const anslagFloor = input.justering ?? input.sammantrade;
    if (input.anslag !== undefined && input.anslag < anslagFloor) {
      ctx.addIssue({
        code: 'custom',
        path: ['anslag'],
        message:
          input.justering !== undefined
            ? `${input.anslag} är före justeringen ${input.justering}; anslaget tillkännager en gjord justering (KL 8 kap. 12 §)`
            : `${input.anslag} är före sammanträdet ${input.sammantrade}; anslaget tillkännager justeringen av protokollet (KL 8 kap. 12 §)`,
        params: { rule: 'anslag_tidigast_justering' },
      });
    }
  });

export type FristerInput = z.output<typeof fristerInputSchema>;

/** Lag (1930:173) 2 § applied to a period of `days` days counted from `from`. */
function lastDayAfterDays(from: IsoDate, days: number): IsoDate {
  return applySondagsregeln(addDays(from, days));
}

/** The whole chain for one protocol. Input must already be valid (`fristerInputSchema`). */
export function beraknaFrister(input: FristerInput): Frister {
  const { sammantrade } = input;
  const justering = input.justering ?? null;
  const anslag = input.anslag ?? null;
  const planerad: PlaneradHandelse[] = [];

  const justeringSenast = lastDayAfterDays(sammantrade, JUSTERING_DAGAR); // KL 5 kap. 69 §
  if (justering === null) planerad.push('justering');
  const anslagSenast = lastDayAfterDays(justering ?? justeringSenast, ANSLAG_DAGAR); // KL 8 kap. 12 §
  if (anslag === null) planerad.push('anslag');
  const overklagandeSenast = applySondagsregeln(
    endOfWeekPeriod(anslag ?? anslagSenast, OVERKLAGANDE_VECKOR), // KL 13 kap. 5 §; lag 1930:173 1 §
  );
  // The anslag must stay up for the whole appeal period; it may come down, and the beslut vinner laga
  // kraft, on the day after the last day of appeal — a plain calendar day, not moved.
  const anslagNedtidigast = addDays(overklagandeSenast, 1);

  const avvikelser: Avvikelse[] = [];
  if (justering !== null && justering > justeringSenast) avvikelser.push('JUSTERING_FORSENAD');
  if (anslag !== null && anslag > anslagSenast) avvikelser.push('ANSLAG_FORSENAT');

  return {
    sammantrade,
    justering,
    anslag,
    justeringSenast,
    anslagSenast,
    overklagandeSenast,
    anslagNedtidigast,
    lagaKraft: anslagNedtidigast,
    avvikelser,
    planerad,
  };
}
