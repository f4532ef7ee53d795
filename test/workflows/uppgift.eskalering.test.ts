/**
 * Escalations that people and outages cannot derail (issue 15): an overdue task's escalation reaches today's
 * kanslichef and the assignee's chef from the config, even when the task's spec names people who have left; and
 * an escalation held up by an SMTP outage is dropped once the task is done meanwhile — nobody hears "overdue"
 * about a task already done. An escalation is queued by a local activity in the workflow task its timer woke, and
 * stored by one (issue 16); the outbox sends it beside the task (src/activities/utkorg.ts) and retries what the
 * server does not take. On the time-skipping server with a real SMTP server on loopback.
 */
import type { IsoDate } from '../../src/domain/datum';
import { slutforUpdate, uppgift } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { aktivitet, lokalAktivitet, recordHistory } from '../helpers/histories';
import { lundUtkastUppgift } from '../helpers/lund';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeEach(async () => {
  ts = await timeSkippingEnv('2023-09-20T10:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

const eskaleringar = () => deps.smtp.messages().filter((m) => m.subject?.startsWith('Försenad uppgift'));

it('escalates to the kanslichef and chef the config has now, not those frozen in the task when it began', async () => {
  const lund = deps.kommuner.get('lund')!;
  // Due five days ago; since the task began, its kanslichef and the assignee's chef have left.
  const spec = {
    ...lundUtkastUppgift(lund, 'avgangna', '2023-09-15' as IsoDate),
    kanslichefer: ['avgangen-kanslichef'],
    chefer: { 'handlaggare-ks': 'avgangen-chef' },
  };

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    // One message to both: today's kanslichef and the assignee's chef from today's config.
    const mail = await until('the escalation', () =>
      eskaleringar().length >= 1 ? eskaleringar() : undefined,
    );
    expect([...mail[0]!.envelope.rcptTo].sort()).toEqual([
      'ekonomidirektor@lund.example.org',
      'kanslichef@lund.example.org',
    ]);
    // The task goes on: it can be done, and ends as done.
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    expect(await handle.result()).toMatchObject({ status: 'KLAR' });
    // Queued by a local activity in the workflow task its timer woke (patch uppgift-utskick-forst-nu), sent by the
    // outbox: no mail activity for the server to dispatch.
    const events = (await handle.fetchHistory()).events ?? [];
    const lokala = events.filter((e) => lokalAktivitet(e) === 'meddelaNu');
    const aktiviteter = events.filter((e) => aktivitet(e) === 'skickaUppgiftsmeddelande');
    expect(lokala.length).toBeGreaterThanOrEqual(1);
    expect(aktiviteter).toEqual([]);
    // And the escalation, once out, is stored in that same workflow task, by the local activity that stored the
    // task's first state (V4): the one store by an ordinary activity is the command's, after its answer.
    expect(events.filter((e) => lokalAktivitet(e) === 'sparaUppgiftOchMeddela')).toHaveLength(2);
    expect(events.filter((e) => aktivitet(e) === 'sparaUppgiftOchMeddela')).toHaveLength(1);
    await recordHistory('uppgift-eskalering-efter-roll', handle);
  }, deps.activities);
});

it('drops an escalation held up by an SMTP outage once the task is done meanwhile', async () => {
  const lund = deps.kommuner.get('lund')!;
  const spec = lundUtkastUppgift(lund, 'eskalering-avbruten', '2023-09-15' as IsoDate);
  // The relay refuses the escalation's recipients for now (451): the escalation, one message to both, is retried,
  // not sent. (Were only one deferred, the other would get it at once, the task still open then.)
  const mottagare = ['kanslichef@lund.example.org', 'ekonomidirektor@lund.example.org'];
  for (const address of mottagare) deps.smtp.refuseRecipient(address, 451);

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    // Tried and refused: reserved in the mail log, not sent.
    await until('the escalation refused', async () =>
      (await deps.register.mailLogg({ uppgiftId: spec.id })).some(
        (m) => m.nyckel.includes(':eskalering:') && m.status === 'RESERVERAD',
      )
        ? true
        : undefined,
    );

    // Done during the outage: stored and ended at once, without waiting for the mail server.
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    expect(await handle.result()).toMatchObject({ status: 'KLAR' });
    expect((await deps.register.hamtaUppgift(spec.id))?.status).toBe('KLAR');

    // The relay takes mail again. The escalation waits in the outbox, not in the task: its next try asks the
    // register, finds the task no longer open, and drops it unsent.
    for (const address of mottagare) deps.smtp.refuseRecipient(address, false);
    await until('the escalation out of the outbox', async () =>
      (await deps.register.utkorgen()).some((r) => r.nyckel.includes(':eskalering:')) ? undefined : true,
    );
    // The task scheduled no mail activity: its mail went through the outbox, not beside its loop.
    const historik = (await handle.fetchHistory()).events ?? [];
    expect(historik.filter((e) => aktivitet(e) === 'skickaUppgiftsmeddelande')).toEqual([]);
    expect(historik.filter((e) => lokalAktivitet(e) === 'meddelaNu').length).toBeGreaterThanOrEqual(1);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(eskaleringar()).toEqual([]);
    expect(
      (await deps.register.mailLogg({ uppgiftId: spec.id }))
        .filter((m) => m.nyckel.includes(':eskalering:'))
        .map((m) => m.status),
    ).not.toContain('SKICKAD');
    await recordHistory('uppgift-eskalering-avbruten-nar-klar', handle);
  }, deps.activities);
});
