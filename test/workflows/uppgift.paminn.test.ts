/**
 * The kanslichef's reminder on demand (`paminn`) on the time-skipping server: only a kanslichef may send it and
 * only while the task is open; each one is recorded at once in the task's history with who sent it, and mailed
 * by the task's loop right after (the mail at a real SMTP server) — a new mail each time, and also when the mail
 * server is down for a while, without the kanslichef's click waiting for it.
 */
import { validationFelOf } from '../../src/temporal/client';
import {
  delegeraUpdate,
  paminnUpdate,
  slutforUpdate,
  uppgift,
  uppgiftQuery,
} from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { aktivitet, recordHistory } from '../helpers/histories';
import { lundUtkastUppgift } from '../helpers/lund';
import { until } from '../helpers/until';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import type { IsoDate } from '../../src/domain/datum';

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

/** The reminders that reached the handläggare. */
const paminnelser = () =>
  deps.smtp
    .messages()
    .filter((m) => m.envelope.rcptTo.includes('handlaggare.ks@lund.example.org'))
    .filter((m) => m.subject?.startsWith('Påminnelse'));

it('reminds the assignee now, as the kanslichef only, with a new mail each time', async () => {
  const lund = deps.kommuner.get('lund')!;
  // Due five days ago: the task is late.
  const spec = lundUtkastUppgift(lund, 'paminn', '2023-09-15' as IsoDate);

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });

    // A handläggare may not remind; the validator says why, and nothing is recorded.
    const refused = await handle
      .executeUpdate(paminnUpdate, { args: [{ aktor: 'handlaggare-ks' }] })
      .catch((error: unknown) => error);
    expect(validationFelOf(refused)).toEqual([
      expect.objectContaining({ field: 'aktor', rule: 'endast_kanslichef' }),
    ]);

    const state = await handle.executeUpdate(paminnUpdate, {
      args: [{ aktor: 'kanslichef', kommentar: 'Hör av dig om du behöver mer tid.' }],
    });
    expect(state.historik.at(-1)).toMatchObject({
      typ: 'PAMINNELSE',
      aktor: 'kanslichef',
      mottagare: ['handlaggare-ks'],
      kommentar: 'Hör av dig om du behöver mer tid.',
    });
    const first = await until('the first reminder', () =>
      paminnelser().length === 1 ? paminnelser() : undefined,
    );
    expect(first[0]!.subject).toBe(
      'Påminnelse: Skriv rapporten: Delårsrapport per den 31 augusti för kommunstyrelsen är 5 dagar försenad',
    );
    expect(first[0]!.text).toContain('Kanslichefen (exempel) påminner dig');
    expect(first[0]!.text).toContain('Hör av dig om du behöver mer tid.');

    // A second reminder is a second mail.
    await handle.executeUpdate(paminnUpdate, { args: [{ aktor: 'kanslichef' }] });
    await until('the second reminder', () => (paminnelser().length === 2 ? true : undefined));
    const reminders = (await handle.query(uppgiftQuery)).historik.filter(
      (h) => h.typ === 'PAMINNELSE' && h.aktor === 'kanslichef',
    );
    expect(reminders).toHaveLength(2);

    // The register has them too, with who sent them.
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    await handle.result();
    await recordHistory('uppgift-paminn', handle);
    const recorded = await deps.register.uppgiftshistorik(spec.id);
    expect(recorded.filter((h) => h.typ === 'PAMINNELSE' && h.aktor === 'kanslichef')).toHaveLength(2);
  }, deps.activities);
});

it('records a reminder while the mail server refuses mail, and mails it once the server takes mail again', async () => {
  const lund = deps.kommuner.get('lund')!;
  // Due in five days: not late yet.
  const spec = lundUtkastUppgift(lund, 'paminn-smtp', '2023-09-25' as IsoDate);

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    await until('the new task mail', () =>
      deps.smtp.messages().some((m) => m.envelope.rcptTo.includes('handlaggare.ks@lund.example.org'))
        ? true
        : undefined,
    );

    // The relay answers 451 to everything: the Update still returns, with the reminder recorded.
    const refusedBefore = deps.smtp.refusals();
    deps.smtp.refuse(true);
    const state = await handle.executeUpdate(paminnUpdate, {
      args: [{ aktor: 'kanslichef', kommentar: 'Glöm inte bilagan.' }],
    });
    expect(state.historik.at(-1)).toMatchObject({ typ: 'PAMINNELSE', aktor: 'kanslichef' });
    expect(paminnelser()).toHaveLength(0);

    // The loop tried to mail it and was refused; then the relay is back, and the retry delivers it, once,
    // naming who sent it even though it is not late.
    await until('the relay to refuse the reminder', () =>
      deps.smtp.refusals() > refusedBefore ? true : undefined,
    );
    expect(paminnelser()).toHaveLength(0);
    deps.smtp.refuse(false);
    const [mail] = await until(
      'the reminder after the outage',
      () => (paminnelser().length > 0 ? paminnelser() : undefined),
      90_000,
    );
    expect(mail!.subject).toBe(
      'Påminnelse: Skriv rapporten: Delårsrapport per den 31 augusti för kommunstyrelsen förfaller om 5 dagar',
    );
    expect(mail!.text).toContain('Kanslichefen (exempel) påminner dig: uppgiften');
    expect(mail!.text).toContain('Glöm inte bilagan.');

    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    await handle.result();
    expect(paminnelser()).toHaveLength(1);
  }, deps.activities);
});

it('mails a command accepted while the new task was still being announced', async () => {
  const lund = deps.kommuner.get('lund')!;
  const spec = lundUtkastUppgift(lund, 'tidigt-kommando', '2023-09-25' as IsoDate);

  await ts.withWorker(async (taskQueue) => {
    // The relay holds its answer to the new task's mail: the workflow is inside its first announcement.
    const held = deps.smtp.holdNext();
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    expect((await held).subject).toMatch(/^Ny uppgift/);
    await handle.executeUpdate(delegeraUpdate, { args: [{ aktor: 'handlaggare-ks', till: 'registrator' }] });
    deps.smtp.release();

    const delegerad = await until('the delegate’s mail', () =>
      deps.smtp.messages().find((m) => m.envelope.rcptTo.includes('registrator@lund.example.org')),
    );
    expect(delegerad.subject).toMatch(/^Delegerad till dig: /);
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    await handle.result();
    // The held mail never held the task: its local activity queued it and answered (the outbox sent it beside the
    // workflow task), so nothing was left to a mail activity — before the outbox, a send the relay held past 3 s was.
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => aktivitet(e) === 'skickaUppgiftsmeddelande')).toEqual([]);
  }, deps.activities);
});
