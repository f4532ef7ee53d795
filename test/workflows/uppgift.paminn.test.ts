/**
 * The kanslichef's reminder on demand (`paminn`) on the time-skipping server: only a kanslichef may send it and
 * only while the task is open; each one is a new mail to the assignee at once (the mail at a real SMTP server),
 * recorded in the task's history with who sent it; the planned reminders go on as before.
 */
import { validationFelOf } from '../../src/temporal/client';
import { paminnUpdate, slutforUpdate, uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { lundUtkastUppgift } from '../helpers/lund';
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
    const first = paminnelser();
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe(
      'Påminnelse: Skriv rapporten: Delårsrapport per den 31 augusti för kommunstyrelsen är 5 dagar försenad',
    );
    expect(first[0]!.text).toContain('Kanslichefen (exempel) påminner dig');
    expect(first[0]!.text).toContain('Hör av dig om du behöver mer tid.');

    // A second reminder is a second mail.
    await handle.executeUpdate(paminnUpdate, { args: [{ aktor: 'kanslichef' }] });
    expect(paminnelser()).toHaveLength(2);
    const reminders = (await handle.query(uppgiftQuery)).historik.filter(
      (h) => h.typ === 'PAMINNELSE' && h.aktor === 'kanslichef',
    );
    expect(reminders).toHaveLength(2);

    // The register has them too, with who sent them.
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    await handle.result();
    const recorded = await deps.register.uppgiftshistorik(spec.id);
    expect(recorded.filter((h) => h.typ === 'PAMINNELSE' && h.aktor === 'kanslichef')).toHaveLength(2);
  }, deps.activities);
});
