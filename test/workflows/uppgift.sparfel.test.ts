/**
 * A write the register refuses (issue 15): the task's change is undone and named on the task, the kanslichef
 * and the admin are told once, and the task goes on — no endless retry, no silently stuck task. The refusal is
 * the register's own (PGlite refusing a NUL, SQLSTATE class 22), forced past the edges' validation by a test
 * wrapper that writes the completion with a NUL in its comment.
 */
import { sparaOchMeddela } from '../../src/activities';
import { medRegisterfel } from '../../src/activities/registerfel';
import type { IsoDate } from '../../src/domain/datum';
import type { UppgiftState } from '../../src/domain/uppgift';
import { slutforUpdate, uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { recordHistory } from '../helpers/histories';
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

/** The comment that the wrapper turns into one the register refuses. */
const VAGRAS = 'registret vägrar den här';

/** The real activities, but a completion with VAGRAS is written with a NUL in its comment. */
function vagrandeRegister() {
  const sparaUppgift = (state: UppgiftState) =>
    deps.register.sparaUppgift({
      ...state,
      historik: state.historik.map((h) => (h.kommentar === VAGRAS ? { ...h, kommentar: 'a\u0000b' } : h)),
    });
  return {
    ...deps.activities,
    // The store with its news (the task workflow's since v2) writes through the same refusing register.
    ...medRegisterfel({
      sparaUppgift,
      sparaUppgiftOchMeddela: sparaOchMeddela(sparaUppgift, deps.activities.meddelaNu),
    }),
  };
}

it('undoes a completion the register refuses, says so on the task, tells the kansli once, and goes on', async () => {
  const lund = deps.kommuner.get('lund')!;
  const spec = lundUtkastUppgift(lund, 'sparfel', '2023-09-25' as IsoDate);
  const sparfelmail = () => deps.smtp.messages().filter((m) => m.subject?.startsWith('Kunde inte sparas'));

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(uppgift, {
      args: [spec],
      taskQueue,
      workflowId: `uppgift/${spec.id}`,
    });
    await handle.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks', kommentar: VAGRAS }] });

    // Undone: open again, the warning on the task, nothing of it in the register.
    const angrad = await until('the refused completion undone', async () => {
      const state = await handle.query(uppgiftQuery);
      return state.sparfel ? state : undefined;
    });
    expect(angrad.status).toBe('OPPEN');
    expect(angrad.historik.map((h) => h.typ)).toEqual(['SKAPAD']);
    expect(angrad.sparfel).toMatchObject({
      angrat: ['SLUTFORD'],
      fel: expect.stringContaining('SQLSTATE 22'),
    });
    expect((await deps.register.hamtaUppgift(spec.id))?.status).toBe('OPPEN');

    // The kanslichef and the admin are told, once, in one message to both.
    const mail = await until('the notice', () => (sparfelmail().length === 1 ? sparfelmail() : undefined));
    expect([...mail[0]!.envelope.rcptTo].sort()).toEqual([
      'admin@lund.example.org',
      'kanslichef@lund.example.org',
    ]);
    expect(mail[0]!.subject).toBe(`Kunde inte sparas: ${spec.titel}`);
    expect(mail[0]!.text).toContain('”slutförandet”');

    // Done again, with a comment the register takes: stored, the warning gone, the task ends.
    const klar = await handle.executeUpdate(slutforUpdate, {
      args: [{ aktor: 'handlaggare-ks', kommentar: 'Nu med vanlig text.' }],
    });
    expect(klar.sparfel).toBeUndefined();
    expect(await handle.result()).toMatchObject({ status: 'KLAR', kommentar: 'Nu med vanlig text.' });
    expect((await deps.register.hamtaUppgift(spec.id))?.status).toBe('KLAR');
    expect(sparfelmail()).toHaveLength(1);
    await recordHistory('uppgift-sparfel', handle);
  }, vagrandeRegister());
});
