import fc from 'fast-check';
import { addDays, daysBetween, type IsoDate } from '../../src/domain/datum';

const first = '1900-01-01' as IsoDate;

/** Any date 1900-01-01 … 2100-12-31. */
export const anyDate = fc
  .integer({ min: 0, max: daysBetween(first, '2100-12-31' as IsoDate) })
  .map((n) => addDays(first, n));
