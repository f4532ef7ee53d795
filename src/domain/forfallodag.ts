/**
 * A new due date for a task (the kanslichef's "Flytta förfallodagen"): not a day that has passed, an open day
 * (src/domain/arbetsdagar.ts: no Saturday, Sunday, helgdag or helgafton), and not before the task's year — else
 * the task would at once be "552 dagar försenad" and its escalations would say so. Pure: today comes from the
 * caller (the web app's and the CLI's Stockholm date).
 */
import { compareDates, yearOf, type IsoDate } from './datum';
import { helgdagNamn } from './helgdagar';
import { helgafton, isClosedDay } from './sondagsregeln';
import { veckodag } from './svenskTid';
import type { Fel } from './validering';

/**
 * Why `ny` cannot be a task's new due date on `idag` (empty when it can). The task's year is the year of the
 * due date it was planned with (`UppgiftSpec.forfaller`).
 */
export function nyForfallodagFel(ny: IsoDate, idag: IsoDate, planerad: IsoDate): Fel[] {
  const fel: Fel[] = [];
  const ar = yearOf(planerad);
  if (yearOf(ny) < ar) {
    fel.push({
      field: 'forfaller',
      rule: 'forfallodag_inom_aret',
      message: `${ny} ligger före uppgiftens år ${ar}`,
    });
  }
  if (compareDates(ny, idag) < 0) {
    fel.push({
      field: 'forfaller',
      rule: 'forfallodag_ej_passerad',
      message: `${ny} har redan varit; den nya förfallodagen får inte vara före i dag (${idag})`,
    });
  }
  if (isClosedDay(ny)) {
    const vad = helgdagNamn(ny) ?? helgafton(ny) ?? `en ${veckodag(ny)}`;
    fel.push({
      field: 'forfaller',
      rule: 'forfallodag_oppen_dag',
      message: `${ny} är ${vad}; förfallodagen ska vara en dag då kansliet har öppet (en vardag som inte är helgdag eller helgafton)`,
    });
  }
  return fel;
}
