/**
 * Escalation that ends (issue 16): an overdue task is escalated every week until its horizon after the due date;
 * then the kanslichef is told, once, that escalation has stopped and the task is still open, and nothing more is
 * sent. The task goes on and can be done. On the time-skipping server with a real SMTP server on loopback.
 */
import type { IsoDate } from '../../src/domain/datum';
import { slutforUpdate, uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { recordHistory } from '../helpers/histories';
import { lundUtkastUppgift } from '../helpers/lund';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeAll(async () => {
  ts = await timeSkippingEnv('2023-09-20T10:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterAll(async () => {
  await ts?.teardown();
  await deps?.close();
});

const eskaleringar = () => deps.smtp.messages().filter((m) => m.subject?.startsWith('Försenad uppgift'));
const upphort = () => deps.smtp.messages().filter((m) => m.subject?.startsWith('Eskaleringen har upphört'));

it('stops escalating at the horizon with one last notice to the kanslichef, and the task stays open', async () => {
  const lund = deps.kommuner.get('lund')!;
  // Due 15 September, escalated weekly for two weeks after it: on the 16th (caught up at the start), the 23rd —
  // and the 30th would be past the horizon (the 29th), so the last notice goes out then instead.
  const spec = {
    ...lundUtkastUppgift(lund, 'horisont', '2023-09-15' as IsoDate),
    eskaleringHorisontDagar: 14,
  };

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    await ts.advanceTo('2023-09-30T09:00:00+02:00');
    const sista = await until('the last notice', () => (upphort().length >= 1 ? upphort() : undefined));
    // Five weeks more: nothing else goes out.
    await ts.advanceTo('2023-11-06T09:00:00+01:00');

    // Two escalations, each one message to the kanslichef and the assignee's chef; then the last notice, to the
    // kanslichef.
    expect(eskaleringar()).toHaveLength(2);
    for (const mail of eskaleringar()) expect(mail.envelope.rcptTo).toHaveLength(2);
    expect(sista).toHaveLength(1);
    expect(sista[0]!.envelope.rcptTo).toEqual(['kanslichef@lund.example.org']);
    expect(sista[0]!.subject).toBe(`Eskaleringen har upphört: ${spec.titel} är fortfarande inte klar`);
    expect(sista[0]!.text).toContain('är nu 15 dagar försenad');
    expect(sista[0]!.text).toContain('har skickat 2 eskaleringar om den och skickar inga fler');
    expect(sista[0]!.text).toContain('Uppgiften är fortfarande öppen');

    // Still open, its history saying what went out; it can be done, and ends as done.
    const state = await handle.query(uppgiftQuery);
    expect(state.status).toBe('OPPEN');
    expect(state.skickat.filter((k) => k.startsWith('eskalering:'))).toEqual([
      'eskalering:2023-09-15:1',
      'eskalering:2023-09-15:2',
      'eskalering:2023-09-15:upphor',
    ]);
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    expect(await handle.result()).toMatchObject({ status: 'KLAR' });
    expect(upphort()).toHaveLength(1);
    expect(eskaleringar()).toHaveLength(2);
    await recordHistory('uppgift-eskalering-upphor-vid-horisonten', handle);
  }, deps.activities);
});
