/**
 * A due date moved by the kanslichef (issue 15): into the past, to a day the kansli is closed or before the task's
 * year is refused with 400 naming the field and the rule, and the task keeps its date; an open day is accepted.
 */
import { addDays, dateInStockholm, weekday, yearOf } from '../../src/domain/datum';
import { openDayOnOrAfter } from '../../src/domain/arbetsdagar';
import { uppgift } from '../../src/workflows/uppgift';
import { api, uppgiftSokvag } from '../helpers/api';
import { uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { lundUtkastUppgift } from '../helpers/lund';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'forfallodag' });
});

afterAll(async () => {
  await webb?.close();
});

it('refuses a new due date in the past, on a closed day or before the year with 400 naming the rule', async () => {
  const kanslichef = api(webb, (await webb.signIn('kanslichef@lund.example.org')).cookie);
  const taskQueue = uniqueTaskQueue('forfallodag');
  const idag = dateInStockholm(Date.now());
  const planerad = openDayOnOrAfter(addDays(idag, 10));
  const spec = lundUtkastUppgift(webb.deps.kommuner.get('lund')!, taskQueue, planerad);
  let lordag = addDays(idag, 1);
  while (weekday(lordag) !== 6) lordag = addDays(lordag, 1);
  await withDevWorker(
    taskQueue,
    async () => {
      await webb.client.workflow.start(uppgift, {
        args: [spec],
        taskQueue,
        workflowId: `uppgift/${spec.id}`,
      });
      await until('the task in the register', () => webb.deps.register.hamtaUppgift(spec.id));
      const flytta = (forfaller: string) =>
        kanslichef('POST', uppgiftSokvag(spec.id, 'andraForfallodag'), { forfaller });
      for (const [forfaller, regel] of [
        [addDays(idag, -1), 'forfallodag_ej_passerad'],
        [lordag, 'forfallodag_oppen_dag'],
        [`${yearOf(planerad) - 1}-06-01`, 'forfallodag_inom_aret'],
      ] as const) {
        const svar = await flytta(forfaller);
        expect([forfaller, svar.status, (svar.json as { issues: unknown[] }).issues]).toEqual([
          forfaller,
          400,
          expect.arrayContaining([expect.objectContaining({ field: 'forfaller', rule: regel })]),
        ]);
      }
      const ny = openDayOnOrAfter(addDays(planerad, 7));
      const svar = await flytta(ny);
      expect([svar.status, (svar.json as { forfaller: string }).forfaller]).toEqual([200, ny]);
    },
    webb.deps.activities,
  );
});
